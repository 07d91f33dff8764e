"""`giaingan import_treasury` reads the kho_bac column like the web import (the same
importer): the default treasury, and a row+column error when it cannot tell."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from giaingan.capital.models import TreasuryLine
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project, plan
from tests.imports.helpers import csv_bytes

HEADER = ["so_chung_tu", "ngay", "ma_du_an", "nguon_von", "nam_ke_hoach", "loai", "so_tien"]


def import_treasury(path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_treasury", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def statement(tmp_path, district):
    plan(make_project("DA1", district["board"]), 1_000_000_000)
    path = tmp_path / "sao_ke.csv"
    path.write_bytes(
        csv_bytes([HEADER, ["KB-1", "01/06/2024", "DA1", "NSDP-HUYEN", "2024", "tam_ung", "5"]])
    )
    return path


def test_the_command_records_in_the_only_treasury(statement):
    code, out, _ = import_treasury(statement)
    assert code == 0 and "Đã tạo mới 1" in out
    assert list(TreasuryLine.objects.values_list("treasury__code", flat=True)) == ["KB"]


def test_with_two_treasuries_the_command_names_the_row_and_column(statement):
    Unit.objects.create(code="KB2", name="Kho bạc 2", kind=UnitKind.TREASURY)
    code, _, err = import_treasury(statement)
    assert code == 1
    assert "Dòng 2, cột kho_bac: cần cột kho_bac: có 2 kho bạc" in err
    assert "Traceback" not in err
    assert not TreasuryLine.objects.exists()
