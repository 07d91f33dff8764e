"""A report speaks for its due date, or for the day it is sent when that is earlier: a
report sent on 23/09 cannot answer for payments of 24-25/09, so its figures, its page, its
paper and the treasury's figure set beside the unit's are all as of 23/09."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from giaingan.figures.selectors import Figures
from giaingan.monitoring.paper import report_paper
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reconcile import report_reconciliations
from giaingan.monitoring.reports import (
    ReportInput,
    report_as_of,
    report_open,
    report_save,
    report_transition,
)
from tests.conftest import pay
from tests.documents.helpers import lines, open_docx

pytestmark = pytest.mark.django_db

DUE = dt.date(2024, 9, 25)


def disbursed(project, on: dt.date) -> int:
    return Figures(year=2024, as_of=on, scope=Q(id=project.pk)).totals()[1]


def draft(people, district, project):
    report = report_open(
        user=people["xa.tandoan"],
        unit=district["tandoan"],
        period=period_parse("2024-09"),
        project=project,
    )
    return report_save(
        user=people["xa.tandoan"], report=report, data=ReportInput(reported_disbursed=1)
    )


def sent_on(people, report, day: dt.date):
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    return report_transition(user=people["xa.tandoan"], report=report, to_status="submitted", at=at)


def test_a_report_sent_early_is_as_of_the_day_it_was_sent(people, district, projects, client_for):
    project = projects["TD-1"]
    pay(project, 7_000_000, on=dt.date(2024, 9, 24))  # after it was sent, before it was due
    report = sent_on(people, draft(people, district, project), dt.date(2024, 9, 23))
    assert (report.due_date, report.report_date) == (DUE, dt.date(2024, 9, 23))
    assert report_as_of(report) == dt.date(2024, 9, 23)
    assert report.disbursed == disbursed(project, dt.date(2024, 9, 23))
    assert disbursed(project, DUE) == report.disbursed + 7_000_000
    # The treasury's figure beside the unit's is the same day's: no false difference.
    assert report_reconciliations([report])[report.pk].treasury == report.disbursed
    # The paper and the page say so.
    text = "\n".join(lines(open_docx(report_paper(report))))
    assert "23/09/2024" in text
    assert "25/09/2024" not in text
    page = client_for("xa.tandoan").get(reverse("monitoring:report", args=[report.pk]))
    assert "Kho bạc đến ngày 23/09/2024" in page.content.decode()


def test_a_report_sent_late_is_as_of_its_due_date(people, district, projects):
    project = projects["TD-1"]
    pay(project, 7_000_000, on=dt.date(2024, 9, 27))  # after the due date: not in it
    report = sent_on(people, draft(people, district, project), dt.date(2024, 9, 30))
    assert report.report_date == DUE
    assert report.disbursed == disbursed(project, DUE)
    # The district's fixtures also pay TD-1 50 million on 28/09.
    assert disbursed(project, dt.date(2024, 9, 30)) == report.disbursed + 57_000_000


def test_a_report_returned_and_sent_again_is_as_of_the_second_sending(people, district, projects):
    project = projects["TD-1"]
    pay(project, 7_000_000, on=dt.date(2024, 9, 22))
    report = sent_on(people, draft(people, district, project), dt.date(2024, 9, 20))
    assert report.report_date == dt.date(2024, 9, 20)
    report = report_transition(
        user=people["tckh"], report=report, to_status="returned", reason="Bổ sung số liệu"
    )
    report = sent_on(people, report, dt.date(2024, 9, 24))
    assert report.report_date == dt.date(2024, 9, 24)
    assert report.disbursed == disbursed(project, dt.date(2024, 9, 24))


def test_a_draft_before_its_due_date_shows_today(people, district, projects, monkeypatch):
    report = draft(people, district, projects["TD-1"])
    monkeypatch.setattr(timezone, "localdate", lambda value=None: dt.date(2024, 9, 21))
    assert report_as_of(report) == dt.date(2024, 9, 21)
    monkeypatch.setattr(timezone, "localdate", lambda value=None: dt.date(2024, 10, 2))
    assert report_as_of(report) == DUE
