"""The fast body writer (`save_with_bodies`) for papers with formulas: several sheets in one
book, formulas the app composed stay formulas and add up, text (however hostile) stays a
string cell, merges and row heights of the body's rows land where asked."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import NamedStyle

from giaingan.documents.sheets import Formula, merge_in_body, put, save_with_bodies
from giaingan.lib.cells import clean_text, looks_like_formula
from tests.reporting.formulas import evaluate

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
hostile = st.sampled_from(
    ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3", "\t=1", "=1\r"]
)
rows = st.lists(st.tuples(st.one_of(texts, hostile), st.integers(-(10**15), 10**15)), max_size=8)


def book_with_heads(names: list[str]) -> tuple[Workbook, list]:
    book = Workbook()
    book.add_named_style(NamedStyle(name="money", number_format="#,##0"))
    book.remove(book.active)
    pages = []
    for name in names:
        page = book.create_sheet(title=name)
        put(page, 1, 1, f"Tiêu đề {name}")
        put(page, 2, 1, "Tên")
        put(page, 2, 2, "Số tiền")
        pages.append(page)
    return book, pages


@settings(max_examples=60)
@given(st.lists(rows, min_size=1, max_size=3))
def test_each_sheets_body_reads_back_with_its_text_numbers_and_formulas(bodies):
    book, pages = book_with_heads([f"Biểu {number}" for number in range(1, len(bodies) + 1)])
    written = {}
    for page, data in zip(pages, bodies, strict=True):
        total = 3 + len(data)
        body = [[(text, ""), (amount, "money")] for text, amount in data]
        sum_of = Formula(f"=SUM(B3:B{total - 1})" if data else "=0")
        body.append([("=SUM(B3:B4)", ""), (sum_of, "money")])  # the label is a user's text
        written[page.title] = body
    read = load_workbook(
        io.BytesIO(save_with_bodies(book, dict(zip(pages, written.values(), strict=True))))
    )
    assert read.sheetnames == list(written)
    for (title, body), data in zip(written.items(), bodies, strict=True):
        page = read[title]
        assert page["A1"].value == f"Tiêu đề {title}" and page["B2"].value == "Số tiền"
        for row, (text, amount) in enumerate(data, start=3):
            cell = page.cell(row=row, column=1)
            assert cell.value == (clean_text(text) or None)
            if cell.value is not None:
                assert cell.data_type == "s"  # never a formula, whatever it starts with
                assert cell.quotePrefix == looks_like_formula(cell.value)
            money = page.cell(row=row, column=2)
            assert (money.value, money.data_type, money.number_format) == (amount, "n", "#,##0")
        total = 3 + len(data)
        label, figure = page.cell(row=total, column=1), page.cell(row=total, column=2)
        assert (label.value, label.data_type, label.quotePrefix) == ("=SUM(B3:B4)", "s", True)
        assert figure.data_type == "f" and figure.value == body[-1][1][0].text
        assert evaluate(page, figure.value) == sum(amount for _text, amount in data)
        assert page.max_row == total


def test_a_formula_is_only_what_starts_with_an_equals_sign():
    with pytest.raises(ValueError):
        Formula("SUM(A1:A2)")


def test_formula_text_is_escaped_in_the_sheets_xml():
    book, (page,) = book_with_heads(["Biểu"])
    body = [[(1, "")], [(2, "")], [(Formula('=IF(A3<A4,"<&>","")'), "")]]
    read = load_workbook(io.BytesIO(save_with_bodies(book, {page: body})))["Biểu"]
    assert read["A5"].value == '=IF(A3<A4,"<&>","")' and read["A5"].data_type == "f"


def test_merges_and_heights_of_body_rows_land_on_the_body():
    """`merge_in_body` and a body row's height do not make cells ahead of the body (which
    would push it down, away from the rows its formulas name)."""
    book, (page,) = book_with_heads(["Biểu"])
    body = [[("a", ""), (1, "money")], [("Tổng cộng", ""), (Formula("=SUM(B3:B3)"), "money")]]
    body += [[], [("Ghi chú dài", "")]]
    merge_in_body(page, "A6:B6")
    page.row_dimensions[6].height = 30
    read = load_workbook(io.BytesIO(save_with_bodies(book, {page: body})))["Biểu"]
    assert read["A3"].value == "a" and read["B4"].value == "=SUM(B3:B3)"
    assert read["A6"].value == "Ghi chú dài"
    assert [str(merged) for merged in read.merged_cells.ranges] == ["A6:B6"]
    assert read.row_dimensions[6].height == 30
