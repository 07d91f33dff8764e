"""Cells an official sees filled in Excel are never read as empty, nor as something else.

A formula without its saved value, an error value, the lower cells of a merged range and
a hidden row or column are refused with the cell and the reason, from one place (the
reader), for every kind of file; a formula with its saved value, a date or an amount typed
as text, a cell of spaces read as Excel shows them."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook

from giaingan.capital.models import PlanEntry
from giaingan.imports.reader import Column, Limits, open_table
from giaingan.imports.workbook import Unreadable
from giaingan.lib.dates import parse_date
from giaingan.lib.money import parse_amount
from giaingan.lib.problems import InvalidInput
from giaingan.org.models import Unit
from tests.imports.helpers import PLAN, UNITS, load_all, run_import
from tests.imports.test_import_views import problem_rows, text_of

LIMITS = Limits(file_bytes=10**8, uncompressed_bytes=10**9, rows=10**6, columns=200)
HEADER = PLAN[0]  # so_quyet_dinh, ngay_quyet_dinh, loai, ma_du_an, nguon_von, nam, so_tien
ROW = ["77/QĐ-UBND", "15/03/2024", "bo_sung", "DA1", "NSDP-HUYEN", "2024", 1_000_000]


def book_bytes(rows: list[list[object]], edit=None, cached: dict[str, str] | None = None) -> bytes:
    """An xlsx as a program writes it; `edit(sheet)` changes the sheet, `cached` gives
    formula cells (by coordinate) the value a spreadsheet would have saved."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    for row in rows:
        sheet.append(row)
    if edit is not None:
        edit(sheet)
    out = io.BytesIO()
    book.save(out)
    content = out.getvalue()
    return with_cached_values(content, cached) if cached else content


