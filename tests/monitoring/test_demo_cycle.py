"""The demo district's 2024 cycle: reports mostly on time, some late, one missing, one
returned; obstacles of several kinds with the capital they hold up; ad hoc requests some
units answered, one returned and answered again, one never answered."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from giaingan.audit.models import Event
from giaingan.demo.district import load_demo
from giaingan.monitoring.adhoc import answer_steps, request_status
from giaingan.monitoring.agenda import briefing_agenda, overdue_actions
from giaingan.monitoring.models import (
    ActionItem,
    ActionStatus,
    Briefing,
    Obstacle,
    PeriodicReport,
    ReportRequest,
)
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reconcile import unit_reconciliations
from giaingan.monitoring.selectors import obstacle_register, period_status
from giaingan.notifications.models import Notification

User = get_user_model()
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        counts = (
            PeriodicReport.objects.count(),
            Obstacle.objects.count(),
            ReportRequest.objects.count(),
        )
        load_demo()
        yield counts
        transaction.set_rollback(True)


def statuses(code: str) -> dict[str, str]:
    return {unit.code: unit.status for unit in period_status(period_parse(code)).units}


def test_most_units_report_on_time_some_late_one_missing(demo, db):
    september = statuses("2024-09")
    assert len(september) >= 20
    assert september["XA-TRANNINH"] == "missing"
    assert september["XA-LIENHOI"] == "late"
    assert list(september.values()).count("submitted") == len(september) - 2


def test_a_returned_report_sent_again_and_one_still_waiting(demo, db):
    assert statuses("2024-09")["XA-TANDOAN"] == "submitted"
    assert statuses("2024-10")["XA-HOABINH"] == "returned"


def test_each_replayed_report_step_is_logged_at_the_storys_time(demo, db):
    """The audit log and each report's history show when the step was taken in the story:
    the last sending at the report's `submitted_at`, the last review at its `reviewed_at`."""
    reports = PeriodicReport.objects.exclude(submitted_at=None)
    assert reports.count() > 20
    for report in reports:
        steps = Event.objects.filter(object_type="monitoring.periodicreport", object_id=report.pk)
        sent = steps.filter(action="monitoring.report.submitted").order_by("-at").first()
        assert sent.at == report.submitted_at
        if report.reviewed_at is not None:
            reviewed = steps.filter(
                action__in=["monitoring.report.returned", "monitoring.report.accepted"]
            ).order_by("-at")
            assert reviewed.first().at == report.reviewed_at
    replayed = Notification.objects.filter(subject__contains="đã gửi báo cáo")
    story_ended = dt.datetime(2025, 3, 1, tzinfo=HANOI)
    assert replayed.exists() and all(note.created_at < story_ended for note in replayed)


def test_obstacles_of_several_kinds_hold_capital_up(demo, db):
    register = obstacle_register(as_of=dt.date(2024, 10, 31))
    by_kind = {group.key: group for group in register.groups}
    assert by_kind["site_clearance"].open == 2 and by_kind["site_clearance"].plan_held > 0
    assert by_kind["design"].cleared == 1 and by_kind["design"].open == 0
    assert by_kind["contractor"].open == 1
    communes = obstacle_register(as_of=dt.date(2024, 10, 31), by="commune")
    assert {"XA-TANDOAN", "XA-HOABINH"} <= {group.key for group in communes.groups}


def test_loading_again_adds_nothing_and_leaves_inboxes_read(demo, db):
    assert demo == (
        PeriodicReport.objects.count(),
        Obstacle.objects.count(),
        ReportRequest.objects.count(),
    )
    assert not Notification.objects.filter(
        read_at__isnull=True, subject__contains="báo cáo tháng"
    ).exists()


