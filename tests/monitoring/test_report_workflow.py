"""A unit's periodic report: opened, filled, submitted, returned with a reason, resubmitted,
accepted; figures from the ledger frozen at submission; each step logged and notified."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from giaingan.audit.models import Event
from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.models import PeriodicReport, ReportStatus
from giaingan.monitoring.paper import report_paper
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reports import (
    ReportInput,
    allowed_report_steps,
    report_figures,
    report_open,
    report_save,
    report_transition,
)
from giaingan.monitoring.selectors import period_status
from giaingan.notifications.models import Notification
from tests.conftest import make_project, pay, plan
from tests.documents.helpers import lines, open_docx

pytestmark = pytest.mark.django_db
SEPTEMBER = period_parse("2024-09")


def _filed(people, district, projects, *, project=None, login="xa.tandoan", unit="tandoan"):
    report = report_open(user=people[login], unit=district[unit], period=SEPTEMBER, project=project)
    report_save(
        user=people[login],
        report=report,
        data=ReportInput(
            work_done_value=180_000_000,
            accepted_unpaid_value=30_000_000,
            progress="Đã thi công xong nền đường.",
            obstacles_text="Còn 3 hộ chưa nhận tiền bồi thường.",
            proposals="Đề nghị UBND huyện chỉ đạo xã vận động.",
        ),
    )
    return report


def test_a_draft_shows_the_ledgers_figures_as_of_the_deadline(people, district, projects):
    report = _filed(people, district, projects, project=projects["TD-1"])
    figures = report_figures(report)
    # The 50 million paid on 28/09 comes after the 25/09 report date.
    assert (figures.plan, figures.disbursed) == (400_000_000, 100_000_000)
    assert figures.rate_percent == Decimal("25.00")


def test_the_units_report_covers_every_project_of_the_unit(people, district, projects):
    report = _filed(people, district, projects, unit="board", login="bqlda")
    figures = report_figures(report)
    assert (figures.plan, figures.disbursed) == (1_600_000_000, 250_000_000)


def test_a_commune_report_counts_the_projects_built_there(people, district, projects):
    report = _filed(people, district, projects)
    # TD-1 (its own) and BQ-1 (built in Tân Đoàn).
    assert report_figures(report).plan == 1_400_000_000


def test_submission_freezes_the_figures(people, district, projects):
    report = _filed(people, district, projects, project=projects["TD-1"])
    report_transition(user=people["xa.tandoan"], report=report, to_status=ReportStatus.SUBMITTED)
    pay(projects["TD-1"], 70_000_000, on=dt.date(2024, 9, 20))  # recorded later, dated before
    report.refresh_from_db()
    assert report.disbursed == 100_000_000
    assert report_figures(report).disbursed == 100_000_000


def test_the_whole_cycle_is_logged_and_notified(people, district, projects):
    report = _filed(people, district, projects, project=projects["TD-1"])
    report_transition(user=people["xa.tandoan"], report=report, to_status=ReportStatus.SUBMITTED)
    assert Notification.objects.filter(user=people["tckh"], subject__contains="đã gửi").exists()
    report_transition(
        user=people["tckh"],
        report=report,
        to_status=ReportStatus.RETURNED,
        reason="Thiếu giá trị nghiệm thu của gói thầu số 2.",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason == "Thiếu giá trị nghiệm thu của gói thầu số 2."
    returned = Notification.objects.get(user=people["xa.tandoan"], subject__contains="trả lại")
    assert "gói thầu số 2" in returned.body
    report_save(
        user=people["xa.tandoan"], report=report, data=ReportInput(accepted_unpaid_value=45_000_000)
    )
    report_transition(user=people["xa.tandoan"], report=report, to_status=ReportStatus.SUBMITTED)
    report_transition(user=people["tckh"], report=report, to_status=ReportStatus.ACCEPTED)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.reviewed_by == people["tckh"]
    actions = list(
        Event.objects.filter(object_type="monitoring.periodicreport", object_id=str(report.pk))
        .order_by("id")
        .values_list("action", "actor__username")
    )
    assert actions == [
        ("monitoring.report.opened", "xa.tandoan"),
        ("monitoring.report.saved", "xa.tandoan"),
        ("monitoring.report.submitted", "xa.tandoan"),
        ("monitoring.report.returned", "tckh"),
        ("monitoring.report.saved", "xa.tandoan"),
        ("monitoring.report.submitted", "xa.tandoan"),
        ("monitoring.report.accepted", "tckh"),
    ]


def test_a_return_needs_a_reason_and_changes_nothing_without_one(people, district, projects):
    report = _filed(people, district, projects)
    report_transition(user=people["xa.tandoan"], report=report, to_status=ReportStatus.SUBMITTED)
    with pytest.raises(InvalidInput) as caught:
        report_transition(
            user=people["tckh"], report=report, to_status=ReportStatus.RETURNED, reason="  "
        )
    assert "lý do" in str(caught.value)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_submitted_report_cannot_be_edited_or_submitted_again(people, district, projects):
    report = _filed(people, district, projects)
    report_transition(user=people["xa.tandoan"], report=report, to_status=ReportStatus.SUBMITTED)
    with pytest.raises(InvalidInput):
        report_save(user=people["xa.tandoan"], report=report, data=ReportInput(progress="sửa"))
    with pytest.raises(InvalidInput) as caught:
        report_transition(
            user=people["xa.tandoan"], report=report, to_status=ReportStatus.SUBMITTED
        )
    assert "Đã gửi" in str(caught.value)


def test_negative_amounts_are_refused_naming_the_field(people, district, projects):
    report = _filed(people, district, projects)
    with pytest.raises(InvalidInput) as caught:
        report_save(user=people["xa.tandoan"], report=report, data=ReportInput(work_done_value=-1))
    assert "giá trị khối lượng thực hiện" in str(caught.value)
    report.refresh_from_db()
    assert report.work_done_value == 180_000_000


def test_an_investor_reports_only_on_its_own_projects(people, district, projects):
    with pytest.raises(InvalidInput) as caught:
        report_open(
            user=people["bqlda"], unit=district["board"], period=SEPTEMBER, project=projects["TD-1"]
        )
    assert "TD-1 không thuộc" in str(caught.value)
    with pytest.raises(PermissionDenied):
        report_open(user=people["bqlda"], unit=district["tandoan"], period=SEPTEMBER)
    assert not PeriodicReport.objects.exists()


def test_only_finance_planning_reviews(people, district, projects):
    report = _filed(people, district, projects)
    report = report_transition(
        user=people["xa.tandoan"], report=report, to_status=ReportStatus.SUBMITTED
    )
    for login in ["xa.tandoan", "bqlda", "chutich", "khobac", "noivu", "hoidong1", "xem"]:
        assert allowed_report_steps(report, people[login]) == []
        with pytest.raises(PermissionDenied):
            report_transition(user=people[login], report=report, to_status=ReportStatus.ACCEPTED)
    assert allowed_report_steps(report, people["tckh"]) == [
        ReportStatus.RETURNED,
        ReportStatus.ACCEPTED,
    ]


def test_opening_twice_finds_the_same_report(people, district, projects):
    first = report_open(user=people["bqlda"], unit=district["board"], period=SEPTEMBER)
    again = report_open(user=people["bqlda"], unit=district["board"], period=SEPTEMBER)
    assert first.pk == again.pk
    assert first.due_date == dt.date(2024, 9, 25)


def _first_filed_on(report, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    PeriodicReport.objects.filter(pk=report.pk).update(
        first_submitted_at=moment, submitted_at=moment
    )


def test_the_board_tells_submitted_late_missing_and_returned(people, district, projects):
    on_time = _filed(people, district, projects, unit="board", login="bqlda")
    report_transition(user=people["bqlda"], report=on_time, to_status=ReportStatus.SUBMITTED)
    _first_filed_on(on_time, dt.date(2024, 9, 25))
    status = period_status(SEPTEMBER)
    assert [(unit.code, unit.status) for unit in status.units] == [
        ("BQLDA", "submitted"),
        ("XA-TD", "missing"),
    ]
    assert status.units[0].submitted_on == dt.date(2024, 9, 25)
    late = _filed(people, district, projects)
    report_transition(user=people["xa.tandoan"], report=late, to_status=ReportStatus.SUBMITTED)
    _first_filed_on(late, dt.date(2024, 9, 26))
    assert period_status(SEPTEMBER).as_dict()["units"][1] == {
        "code": "XA-TD",
        "name": "UBND xã Tân Đoàn",
        "status": "late",
        "submitted_on": "2024-09-26",
    }
    report_transition(
        user=people["tckh"], report=late, to_status=ReportStatus.RETURNED, reason="Sai số liệu."
    )
    assert period_status(SEPTEMBER).units[1].status == "returned"


def test_a_draft_alone_is_still_missing(people, district, projects):
    _filed(people, district, projects, unit="board", login="bqlda")
    assert period_status(SEPTEMBER).units[0].status == "missing"


def test_a_unit_without_a_plan_that_year_owes_nothing(people, district, projects):
    assert [unit.code for unit in period_status(period_parse("2025-09")).units] == []


def test_a_period_before_any_deadline_rule_is_refused_in_vietnamese():
    with pytest.raises(InvalidInput) as caught:
        period_status(period_parse("2023-09"))
    assert "Chưa có quy định «Hạn nộp báo cáo tháng" in str(caught.value)


def test_a_rate_just_below_100_reads_99_99_in_the_draft_the_sent_report_and_its_paper(
    people, district, projects
):
    # 399.996.000 of 400.000.000 is 99,999%: rounded it would read 100,00%.
    almost = make_project("TD-2", district["tandoan"], district["tandoan"])
    plan(almost, 400_000_000)
    pay(almost, 399_996_000, on=dt.date(2024, 9, 20))
    report = _filed(people, district, projects, project=almost)
    assert report_figures(report).rate_percent == Decimal("99.99")
    report_transition(user=people["xa.tandoan"], report=report, to_status=ReportStatus.SUBMITTED)
    report.refresh_from_db()
    assert report_figures(report).rate_percent == Decimal("99.99")
    paper = "\n".join(lines(open_docx(report_paper(report))))
    assert "99,99" in paper and "100,00" not in paper
