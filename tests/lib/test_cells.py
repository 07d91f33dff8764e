"""The rule for exported cells: numbers stay numbers, text can never become a formula or
break an xlsx, and nothing else changes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from giaingan.documents.sheets import csv_text, put
from giaingan.documents.tables import TableSheet, sheet_xlsx
from giaingan.lib.cells import FORMULA_STARTS, clean_text, csv_cell, looks_like_formula
from giaingan.lib.targets import format_gap


def test_text_that_could_be_a_formula_gets_a_leading_quote():
    assert csv_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert csv_cell("+1+1") == "'+1+1"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-2+3") == "'-2+3"
    assert csv_cell("\t=1") == "'\t=1"
    assert csv_cell("\r=1") == "'\r=1"


def test_numbers_dates_and_plain_text_are_left_alone():
    assert csv_cell(-5_000_000) == -5_000_000
    assert csv_cell(Decimal("-6.25")) == Decimal("-6.25")
    assert csv_cell(True) == 1
    assert csv_cell(None) == ""
    assert csv_cell(dt.date(2024, 6, 3)) == "03/06/2024"
    assert csv_cell("Cầu treo Bản Lải = 2 nhịp") == "Cầu treo Bản Lải = 2 nhịp"
    assert csv_cell("-") == "-"  # the pages' "none": no formula can be one dash
    assert csv_cell("--") == "'--"


def test_control_characters_are_dropped_but_tabs_and_newlines_kept():
    assert clean_text("Cầu\x00 treo\x01\x0b\x1f") == "Cầu treo"
    assert clean_text("dòng 1\ndòng 2\tcột\r") == "dòng 1\ndòng 2\tcột\r"


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(texts)
def test_a_csv_cell_never_starts_a_formula_and_keeps_the_text(text):
    cell = csv_cell(text)
    assert isinstance(cell, str)
    assert not cell.startswith(FORMULA_STARTS) or cell == "-"
    assert cell.removeprefix("'") == clean_text(text) or cell == clean_text(text)
    assert (cell != clean_text(text)) == looks_like_formula(clean_text(text))


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_amounts_stay_numbers_in_csv(amount):
    assert csv_text(["Số tiền"], [[amount]]) == f"Số tiền\n{amount}\n"


@given(texts, st.integers(min_value=-(10**15), max_value=10**15))
def test_an_xlsx_text_cell_is_a_string_with_its_value_and_a_number_a_number(text, amount):
    book = Workbook()
    sheet = book.active
    put(sheet, 1, 1, text)
    put(sheet, 1, 2, amount)
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(io.BytesIO(out.getvalue())).active
    if clean_text(text):
        assert read["A1"].data_type == "s"
        # An xlsx keeps a lone CR as LF; everything else comes back as written.
        assert read["A1"].value == clean_text(text).replace("\r\n", "\n").replace("\r", "\n") or (
            read["A1"].value == clean_text(text)
        )
    assert read["B1"].value == amount and read["B1"].data_type == "n"


def test_the_gap_to_a_target_says_its_direction_in_words():
    assert format_gap(Decimal("-6.25")) == "Chậm 6,25 điểm %"
    assert format_gap(Decimal("5")) == "Vượt 5,00 điểm %"
    assert format_gap(Decimal("0")) == "Đạt mục tiêu"
    assert format_gap(None) == "-"


@given(st.decimals(min_value=-1000, max_value=1000, places=2))
def test_a_gap_never_shows_a_sign(points):
    text = format_gap(points)
    assert "-" not in text and "+" not in text
    assert text.startswith("Chậm" if points < 0 else "Vượt" if points > 0 else "Đạt")


def test_hostile_text_through_a_tables_fast_body_stays_a_string_cell():
    """`sheet_xlsx` writes a table's body straight into the sheet's XML: the rule holds there
    too (a formula stays text, quote-prefixed; markup stays text; amounts stay numbers)."""
    hostile = [
        '=HYPERLINK("http://x","y")',
        "+1+1",
        "@SUM(A1)",
        "-2+3",
        "\t=1",
        "=1\r",
        "<b>&amp;</b>",
        "Cầu\x00 treo\x01",
        " lề ",
    ]
    sheet = TableSheet(
        title="Bảng",
        subtitle="Thử",
        headers=["Nội dung", "Số tiền", "Ngày"],
        rows=[[text, -5_000_000, dt.date(2024, 6, 3)] for text in hostile],
        money={1},
        total=["Tổng cộng", -5_000_000 * len(hostile), None],
    )
    read = load_workbook(io.BytesIO(sheet_xlsx(sheet))).active
    assert [read.cell(row=3, column=c).value for c in (1, 2, 3)] == sheet.headers
    for row, text in enumerate(hostile, start=4):
        cell = read.cell(row=row, column=1)
        assert cell.data_type == "s" and cell.value == clean_text(text)
        assert cell.quotePrefix == looks_like_formula(clean_text(text))
        amount = read.cell(row=row, column=2)
        assert amount.value == -5_000_000 and amount.data_type == "n"
        assert amount.number_format == "#,##0"
        day = read.cell(row=row, column=3)
        assert day.value == dt.datetime(2024, 6, 3) and day.number_format == "dd/mm/yyyy"
    assert read.cell(row=4 + len(hostile), column=2).value == -5_000_000 * len(hostile)
    assert read.cell(row=4 + len(hostile), column=1).font.b
    assert read.max_row == 4 + len(hostile)


@settings(max_examples=50)
@given(st.lists(st.tuples(texts, st.integers(min_value=-(10**15), max_value=10**15)), max_size=5))
def test_a_tables_fast_body_reads_back_as_put_writes_it(rows):
    """Every text and amount written through `sheet_xlsx`'s body comes back as `put` writes
    it in an ordinary sheet: the same value, the same cell type, the same quote prefix."""
    sheet = TableSheet(title="Bảng", subtitle="", headers=["Nội dung", "Số tiền"], rows=rows)
    fast = load_workbook(io.BytesIO(sheet_xlsx(sheet))).active
    book = Workbook()
    for row, (text, amount) in enumerate(rows, start=1):
        put(book.active, row, 1, text)
        put(book.active, row, 2, amount)
    out = io.BytesIO()
    book.save(out)
    slow = load_workbook(io.BytesIO(out.getvalue())).active
    for row in range(1, len(rows) + 1):
        for column in (1, 2):
            expected, got = slow.cell(row=row, column=column), fast.cell(row=row + 3, column=column)
            if expected.value is None:
                assert got.value is None
                continue
            assert (got.value, got.data_type) == (expected.value, expected.data_type)
            assert got.quotePrefix == expected.quotePrefix
