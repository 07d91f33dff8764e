"""Import files as officials fill them by hand in Excel: dates `01-06-2024` and
`01.06.2024`, amounts `1,000,000` (refused, saying what to type), Excel's error texts in a
csv (`#REF!`, refused naming the cell, as in an xlsx), codes shown with leading zeros by a
number format (`000123`), on every path (the quick readers and `read_row`)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from giaingan.capital.models import PlanEntry, TreasuryLine
from giaingan.imports.cells import RowReader
from giaingan.imports.importers import IMPORTERS
from giaingan.imports.reader import Column, Limits, open_table
from giaingan.imports.workbook import (
    ERROR_MEANINGS,
    error_text_in,
    excel_error,
    padded,
    zero_padding_styles,
)
from giaingan.org.models import Unit
from tests.conftest import make_project
from tests.imports.helpers import PLAN, PROJECTS, TREASURY, csv_bytes, load_all, run_import
from tests.imports.test_import_views import problem_rows, text_of
from tests.imports.test_xlsx_cells import with_cached_values

LIMITS = Limits(file_bytes=10**8, uncompressed_bytes=10**9, rows=10**6, columns=200)
EXCEL_ERRORS = [
    "#REF!",
    "#N/A",
    "#VALUE!",
    "#DIV/0!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
]
LINE = ["KB9", "01/06/2024", "DA1", "NSDP-HUYEN", "2024", "thanh_toan", "1000000", "0", ""]


def quoted_csv(rows: list[list[object]]) -> bytes:
    """A csv as Excel saves it: a cell holding the delimiter in quotes."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode("utf-8")


def ledger() -> tuple[int, int]:
    return PlanEntry.objects.count(), TreasuryLine.objects.count()


# --- The rules -------------------------------------------------------------------------


@pytest.mark.parametrize("error", EXCEL_ERRORS)
def test_every_excel_error_text_is_known_with_its_meaning(error):
    assert error in ERROR_MEANINGS
    assert excel_error(error) == error
    assert excel_error(f" {error.lower()} ") == error
    assert error_text_in(["KB1", error, ""])


@pytest.mark.parametrize("text", ["", "#", "#12", "Số #REF! 5", "REF!", "#REF", "N/A", "x"])
def test_other_text_is_no_error(text):
    assert excel_error(text) is None
    assert not error_text_in(["KB1", text])


def test_padding_shows_a_whole_number_as_excel_does():
    assert padded(123, 6) == "000123"
    assert padded(123.0, 6) == "000123"
    assert padded(-5, 4) == "-0005"
    assert padded(1234567, 4) == "1234567"
    assert padded(12.5, 4) is None  # shown rounded: read as the number it is


