"""What the management commands read from their arguments (`lib.commands`): one refusal for
a missing file, an unknown user or a wrong date, whichever command it is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from giaingan.lib.commands import date_option, input_file, user_named


def test_a_file_that_is_not_there_is_refused(tmp_path):
    there = tmp_path / "ke-hoach.xlsx"
    there.write_bytes(b"x")
    assert input_file(str(there)) == there
    with pytest.raises(CommandError, match="Không tìm thấy tệp") as refused:
        input_file(str(tmp_path / "khong-co.xlsx"))
    assert refused.value.returncode == 2
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        input_file(str(tmp_path))  # a folder is not a file


@pytest.mark.django_db
def test_the_user_is_found_by_name_or_refused():
    user = get_user_model().objects.create_user("tckh")
    assert user_named("tckh") == user
    assert user_named(None) is None
    assert user_named("") is None
    with pytest.raises(CommandError, match="Không có người dùng ai-do") as refused:
        user_named("ai-do")
    assert refused.value.returncode == 2


def test_a_date_option_names_itself_when_wrong():
    assert date_option("30/09/2024", "--as-of") == dt.date(2024, 9, 30)
    assert date_option("2024-09-30", "--today") == dt.date(2024, 9, 30)
    with pytest.raises(CommandError, match="^--today: ") as refused:
        date_option("31/02/2024", "--today")
    assert refused.value.returncode == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "command",
    [
        ["import_plan", "khong-co.xlsx"],
        ["import_treasury", "khong-co.xlsx"],
        ["movement", "load", "khong-co.yaml"],
    ],
)
def test_every_command_that_reads_a_file_refuses_a_missing_one_alike(command):
    with pytest.raises(CommandError, match="Không tìm thấy tệp khong-co"):
        call_command(*command)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "command",
    [
        ["report", "disbursement", "--year", "2024", "--as-of", "hôm qua"],
        ["obstacles", "--as-of", "hôm qua"],
        ["movement", "evaluate", "DTC-2024", "--as-of", "hôm qua"],
    ],
)
def test_every_command_with_an_as_of_date_refuses_a_wrong_one_alike(command):
    with pytest.raises(CommandError, match="^--as-of: "):
        call_command(*command)
