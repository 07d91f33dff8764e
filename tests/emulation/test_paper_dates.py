"""The award papers are dated by their act, never by the day they are made: the Tờ trình and
the achievement reports by the proposal's submission; a draft leaves its day blank."""

from __future__ import annotations

import datetime as dt

from giaingan.documents.official import UNDATED_LINE, date_line
from giaingan.emulation import papers
from tests.documents.helpers import clock_at, lines, open_docx
from tests.emulation.conftest import D

DAYS = (dt.date(2025, 2, 10), dt.date(2025, 6, 2))


def test_the_submission_and_its_reports_are_dated_on_the_submission(monkeypatch, submitted):
    nomination = submitted.nominations.first()
    made = []
    for day in DAYS:
        clock_at(monkeypatch, day)
        made.append(
            (
                lines(open_docx(papers.submission_docx(submitted))),
                lines(open_docx(papers.achievement_report_docx(nomination))),
            )
        )
    assert made[0] == made[1]
    assert any(line.endswith(date_line(D(2025, 2, 3))) for line in made[0][0])
    assert any(line.endswith(date_line(D(2025, 2, 3))) for line in made[0][1])


def test_a_draft_proposals_papers_leave_the_day_blank(monkeypatch, drafted):
    clock_at(monkeypatch, DAYS[0])
    for data in (
        papers.submission_docx(drafted),
        papers.achievement_report_docx(drafted.nominations.first()),
    ):
        assert any(line.endswith(UNDATED_LINE) for line in lines(open_docx(data)))
        assert not any(date_line(DAYS[0]) in line for line in lines(open_docx(data)))
