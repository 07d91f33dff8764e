"""The monitoring papers are dated by their act, never by the day they are downloaded: the
conclusion notice by its briefing, a report by its submission; a draft leaves its day blank."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from giaingan.documents.official import UNDATED_LINE, date_line
from giaingan.monitoring.reports import report_transition
from tests.documents.helpers import clock_at, lines, open_docx
from tests.monitoring.test_briefings import SEPTEMBER, assign, hold
from tests.monitoring.test_pages import open_report

pytestmark = pytest.mark.django_db


def dated(text: list[str]) -> str:
    return next(line for line in text if "ngày" in line and "tháng" in line and "năm" in line)


def test_the_notice_downloaded_on_two_days_is_the_same_paper(
    monkeypatch, client_for, people, district, projects
):
    briefing = hold(people, day=SEPTEMBER)
    assign(people, briefing, district["board"], due=dt.date(2024, 10, 15))
    client = client_for("tckh")
    papers = []
    for day in (dt.date(2024, 10, 2), dt.date(2025, 3, 17)):
        clock_at(monkeypatch, day)
        response = client.get(reverse("monitoring:briefing_notice", args=[briefing.pk]))
        papers.append(lines(open_docx(response.content)))
    assert papers[0] == papers[1]
    assert dated(papers[0]).endswith(date_line(SEPTEMBER))


def test_a_report_is_dated_by_its_submission_and_a_draft_leaves_the_day_blank(
    monkeypatch, client_for, people, district, projects
):
    client = client_for("xa.tandoan")
    clock_at(monkeypatch, dt.date(2024, 9, 20))
    report = open_report(client, district, "TD-1")
    url = reverse("monitoring:report_docx", args=[report.pk])
    assert dated(lines(open_docx(client.get(url).content))).endswith(UNDATED_LINE)
    clock_at(monkeypatch, dt.date(2024, 9, 24))
    report_transition(user=people["xa.tandoan"], report=report, to_status="submitted")
    papers = []
    for day in (dt.date(2024, 9, 26), dt.date(2024, 12, 1)):
        clock_at(monkeypatch, day)
        papers.append(lines(open_docx(client.get(url).content)))
    assert papers[0] == papers[1]
    assert dated(papers[0]).endswith(date_line(dt.date(2024, 9, 24)))