def with_cached_values(content: bytes, cached: dict[str, str]) -> bytes:
    """Save the values of formula cells, as Excel does when it saves a file."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for coordinate, value in cached.items():
                    kind = ""
                    if value.startswith("str:"):  # a text result: t="str"
                        kind, value = ' t="str"', value[4:]
                    text, count = re.subn(
                        rf'<c r="{coordinate}"([^>]*)>(<f>[^<]*</f>)<v\s*/?>(</v>)?',
                        rf'<c r="{coordinate}"\g<1>{kind}>\g<2><v>{value}</v>',
                        text,
                    )
                    assert count == 1, coordinate
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def table_rows(content: bytes, keys: list[str]) -> tuple[object, list[tuple[int, list[object]]]]:
    table = open_table(io.BytesIO(content), "tep.xlsx", [Column(key) for key in keys], LIMITS)
    return table, list(table.rows)


def problems_of(content: bytes, keys: list[str]) -> list[tuple[int, str, str, str]]:
    table, rows = table_rows(content, keys)
    return [
        (problem.row, problem.column, problem.value, problem.reason)
        for number, values in rows
        for problem in table.unreadable(number, values)
    ]


# --- The reader ----------------------------------------------------------------------


def test_a_formula_without_a_saved_value_is_named_with_its_cell_never_read_as_empty():
    content = book_bytes([["ma", "so_tien"], ["A", 5], ["B", "=1000*2000"]])
    [(row, column, value, reason)] = problems_of(content, ["ma", "so_tien"])
    assert (row, column, value) == (3, "so_tien", "=1000*2000")
    assert "ô B3 chứa công thức" in reason and "không có giá trị đã tính" in reason
    assert "Excel hoặc LibreOffice" in reason and "gõ giá trị" in reason


def test_a_formula_with_its_saved_value_is_read_by_that_value():
    content = book_bytes(
        [["ma", "so_tien", "ten"], ["A", "=1000*2000", '="Cầu "&"treo"']],
        cached={"B2": "2000000"},
    )
    table, [(number, values)] = table_rows(content, ["ma", "so_tien"])
    assert (number, values[1]) == (2, 2_000_000)
    assert table.unreadable(number, values) == []
    # The text formula has no saved value, but its column is not read: no problem.


def test_saved_values_read_as_excel_shows_them():
    """A computed amount keeps Excel's 15 significant digits (1000000*1.1 is 1100000 on
    its screen); a formula whose saved result is empty text shows empty, and is."""
    content = book_bytes(
        [["ma", "so_tien", "ghi", "ty_le"], ["A", "=1000000*1.1", '=IF(1=1,"","x")', "=1/3"]],
        cached={"B2": "1100000.0000000002", "C2": "str:", "D2": "0.33333333333333331"},
    )
    table, [(number, values)] = table_rows(content, ["ma", "so_tien", "ghi", "ty_le"])
    assert table.unreadable(number, values) == []
    cells = table.cells(values)
    assert parse_amount(cells["so_tien"]) == 1_100_000
    assert cells["ghi"] is None
    assert cells["ty_le"] == 0.333333333333333


@pytest.mark.parametrize("error", ["#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?"])
def test_an_error_cell_is_refused_with_the_error_and_its_meaning(error):
    content = book_bytes([["ma", "ten"], ["A", error]])
    [(row, column, value, reason)] = problems_of(content, ["ma", "ten"])
    assert (row, column, value) == (2, "ten", error)
    assert reason.startswith(f"ô B2 báo lỗi {error} của Excel (")


def test_the_lower_cells_of_a_merged_range_name_the_range_and_are_never_copied():
    content = book_bytes(
        [["x", "y", "ma", "so_tien"], [1, 1, "DA1", 10], [2, 2, None, 20], [3, 3, "DA2", 30]],
        edit=lambda sheet: sheet.merge_cells("C2:C3"),
    )
    table, rows = table_rows(content, ["ma", "so_tien"])
    assert [number for number, _ in rows] == [2, 3, 4]
    assert rows[0][1][2] == "DA1"  # the range's own cell keeps its value
    [problem] = [p for number, values in rows for p in table.unreadable(number, values)]
    assert (problem.row, problem.column, problem.value) == (3, "ma", "vùng gộp C2:C3")
    assert "ô C3 nằm trong vùng ô gộp C2:C3" in problem.reason
    assert "Mỗi dòng cần giá trị riêng" in problem.reason
    assert not any(value == "DA1" for value in rows[1][1])


def test_merged_cells_across_columns_and_blank_rows_under_a_merge():
    content = book_bytes(
        [["ma", "ten", "ghi_chu"], ["A", "Cầu", None], [None, None, None], ["B", "Đường", "x"]],
        edit=lambda sheet: (sheet.merge_cells("B2:C2"), sheet.merge_cells("C3:C4")),
    )
    table, rows = table_rows(content, ["ma", "ten", "ghi_chu"])
    assert [number for number, _ in rows] == [2, 4]  # row 3 shows nothing of its own
    found = [(p.row, p.column, p.value) for n, v in rows for p in table.unreadable(n, v)]
    assert found == [(2, "ghi_chu", "vùng gộp B2:C2"), (4, "ghi_chu", "vùng gộp C3:C4")]


def test_a_merge_in_a_column_not_read_changes_nothing():
    content = book_bytes(
        [["ma", "ghi"], ["A", "chung"], ["B", None]],
        edit=lambda sheet: sheet.merge_cells("B2:B3"),
    )
    assert problems_of(content, ["ma"]) == []


def test_a_hidden_row_with_data_is_refused_a_hidden_blank_row_is_not():
    def hide(sheet):
        sheet.row_dimensions[3].hidden = True
        sheet.row_dimensions[5].hidden = True

    content = book_bytes([["ma"], ["A"], ["B"], ["C"], [None], ["D"]], edit=hide)
    found = problems_of(content, ["ma"])
    assert [(row, column) for row, column, _, _ in found] == [(3, "")]
    assert "dòng đang bị ẩn trong Excel" in found[0][3]


def test_a_hidden_column_read_by_the_import_is_refused_at_its_header():
    def hide(sheet):
        sheet.column_dimensions["B"].hidden = True
        sheet.column_dimensions["C"].hidden = True

    content = book_bytes([["ma", "so_tien", "ghi"], ["A", 1, "x"]], edit=hide)
    with pytest.raises(InvalidInput) as refused:
        table_rows(content, ["ma", "so_tien"])
    [problem] = refused.value.problems
    assert (problem.row, problem.column) == (1, "so_tien")
    assert "cột đang bị ẩn trong Excel" in problem.reason


def test_text_that_looks_like_a_date_or_an_amount_and_invisible_blanks_read_as_shown():
    content = book_bytes(
        [
            ["ngay", "so_tien", "ghi"],
            ["01/06/2024", "1.000.000", "   "],
            [dt.datetime(2024, 6, 1), "1 000 000", "\u00a0\u00a0"],
            ["2024-06-01", 1_000_000, "\u200b"],
        ]
    )
    table, rows = table_rows(content, ["ngay", "so_tien", "ghi"])
    cells = [table.cells(values) for _, values in rows]
    assert [cell["ghi"] for cell in cells] == [None, None, None]
    assert {parse_date(cell["ngay"]) for cell in cells} == {dt.date(2024, 6, 1)}
    assert {parse_amount(cell["so_tien"]) for cell in cells} == {1_000_000}


@pytest.mark.parametrize("title", ["Dữ liệu ", "Du lieu", "DỮ\u00a0LIỆU", "Dữ liệu"])
def test_the_data_sheet_is_found_by_its_folded_name(title):
    book = Workbook()
    book.active.title = "Ghi chú"
    book.active.append(["ghi chú"])
    book.create_sheet(title).append(["ma"])
    book[title].append(["A"])
    out = io.BytesIO()
    book.save(out)
    _, rows = table_rows(out.getvalue(), ["ma"])
    assert rows == [(2, ["A"])]


def test_two_sheets_named_like_the_data_sheet_are_refused_naming_both():
    book = Workbook()
    book.active.title = "Dữ liệu"
    book.create_sheet("Du lieu")
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InvalidInput) as refused:
        table_rows(out.getvalue(), ["ma"])
    [problem] = refused.value.problems
    assert "«Dữ liệu»" in problem.reason and "«Du lieu»" in problem.reason


def test_without_a_data_sheet_the_first_visible_sheet_is_read():
    book = Workbook()
    book.active.title = "Ẩn"
    book.active.append(["khac"])
    book.active.sheet_state = "hidden"
    book.create_sheet("Sheet2").append(["ma"])
    book["Sheet2"].append(["A"])
    out = io.BytesIO()
    book.save(out)
    _, rows = table_rows(out.getvalue(), ["ma"])
    assert rows == [(2, ["A"])]


def test_gaps_between_rows_keep_the_sheets_row_numbers():
    def move(sheet):
        sheet["A7"] = "C"

    content = book_bytes([["ma"], ["A"], [None], ["B"]], edit=move)
    _, rows = table_rows(content, ["ma"])
    assert rows == [(2, ["A"]), (4, ["B"]), (7, ["C"])]


@hypothesis_settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.integers(-(10**12), 10**12),
                st.text("AĐ ư1.", max_size=6),
                st.sampled_from(["=1+1", "#REF!", "#N/A"]),
            ),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=8,
    ),
    merge=st.one_of(st.none(), st.tuples(st.integers(1, 3), st.integers(2, 9), st.integers(1, 3))),
)
def test_every_cell_is_read_by_its_value_or_named_never_silently_empty(cells, merge):
    """Whatever a program writes: a formula, an error, a merged cell is named with its own
    coordinate; every other cell reads as written; the rows keep their numbers."""
    rows = [["a", "b", "c"], *cells]

    def edit(sheet):
        if merge is not None:
            column, first, span = merge
            letter = "ABC"[column - 1]
            sheet.merge_cells(f"{letter}{first}:{letter}{first + span}")

    content = book_bytes(rows, edit=edit)
    table, read = table_rows(content, ["a", "b", "c"])
    for number, values in read:
        written = rows[number - 1] if number <= len(rows) else [None, None, None]
        for position, key in enumerate("abc"):
            value = values[position] if position < len(values) else None
            coordinate = f"{'ABC'[position]}{number}"
            merged_below = merge is not None and (
                position == merge[0] - 1 and merge[1] < number <= merge[1] + merge[2]
            )
            expected = written[position]
            if merged_below or (isinstance(expected, str) and expected.startswith(("=", "#"))):
                assert isinstance(value, Unreadable), coordinate
                assert f"ô {coordinate} " in value.reason
                assert any(
                    p.column == key and p.reason == value.reason
                    for p in table.unreadable(number, values)
                )
            else:
                assert value == (None if expected == "" else expected), coordinate


# --- Through every entry point ----------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_plan_file_writes_nothing_and_names_each_cell():
    load_all()
    before = PlanEntry.objects.count()

    def edit(sheet):
        sheet["G3"] = "=1000*2000"
        sheet.merge_cells("D3:D4")

    content = book_bytes([HEADER, ROW, ROW, ROW], edit=edit)
    result = run_import("plan", content, "ke_hoach.xlsx")
    assert not result.ok
    found = sorted((p.row, p.column) for p in result.problems)
    assert found == [(3, "so_tien"), (4, "ma_du_an")]
    assert PlanEntry.objects.count() == before
    assert not any("thiếu" in p.reason for p in result.problems)


@pytest.mark.django_db
def test_every_importer_gets_the_same_message(district):
    content = book_bytes([UNITS[0], ["TT", '=UPPER("x")', "xa", "UBND"]])
    result = run_import("units", content, "don_vi.xlsx")
    [problem] = result.problems
    assert (problem.row, problem.column) == (2, "ten_don_vi")
    assert "ô B2 chứa công thức" in problem.reason
    assert not Unit.objects.filter(code="TT").exists()


def plan_file_with_a_formula_and_a_merge() -> bytes:
    def edit(sheet):
        sheet["G3"] = "=1000*2000"
        sheet.merge_cells("D3:D4")

    return book_bytes([HEADER, ROW, ROW, ROW], edit=edit)


@pytest.mark.django_db
def test_the_import_page_names_the_cells_and_offers_no_confirm(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_all()
    before = PlanEntry.objects.count()
    response = client_for("tckh").post(
        reverse("imports:upload", args=["plan"]),
        {"file": SimpleUploadedFile("ke_hoach.xlsx", plan_file_with_a_formula_and_a_merge())},
    )
    assert response.status_code == 200
    rows = problem_rows(response)
    assert [(row, column, value) for row, column, value, _ in rows] == [
        ("3", "so_tien", "=1000*2000"),
        ("4", "ma_du_an", "vùng gộp D3:D4"),
    ]
    assert "ô G3 chứa công thức" in rows[0][3] and "ô D4 nằm trong vùng ô gộp D3:D4" in rows[1][3]
    page = text_of(response)
    assert "thiếu" not in page and 'name="token"' not in page
    assert PlanEntry.objects.count() == before


@pytest.mark.django_db
def test_the_command_line_names_the_cells_and_exits_1(tmp_path):
    load_all()
    before = PlanEntry.objects.count()
    path = tmp_path / "ke_hoach.xlsx"
    path.write_bytes(plan_file_with_a_formula_and_a_merge())
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_plan", str(path), stdout=out, stderr=err)
    assert exited.value.code == 1
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Tệp ke_hoach.xlsx có 2 lỗi; không ghi dòng nào.")
    assert lines[1].startswith("  Dòng 3, cột so_tien: ô G3 chứa công thức")
    assert lines[1].endswith("(giá trị: «=1000*2000»)")
    assert lines[2].startswith("  Dòng 4, cột ma_du_an: ô D4 nằm trong vùng ô gộp D3:D4")
    assert "Traceback" not in err.getvalue()
    assert PlanEntry.objects.count() == before


def test_a_header_below_a_title_is_named_with_its_row_never_missing_columns():
    def title(sheet):
        sheet.insert_rows(1, 2)
        sheet["A1"] = "KẾ HOẠCH VỐN NĂM 2024"
        sheet.merge_cells("A1:G1")

    content = book_bytes([HEADER, ROW], edit=title)
    with pytest.raises(InvalidInput) as refused:
        table_rows(content, HEADER)
    [problem] = refused.value.problems
    assert problem.row == 3
    assert problem.reason.startswith("Dòng tiêu đề (tên các cột) phải là dòng 1")
    assert "hãy xóa 2 dòng phía trên" in problem.reason
    csv_content = ("Kế hoạch vốn\n\n" + ",".join(HEADER) + "\n").encode()
    with pytest.raises(InvalidInput) as refused:
        open_table(io.BytesIO(csv_content), "k.csv", [Column(key) for key in HEADER], LIMITS)
    assert [problem.row for problem in refused.value.problems] == [3]


def test_a_merged_header_cell_is_one_column_and_never_an_ignored_title():
    content = book_bytes(
        [["ma", None, "ten"], ["A", "x", "Cầu"]], edit=lambda sheet: sheet.merge_cells("A1:B1")
    )
    table, rows = table_rows(content, ["ma", "ten"])
    assert (table.headers, table.ignored) == ({"ma": 0, "ten": 2}, [])
    assert table.cells(rows[0][1]) == {"ma": "A", "ten": "Cầu"}


def test_missing_columns_in_a_workbook_of_several_sheets_name_the_sheet_read():
    book = Workbook()
    book.active.title = "Tổng hợp"
    book.active.append(["ghi chú"])
    book.create_sheet("Sheet2").append(["ma"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InvalidInput) as refused:
        table_rows(out.getvalue(), ["ma"])
    reasons = [problem.reason for problem in refused.value.problems]
    assert reasons[0] == "Thiếu cột bắt buộc."
    assert reasons[1].startswith("Đã đọc trang tính «Tổng hợp» (tệp có nhiều trang tính)")


def with_sheet_xml(cols: str, rows: str) -> bytes:
    """A workbook whose sheet XML is written by hand, as some programs write it."""
    content = book_bytes([["x"]])
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{cols}<sheetData>{rows}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            target.writestr(item, data)
    return out.getvalue()


def text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_cells_out_of_order_and_a_sheet_starting_below_row_1_keep_their_places():
    content = with_sheet_xml(
        '<cols><col min="3" max="4" hidden="1"/></cols>',
        '<row r="2">' + text_cell("B2", "ma") + text_cell("A2", "ten") + "</row>"
        '<row r="3"><c r="B3"><v>7</v></c>' + text_cell("A3", "Cầu") + "</row>",
    )
    with pytest.raises(InvalidInput) as refused:
        table_rows(content, ["ma", "ten"])
    [problem] = refused.value.problems
    assert problem.row == 2 and "hãy xóa 1 dòng phía trên" in problem.reason
    hidden = with_sheet_xml(
        '<cols><col min="2" max="3" hidden="1"/></cols>',
        '<row r="1">' + text_cell("C1", "ten") + text_cell("A1", "ma") + "</row>"
        '<row r="2">' + text_cell("C2", "Cầu") + text_cell("A2", "DA1") + "</row>",
    )
    with pytest.raises(InvalidInput) as refused:
        table_rows(hidden, ["ma", "ten"])
    assert [(p.row, p.column) for p in refused.value.problems] == [(1, "ten")]
    table, rows = table_rows(hidden, ["ma"])
    assert table.cells(rows[0][1]) == {"ma": "DA1"}
