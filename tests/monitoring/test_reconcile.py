"""A unit's reported disbursement beside the treasury's figure for the same date: on the
report, on the board and in the board's file; the difference in đồng."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reconcile import (
    Reconciliation,
    report_reconciliation,
    report_reconciliations,
    unit_reconciliations,
)
from giaingan.monitoring.reports import (
    ReportInput,
    report_figures,
    report_ledger,
    report_open,
    report_save,
    report_transition,
)
from giaingan.monitoring.selectors import period_status
from tests.conftest import pay
from tests.documents.helpers import lines, open_docx

pytestmark = pytest.mark.django_db


def filed(people, district, *, unit="tandoan", user="xa.tandoan", project=None, reported):
    report = report_open(
        user=people[user], unit=district[unit], period=period_parse("2024-09"), project=project
    )
    report = report_save(
        user=people[user], report=report, data=ReportInput(reported_disbursed=reported)
    )
    return report_transition(user=people[user], report=report, to_status="submitted")


def test_a_report_is_set_beside_the_treasury_as_of_its_date(people, district, projects):
    # TD-1: 100 million paid by 25/09 (the report date), 50 more on 28/09.
    report = filed(people, district, project=projects["TD-1"], reported=120_000_000)
    pair = report_reconciliations([report])[report.pk]
    assert (pair.reported, pair.treasury, pair.difference, pair.differs) == (
        120_000_000,
        100_000_000,
        20_000_000,
        True,
    )
    # A treasury line dated before the report date, entered later, closes the gap.
    pay(projects["TD-1"], 20_000_000, on=dt.date(2024, 9, 20))
    assert not report_reconciliations([report])[report.pk].differs


def test_a_unit_report_covers_the_units_own_projects(people, district, projects):
    # Tân Đoàn invests in TD-1 and BQ-1 is built on its land: 100 + 250 million by 25/09.
    report = filed(people, district, reported=350_000_000)
    assert report_reconciliations([report])[report.pk] == Reconciliation(350_000_000, 350_000_000)


def test_a_negative_figure_is_refused(people, district, projects):
    report = report_open(
        user=people["xa.tandoan"], unit=district["tandoan"], period=period_parse("2024-09")
    )
    with pytest.raises(InvalidInput) as refused:
        report_save(
            user=people["xa.tandoan"], report=report, data=ReportInput(reported_disbursed=-1)
        )
    assert "giá trị giải ngân theo số liệu đơn vị" in str(refused.value.problems[0])
    report.refresh_from_db()
    assert report.reported_disbursed is None


@given(reported=st.integers(min_value=0, max_value=10**13))
def test_the_difference_is_in_dong(reported):
    pair = Reconciliation(reported, 100_000_000)
    assert pair.difference == reported - 100_000_000
    assert pair.differs is (reported != 100_000_000)
    assert Reconciliation(None, 5).difference is None and not Reconciliation(None, 5).differs


def test_the_board_and_its_file_highlight_a_difference(client_for, people, district, projects):
    filed(people, district, project=projects["TD-1"], reported=120_000_000)
    filed(people, district, unit="board", user="bqlda", reported=250_000_000)
    status = period_status(period_parse("2024-09"))
    compared = unit_reconciliations(status)
    assert compared[district["tandoan"].pk].difference == 20_000_000
    assert not compared[district["board"].pk].differs
    client = client_for("tckh")
    page = client.get(reverse("monitoring:board") + "?period=2024-09").text
    assert '<span class="pill bad">20.000.000</span>' in page
    assert "1 đơn vị báo cáo số giải ngân khác số liệu Kho bạc" in page
    sheet = client.get(reverse("monitoring:board_export", args=["csv"]) + "?period=2024-09")
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    header = next(row for row in rows if row and row[0] == "Mã đơn vị")
    assert header[-1] == "Chênh lệch (đồng)"
    tandoan = next(row for row in rows if row and row[0] == "XA-TD")
    assert tandoan[-3:] == ["120000000", "100000000", "20000000"]


def test_the_report_page_and_paper_show_both_figures(client_for, people, district, projects):
    report = filed(people, district, project=projects["TD-1"], reported=120_000_000)
    page = client_for("tckh").get(reverse("monitoring:report", args=[report.pk])).text
    assert 'data-testid="reported">120.000.000<' in page
    assert 'data-testid="treasury">100.000.000<' in page
    assert '<span class="pill bad">20.000.000</span>' in page
    paper = client_for("xa.tandoan").get(reverse("monitoring:report_docx", args=[report.pk]))
    assert "5. Giá trị đã giải ngân theo sổ sách của đơn vị: 120.000.000 đồng." in lines(
        open_docx(paper.content)
    )


def test_the_report_page_reads_the_ledger_once_for_both_figures(people, district, projects):
    """The page's one `report_ledger` gives the report's figures and the treasury's beside
    the unit's: the same as each read on its own."""
    unit_report = filed(people, district, reported=300_000_000)
    pay(projects["BQ-1"], 7_000_000, on=dt.date(2024, 9, 12))  # mid-month: a line, not a month
    for report in (unit_report, filed(people, district, project=projects["TD-1"], reported=1)):
        report_transition(user=people["tckh"], report=report, to_status="returned", reason="Sửa.")
        report.refresh_from_db()
        ledger = report_ledger(report)
        assert (
            report_reconciliation(report, ledger=ledger)
            == (report_reconciliations([report])[report.pk])
        )
        assert report_figures(report, ledger=ledger) == report_figures(report)
    assert report_reconciliation(unit_report, ledger=report_ledger(unit_report)).treasury == (
        357_000_000
    )
