"""The annex tables (Biểu): totals are SUM formulas over exactly the rows above, rates are
formulas of their row; evaluated, they give the figures of `figures`. Numbers are numbers,
text is text (never a formula)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from giaingan.documents.annex import AnnexSheet, Rate, annex_xlsx
from giaingan.figures.selectors import disbursement_table
from giaingan.lib.cells import clean_text
from giaingan.lib.money import shown_rate
from giaingan.reporting.content import ReportRequest, periodic_content, treasury_content
from giaingan.reporting.papers import periodic_xlsx, treasury_xlsx
from giaingan.reporting.periods import ReportKind
from tests.reporting.formulas import SUM, evaluate

SEPT_30 = dt.date(2024, 9, 30)
GROUP_SHEETS = {
    "Biểu 02": "source",
    "Biểu 03": "investor",
    "Biểu 04": "agency",
    "Biểu 05": "commune",
}


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def total_row(sheet) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == "Tổng cộng":
            return row
    raise AssertionError("no total row")


@pytest.mark.django_db
def test_each_group_sheet_adds_up_to_the_figures(ledger):
    content = periodic_content(ReportRequest(ReportKind.QUARTERLY, SEPT_30))
    book = workbook(periodic_xlsx(content))
    assert book.sheetnames == [
        "Biểu 01",
        "Biểu 02",
        "Biểu 03",
        "Biểu 04",
        "Biểu 05",
        "Biểu 06",
        "Mục tiêu",
    ]
    before = {
        by: {
            row.code: row.disbursed
            for row in disbursement_table(year=2024, as_of=dt.date(2024, 6, 30), by=by).rows
        }
        for by in GROUP_SHEETS.values()
    }
    for name, by in GROUP_SHEETS.items():
        sheet = book[name]
        table = disbursement_table(year=2024, as_of=SEPT_30, by=by)
        total = total_row(sheet)
        first = 6
        assert total - first == len(table.rows)
        for column, expected in (
            ("D", table.total.plan),
            ("E", table.total.disbursed),
            ("F", table.total.disbursed - sum(before[by].values())),
            ("G", table.total.outstanding_advance),
        ):
            formula = sheet[f"{column}{total}"].value
            assert SUM.match(formula).groups() == (column, str(first), column, str(total - 1))
            assert evaluate(sheet, formula) == expected
        assert evaluate(sheet, sheet[f"H{total}"].value) == shown_rate(
            table.total.disbursed, table.total.plan
        )
        for offset, row in enumerate(table.rows):
            line = first + offset
            assert sheet[f"C{line}"].value == row.name
            assert sheet[f"D{line}"].value == row.plan and sheet[f"D{line}"].data_type == "n"
            assert evaluate(sheet, sheet[f"H{line}"].value) == (
                shown_rate(row.disbursed, row.plan) if row.plan > 0 else ""
            )


@pytest.mark.django_db
def test_the_summary_and_targets_sheets(ledger):
    book = workbook(periodic_xlsx(periodic_content(ReportRequest(ReportKind.QUARTERLY, SEPT_30))))
    summary = book["Biểu 01"]
    assert summary["B6"].value == 2_000_000_000 and summary["C6"].value == 653_333_333
    assert evaluate(summary, summary["F6"].value) == shown_rate(653_333_333, 2_000_000_000)
    assert evaluate(summary, summary["F7"].value) == shown_rate(400_000_000, 800_000_000)
    targets = book["Mục tiêu"]
    assert [evaluate(targets, targets[f"G{row}"].value) for row in (6, 7, 8)] == [
        "Chưa đạt",
        "Chưa đạt",
        "Chưa đạt",
    ]
    assert evaluate(targets, targets["F7"].value) == 653_333_333 - 1_200_000_000
    obstacles = book["Biểu 06"]
    total = total_row(obstacles)
    assert evaluate(obstacles, obstacles[f"C{total}"].value) == 1


@pytest.mark.django_db
def test_the_treasury_tables_add_up(ledger):
    book = workbook(treasury_xlsx(treasury_content(ReportRequest(ReportKind.MONTHLY, SEPT_30))))
    assert book.sheetnames == ["Biểu 01", "Biểu 02"]
    for name, by in (("Biểu 01", "agency"), ("Biểu 02", "investor")):
        sheet = book[name]
        table = disbursement_table(year=2024, as_of=SEPT_30, by=by)
        total = total_row(sheet)
        assert evaluate(sheet, sheet[f"E{total}"].value) == table.total.disbursed
        # September's change: 100.000.000 + 33.333.333 of TD-1
        assert evaluate(sheet, sheet[f"F{total}"].value) == 133_333_333


names = st.text(min_size=1, max_size=30).filter(lambda text: text.strip())
rows = st.lists(
    st.tuples(names, st.integers(0, 10**15), st.integers(-(10**12), 10**15)), max_size=12
)


@given(rows)
def test_totals_and_rates_of_any_rows(data):
    sheet = AnnexSheet(
        name="Biểu 09",
        title="Thử",
        subtitle="Thử",
        headers=["Tên", "Kế hoạch", "Đã giải ngân", "Tỷ lệ"],
        rows=[[name, plan, paid, None] for name, plan, paid in data],
        money={1, 2},
        sums={1, 2},
        computed={3: Rate(part=2, whole=1)},
    )
    page = workbook(annex_xlsx([sheet]))["Biểu 09"]
    total = 6 + len(data)
    plan, paid = sum(row[1] for row in data), sum(row[2] for row in data)
    assert evaluate(page, page[f"B{total}"].value) == plan
    assert evaluate(page, page[f"C{total}"].value) == paid
    assert evaluate(page, page[f"D{total}"].value) == ("" if plan <= 0 else shown_rate(paid, plan))
    for offset, (name, _plan, _paid) in enumerate(data):
        cell = page[f"A{6 + offset}"]
        # Text stays text, even "=1+1", without the control characters an xlsx cannot hold
        # (a name of nothing else leaves an empty cell).
        assert cell.value == (clean_text(name) or None)
        assert cell.value is None or cell.data_type in ("s", "inlineStr")