def test_briefings_with_tasks_done_one_late_and_one_overdue(demo, db):
    september = Briefing.objects.get(held_on=dt.date(2024, 9, 30))
    assert Briefing.objects.count() == 2 and september.conclusion
    late = list(overdue_actions(day=dt.date(2024, 11, 1)))
    assert [action.responsible_unit.code for action in late] == ["VQ-BQLDA"]
    assert late[0].obstacle.kind == "contractor" and late[0].briefing == september
    done = ActionItem.objects.filter(status=ActionStatus.DONE)
    assert done.count() == 4
    assert done.filter(done_on__gt=F("due_date")).count() == 2  # two done after the deadline
    agenda = briefing_agenda(september)
    assert agenda.behind_count > 0 and agenda.slowest
    assert "XA-TRANNINH" in {unit.code for unit in agenda.missing}


def test_quarterly_reports_and_a_figure_ahead_of_the_treasury(demo, db):
    quarter = statuses("2024-Q3")
    assert len(quarter) >= 20 and set(quarter.values()) == {"submitted"}
    status = period_status(period_parse("2024-09"))
    differing = {
        unit_id: pair for unit_id, pair in unit_reconciliations(status).items() if pair.differs
    }
    assert [pair.difference for pair in differing.values()] == [85_000_000]
    assert [unit.code for unit in status.units if unit.unit_id in differing] == ["XA-KHANHKHE"]


def test_the_demo_has_ad_hoc_requests_answered_returned_and_missing(demo, db):
    assert ReportRequest.objects.count() == demo[2] == 2  # loading again added none
    site, spending = ReportRequest.objects.order_by("requested_on")
    assert "giải phóng mặt bằng" in site.subject and site.due_date == dt.date(2024, 9, 13)
    standing = {row.unit.code: row for row in request_status(site)}
    assert {code: row.status for code, row in standing.items()} == {
        "VQ-BQLDA": "submitted",
        "XA-HOABINH": "missing",
        "XA-TANDOAN": "submitted",
    }
    assert standing["VQ-BQLDA"].answer.status == "accepted"
    tandoan = standing["XA-TANDOAN"].answer
    assert [step.label for step in answer_steps(tandoan)] == [
        "Gửi báo cáo",
        "Trả lại báo cáo",
        "Gửi lại báo cáo",
        "Tiếp nhận báo cáo",
    ]
    assert tandoan.return_reason.startswith("Báo cáo chưa nêu số hộ")
    # Replayed at the dates they happened: first sent on 12/09, sent again on 15/09.
    assert timezone.localdate(tandoan.first_submitted_at) == dt.date(2024, 9, 12)
    assert timezone.localdate(tandoan.submitted_at) == dt.date(2024, 9, 15)
    # Its history (the event log) tells the story's dates, not the day the demo was loaded.
    assert [step.at for step in answer_steps(tandoan)] == [
        tandoan.first_submitted_at,
        dt.datetime.combine(dt.date(2024, 9, 13), dt.time(15), tzinfo=HANOI),  # returned
        tandoan.submitted_at,
        tandoan.reviewed_at,
    ]
    later = {row.unit.code: row.answer.status for row in request_status(spending)}
    assert later == {"VQ-BQLDA": "accepted", "XA-TANDOAN": "submitted"}


def test_the_request_pages_show_the_demo_requests(demo, db, client):
    client.force_login(User.objects.get(username="tckh"))
    listing = client.get("/bao-cao-dot-xuat/").content.decode()
    assert "Tình hình bồi thường, giải phóng mặt bằng tại xã Tân Đoàn và xã Hòa Bình" in listing
    assert "Khả năng giải ngân hết kế hoạch vốn năm 2024" in listing
    site = ReportRequest.objects.order_by("requested_on").first()
    page = client.get(f"/bao-cao-dot-xuat/{site.pk}/").content.decode()
    assert "UBND xã Hòa Bình" in page and "Chưa nộp" in page
    tandoan = site.answers.get(unit__code="XA-TANDOAN")
    answer = client.get(f"/bao-cao-dot-xuat/bao-cao/{tandoan.pk}/").content.decode()
    assert "Trả lại báo cáo" in answer and "Báo cáo chưa nêu số hộ" in answer
    # The commune sees the requests addressed to it, with its own answer.
    client.force_login(User.objects.get(username="xa.tandoan"))
    own = client.get("/bao-cao-dot-xuat/").content.decode()
    assert "giải phóng mặt bằng tại xã Tân Đoàn" in own
