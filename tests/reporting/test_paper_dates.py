"""A draft report (periodic or the treasury's) has no number and no day yet: downloaded on
any day it is the same paper, its day left blank for whoever signs it; an issued report is
dated the day it was issued (its archived file, see test_pages)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from giaingan.documents.official import UNDATED_LINE
from tests.documents.helpers import clock_at, lines, open_docx
from tests.reporting.test_pages import DRAFT, TREASURY, texts

pytestmark = pytest.mark.django_db
DAYS = (dt.date(2024, 10, 3), dt.date(2025, 1, 20))


def date_line_of(text: list[str]) -> str:
    return next(line for line in text if "tháng" in line and line.rstrip().endswith("năm"))


def test_a_periodic_draft_is_the_same_paper_on_any_day(monkeypatch, ledger, client_for):
    client = client_for("tckh")
    papers = []
    for day in DAYS:
        clock_at(monkeypatch, day)
        response = client.post(DRAFT, {**texts(), "action": "docx"})
        papers.append(lines(open_docx(response.content)))
    assert papers[0] == papers[1]
    assert date_line_of(papers[0]).endswith(UNDATED_LINE)


def test_a_treasury_draft_is_the_same_paper_on_any_day(monkeypatch, ledger, client_for):
    client = client_for("khobac")
    papers = []
    for day in DAYS:
        clock_at(monkeypatch, day)
        papers.append(lines(open_docx(client.get(TREASURY + "&fmt=docx").content)))
    assert papers[0] == papers[1]
    assert date_line_of(papers[0]).endswith(UNDATED_LINE)


def test_the_report_commands_drafts_leave_the_day_blank(monkeypatch, ledger, tmp_path):
    papers = []
    for number, day in enumerate(DAYS):
        clock_at(monkeypatch, day)
        out = tmp_path / str(number)
        out.mkdir()
        call_command(
            "report",
            "disbursement",
            "--year=2024",
            "--as-of=2024-09-30",
            "--format=docx",
            f"--output={out / 'bao-cao.docx'}",
            stdout=io.StringIO(),
        )
        papers.append(lines(open_docx((out / "bao-cao.docx").read_bytes())))
    assert papers[0] == papers[1]
    assert date_line_of(papers[0]).endswith(UNDATED_LINE)