def sheet_bytes(rows: list[list[object]], formats: dict[str, str] | None = None) -> bytes:
    """An xlsx of `rows` on a sheet «Dữ liệu», cells given number formats by coordinate."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_only_plain_zero_padding_formats_show_the_zeros():
    formats = ["000000", "0000", "0", "0.00", "#,##0", "00.00", "@", "General", '"DA"000']
    content = sheet_bytes(
        [[f"c{n}" for n in range(len(formats))], [5] * len(formats), [12.5] * len(formats)],
        {f"{chr(65 + n)}{row}": code for n, code in enumerate(formats) for row in (2, 3)},
    )
    keys = [f"c{n}" for n in range(len(formats))]
    table = open_table(io.BytesIO(content), "t.xlsx", [Column(key) for key in keys], LIMITS)
    [(_, whole), (_, fraction)] = list(table.rows)
    assert [str(value) for value in whole] == ["000005", "0005", *["5"] * 7]
    assert whole == [5] * len(formats)  # the number it is, for an amount or a year
    assert fraction == [12.5] * len(formats)  # a fraction is never rounded to a code


def test_a_padded_number_is_a_code_as_text_and_a_number_as_amount_year_or_flag():
    keys = ["ma", "so_tien", "nam", "co"]
    content = sheet_bytes(
        [keys, [123, 5000, 2024, 1]], {"A2": "000000", "B2": "00000000", "C2": "000000", "D2": "00"}
    )
    table = open_table(io.BytesIO(content), "t.xlsx", [Column(key) for key in keys], LIMITS)
    [(number, values)] = list(table.rows)
    reader = RowReader(number, table.cells(values))
    assert reader.text("ma") == "000123"
    assert reader.amount("so_tien") == 5000 and type(reader.amount("so_tien")) is int
    assert reader.year("nam") == 2024
    assert reader.flag("co") is True
    assert reader.problems == []
    book = Workbook()
    assert zero_padding_styles(book) == {}  # a workbook with no such style


def test_a_computed_code_is_padded_as_excel_shows_it():
    """=1230*0.1 saves 123.00000000000001, which Excel shows 000123 in `000000`."""
    content = sheet_bytes([["ma"], ["=1230*0.1"]], {"A2": "000000"})
    content = with_cached_values(content, {"A2": "123.00000000000001"})
    table = open_table(io.BytesIO(content), "t.xlsx", [Column("ma")], LIMITS)
    [(number, values)] = list(table.rows)
    assert RowReader(number, table.cells(values)).text("ma") == "000123"


# --- Dates day first, through every path -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["22-12-2023", "22.12.2023", "22/12/2023", "2023-12-22"])
@pytest.mark.parametrize("quick", [True, False])
def test_a_plan_file_reads_a_date_day_first_whatever_the_mark(day, quick):
    load_all()
    rows = [PLAN[0], ["9/QĐ-UBND", day, "bo_sung", "DA1", "NSDP-HUYEN", "2024", "1.000.000"]]
    importer = IMPORTERS["plan"]()
    if not quick:
        importer.fast_reader = lambda table: None
    result = importer.run(io.BytesIO(csv_bytes(rows)), "ke_hoach.csv")
    assert result.ok, result.problems
    entry = PlanEntry.objects.get(decision_number="9/QĐ-UBND")
    assert (entry.decision_date, entry.amount) == (dt.date(2023, 12, 22), 1_000_000)


@pytest.mark.django_db
def test_a_treasury_statement_reads_dashed_and_dotted_dates():
    load_all()
    rows = [
        TREASURY[0],
        ["KB8", "01-06-2024", *LINE[2:]],
        ["KB9", "02.06.2024", *LINE[2:]],
    ]
    result = run_import("treasury", csv_bytes(rows), "sao_ke.csv")
    assert result.ok, result.problems
    days = dict(TreasuryLine.objects.values_list("document_number", "value_date"))
    assert (days["KB8"], days["KB9"]) == (dt.date(2024, 6, 1), dt.date(2024, 6, 2))


@pytest.mark.django_db
def test_a_date_with_mixed_marks_is_refused_naming_the_forms():
    load_all()
    before = ledger()
    result = run_import("treasury", csv_bytes([TREASURY[0], ["KB9", "01-06/2024", *LINE[2:]]]))
    [problem] = result.problems
    assert (problem.row, problem.column, problem.value) == (2, "ngay", "01-06/2024")
    assert problem.reason == (
        "không phải ngày (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy hoặc yyyy-mm-dd)"
    )
    assert ledger() == before


# --- Amounts with English thousands ----------------------------------------------------


COMMA_REASON = (
    "số tiền có dấu phẩy: theo cách ghi số của Việt Nam dấu phẩy là dấu thập phân, không "
    "dùng để ngăn nghìn (kiểu tiếng Anh), và số tiền là số nguyên đồng. Nếu dấu phẩy là để "
    "ngăn nghìn, hãy ghi 1.000.000 hoặc 1000000"
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["sao_ke.csv", "sao_ke.xlsx"])
def test_a_statement_amount_with_commas_is_refused_saying_what_to_type(name):
    load_all()
    before = ledger()
    rows = [TREASURY[0], LINE, ["KB10", *LINE[1:6], "1,000,000", "0", ""]]
    content = quoted_csv(rows) if name.endswith(".csv") else sheet_bytes(rows)
    result = run_import("treasury", content, name)
    [problem] = result.problems
    assert (problem.row, problem.column, problem.value) == (3, "so_tien", "1,000,000")
    assert problem.reason == COMMA_REASON
    assert ledger() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "rows", "column"),
    [
        ("plan", [PLAN[0], [*PLAN[1][:6], "1,000,000"]], "so_tien"),
        ("projects", [PROJECTS[0], [*PROJECTS[1][:6], "1,000,000", ""]], "tong_muc_dau_tu"),
        ("treasury", [TREASURY[0], [*LINE[:7], "1,000,000", ""]], "thu_hoi_tam_ung"),
    ],
)
def test_every_money_column_says_the_same(kind, rows, column):
    load_all()
    result = run_import(kind, quoted_csv(rows))
    assert [(p.row, p.column, p.reason) for p in result.problems] == [(2, column, COMMA_REASON)]


@pytest.mark.django_db
def test_a_comma_fraction_is_never_read_as_a_bigger_amount():
    load_all()
    before = ledger()
    result = run_import("treasury", quoted_csv([TREASURY[0], ["KB10", *LINE[1:6], "1,5", "", ""]]))
    [problem] = result.problems
    assert (problem.row, problem.column) == (2, "so_tien")
    assert problem.reason == "số tiền phải là số nguyên đồng, không có phần lẻ"
    assert ledger() == before


# --- Excel's error texts in a csv --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("error", EXCEL_ERRORS)
def test_an_error_text_in_a_statement_is_refused_naming_its_cell(error):
    """A document number `#N/A` is printable text: the quick reader never takes it."""
    load_all()
    before = ledger()
    rows = [TREASURY[0], LINE, [error, *LINE[1:]]]
    result = run_import("treasury", csv_bytes(rows), "sao_ke.csv")
    [problem] = result.problems
    assert (problem.row, problem.column, problem.value) == (3, "so_chung_tu", error)
    assert problem.reason.startswith(f"ô A3 báo lỗi {error} của Excel (")
    assert ERROR_MEANINGS[error] in problem.reason
    assert ledger() == before
    assert not TreasuryLine.objects.filter(document_number=error).exists()


@pytest.mark.django_db
def test_a_csv_and_an_xlsx_with_the_same_error_get_the_same_message():
    load_all()
    rows = [PLAN[0], PLAN[1], [PLAN[1][0], PLAN[1][1], "giao_dau_nam", "#REF!", *PLAN[1][4:]]]
    from_csv = run_import("plan", csv_bytes(rows), "ke_hoach.csv").problems
    from_xlsx = run_import("plan", sheet_bytes(rows), "ke_hoach.xlsx").problems
    assert [p.as_dict() for p in from_csv] == [p.as_dict() for p in from_xlsx]
    [problem] = from_csv
    assert (problem.row, problem.column, problem.value) == (3, "ma_du_an", "#REF!")
    assert problem.reason.startswith("ô D3 báo lỗi #REF! của Excel (công thức tham chiếu")


@pytest.mark.django_db
def test_error_texts_in_a_catalogue_and_in_a_header_are_refused(district):
    result = run_import(
        "units",
        csv_bytes(
            [["Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cha"], ["TT", "#NAME?", "xa", "UBND"]]
        ),
    )
    [problem] = result.problems
    assert (problem.row, problem.column) == (2, "ten_don_vi")
    assert problem.reason.startswith("ô B2 báo lỗi #NAME? của Excel")
    assert not Unit.objects.filter(code="TT").exists()
    header = run_import("units", csv_bytes([["Mã đơn vị", "Tên đơn vị", "Loại", "#REF!"]]))
    assert any(p.row == 1 and "ô D1 báo lỗi #REF!" in p.reason for p in header.problems)


@pytest.mark.django_db
def test_an_error_text_in_a_column_not_read_changes_nothing():
    load_all()
    rows = [[*TREASURY[0], "ghi_chu_khac"], [*LINE, "#N/A"]]
    result = run_import("treasury", csv_bytes(rows), "sao_ke.csv")
    assert result.ok, result.problems
    assert TreasuryLine.objects.filter(document_number="KB9").exists()


# --- Codes shown with leading zeros ------------------------------------------------------


@pytest.mark.django_db
def test_a_code_shown_with_leading_zeros_matches_the_catalogue(district):
    load_all()
    make_project("000123", Unit.objects.get(code="BQLDA"))
    rows = [PLAN[0], ["9/QĐ-UBND", "22/12/2023", "bo_sung", 123, "NSDP-HUYEN", 2024, 5000]]
    # The amount and the year are formatted with zeros too: read as the same numbers.
    content = sheet_bytes(rows, {"D2": "000000", "G2": "00000000", "F2": "0000"})
    result = run_import("plan", content, "ke_hoach.xlsx")
    assert result.ok, result.problems
    entry = PlanEntry.objects.get(decision_number="9/QĐ-UBND")
    assert (entry.project.code, entry.amount, entry.plan_year) == ("000123", 5000, 2024)


@pytest.mark.django_db
def test_a_unit_code_shown_with_leading_zeros_is_stored_as_shown(district):
    header = ["Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cha"]
    content = sheet_bytes([header, [42, "UBND xã Mới", "xa", ""]], {"A2": "000"})
    result = run_import("units", content, "don_vi.xlsx")
    assert result.ok, result.problems
    assert Unit.objects.filter(code="042", name="UBND xã Mới").exists()
    assert not Unit.objects.filter(code="42").exists()


# --- On the import page and the command line ---------------------------------------------


def statement_with_typed_cells() -> bytes:
    return quoted_csv(
        [
            TREASURY[0],
            ["KB10", "01-06-2024", *LINE[2:6], "1,000,000", "0", ""],
            ["#N/A", "01.06.2024", *LINE[2:]],
        ]
    )


@pytest.mark.django_db
def test_the_import_page_names_each_cell_and_why(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_all()
    before = ledger()
    response = client_for("khobac").post(
        reverse("imports:upload", args=["treasury"]),
        {"file": SimpleUploadedFile("sao_ke.csv", statement_with_typed_cells())},
    )
    assert response.status_code == 200
    rows = problem_rows(response)
    assert [(row, column, value) for row, column, value, _ in rows] == [
        ("2", "so_tien", "1,000,000"),
        ("3", "so_chung_tu", "#N/A"),
    ]
    assert rows[0][3].endswith("hãy ghi 1.000.000 hoặc 1000000")
    assert rows[1][3].startswith("ô A3 báo lỗi #N/A của Excel (")
    assert 'name="token"' not in text_of(response)
    assert ledger() == before


@pytest.mark.django_db
def test_the_command_line_names_each_cell_and_why(tmp_path):
    load_all()
    before = ledger()
    path = tmp_path / "sao_ke.csv"
    path.write_bytes(statement_with_typed_cells())
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_treasury", str(path), stdout=out, stderr=err)
    assert exited.value.code == 1
    lines = err.getvalue().splitlines()
    assert lines[1].startswith("  Dòng 2, cột so_tien: số tiền có dấu phẩy")
    assert lines[2].startswith("  Dòng 3, cột so_chung_tu: ô A3 báo lỗi #N/A của Excel")
    assert "Traceback" not in err.getvalue()
    assert ledger() == before
