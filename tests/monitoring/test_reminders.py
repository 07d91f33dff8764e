"""`giaingan remind`: reports coming due, late reports, obstacles past due; no one twice a day."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from giaingan.monitoring.models import ObstacleKind, ObstacleStatus, ReportStatus
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record, obstacle_update
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reminders import reminders_send
from giaingan.monitoring.reports import report_open, report_transition
from giaingan.notifications.models import Notification

pytestmark = pytest.mark.django_db


def subjects(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("subject", flat=True))


def test_units_are_reminded_before_the_deadline(people, projects):
    outcome = reminders_send(today=dt.date(2024, 9, 23), days_ahead=3, late_window=0)
    assert outcome.due_soon == 2 * 2  # the monthly and the quarterly report, two units
    assert subjects(people["bqlda"]) == [
        "Sắp đến hạn nộp quý III/2024: 25/09/2024",
        "Sắp đến hạn nộp tháng 09/2024: 25/09/2024",
    ]
    assert subjects(people["tckh"]) == []  # nothing late yet
    assert reminders_send(today=dt.date(2024, 9, 21), days_ahead=3, late_window=0).due_soon == 0


def test_a_filed_report_stops_the_reminders(people, district, projects):
    report = report_open(
        user=people["bqlda"], unit=district["board"], period=period_parse("2024-09")
    )
    report_transition(user=people["bqlda"], report=report, to_status=ReportStatus.SUBMITTED)
    reminders_send(today=dt.date(2024, 9, 30), days_ahead=0, late_window=5)
    assert subjects(people["bqlda"]) == ["Quá hạn nộp quý III/2024 (hạn 25/09/2024)"]
    assert "Quá hạn nộp tháng 09/2024 (hạn 25/09/2024)" in subjects(people["xa.tandoan"])
    digest = Notification.objects.get(
        user=people["tckh"], subject__contains="chưa nộp tháng 09/2024"
    )
    assert digest.subject == "1 đơn vị chưa nộp tháng 09/2024 (hạn 25/09/2024)"
    assert digest.body == "UBND xã Tân Đoàn"


def test_obstacles_past_due_are_flagged_to_the_responsible_unit(people, district, projects):
    late = obstacle_record(
        user=people["tckh"],
        data=ObstacleInput(
            project=projects["BQ-1"],
            kind=ObstacleKind.SITE_CLEARANCE,
            description="3 hộ chưa nhận tiền.",
            responsible_unit=district["tandoan"],
            opened_on=dt.date(2024, 6, 1),
            due_date=dt.date(2024, 8, 31),
        ),
    )
    cleared = obstacle_record(
        user=people["tckh"],
        data=ObstacleInput(
            project=projects["BQ-2"],
            kind=ObstacleKind.DESIGN,
            description="Dự toán chưa thẩm định.",
            responsible_unit=district["board"],
            opened_on=dt.date(2024, 6, 1),
            due_date=dt.date(2024, 8, 31),
        ),
    )
    obstacle_update(
        user=people["tckh"],
        obstacle=cleared,
        status=ObstacleStatus.CLEARED,
        resolution="Đã thẩm định.",
        cleared_on=dt.date(2024, 8, 20),
    )
    outcome = reminders_send(today=dt.date(2024, 9, 10), days_ahead=0, late_window=0)
    assert outcome.obstacles == 1
    note = Notification.objects.get(user=people["xa.tandoan"], subject__startswith="Vướng mắc")
    assert (
        note.subject
        == "Vướng mắc quá hạn tháo gỡ: BQ-1 (giải phóng mặt bằng, bồi thường), hạn 31/08/2024"
    )
    assert note.url.endswith(f"/vuong-mac/{late.pk}/")
    assert not Notification.objects.filter(
        user=people["bqlda"], subject__startswith="Vướng mắc"
    ).exists()
    assert Notification.objects.filter(
        user=people["tckh"], subject="1 vướng mắc quá hạn tháo gỡ"
    ).exists()


def test_a_second_run_the_same_day_tells_no_one_again(people, projects, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    people["bqlda"].email = "bqlda@example.vn"
    people["bqlda"].save()
    first = reminders_send(today=dt.date(2024, 9, 30), days_ahead=0, late_window=5)
    again = reminders_send(today=dt.date(2024, 9, 30), days_ahead=0, late_window=5)
    assert first.notifications > 0 and again.notifications == 0
    assert first.late == again.late == 4


@pytest.mark.django_db(transaction=True)
def test_the_mail_goes_out_after_the_commit(people, projects, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    people["bqlda"].email = "bqlda@example.vn"
    people["bqlda"].save()
    reminders_send(today=dt.date(2024, 9, 23), days_ahead=3, late_window=0)
    assert sorted(
        message.subject for message in mail.outbox if message.to == ["bqlda@example.vn"]
    ) == [
        "Sắp đến hạn nộp quý III/2024: 25/09/2024",
        "Sắp đến hạn nộp tháng 09/2024: 25/09/2024",
    ]


def test_the_command_prints_what_it_did(people, projects):
    out = io.StringIO()
    call_command("remind", "--today", "23/09/2024", "--late-days", "0", stdout=out)
    assert out.getvalue().startswith("Đã nhắc 4 đơn vị sắp đến hạn nộp báo cáo")
    with pytest.raises(CommandError) as caught:
        call_command("remind", "--today", "31/02/2024")
    assert caught.value.returncode == 2
