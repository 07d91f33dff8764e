"""A file that is not what it claims, or would cost too much to read, gets one Vietnamese
message about the file, before any row is read, on the web and in the CLI; nothing written."""

from __future__ import annotations

import io
import random
import re
import time
import zipfile

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from giaingan.imports.models import ImportBatch
from giaingan.imports.reader import BINARY, NOT_UTF8, NOT_XLSX, UTF16
from giaingan.org.models import Unit
from tests.imports.helpers import UNITS, csv_bytes, run_import, xlsx_bytes
from tests.imports.test_import_views import problem_rows, text_of, upload

pytestmark = pytest.mark.django_db

HEADER = "ma_don_vi,ten_don_vi,loai\n"
TEXT = HEADER + "TT-VQ,UBND thị trấn Văn Quan,xa\nXA-ĐA,UBND xã Đồng Giáp,xa\n"
# English a library might say; none of it may reach a user.
ENGLISH = re.compile(
    r"codec|decode|byte 0x|zip file|File is not|Error|Traceback|openpyxl|line contains|"
    r"NUL|field larger|invalid|unexpected|expected",
)


def garbage() -> bytes:
    return random.Random(7).randbytes(3000)


BAD_FILES = {
    "utf16-without-bom": (TEXT.encode("utf-16-le"), "don_vi.csv", UTF16),
    "utf16-with-bom": (TEXT.encode("utf-16"), "don_vi.csv", UTF16),
    # cp1258 spells Vietnamese with combining tone marks; these letters it has whole.
    "cp1258": ((HEADER + "XA-DG,UBND xa Đông Giáp,xa\n").encode("cp1258"), "don_vi.csv", NOT_UTF8),
    "latin1": (
        (HEADER + "XA-CF,Café Bản Lải,xa\n").encode("latin-1", "replace"),
        "don_vi.csv",
        NOT_UTF8,
    ),
    "binary-garbage": (garbage(), "don_vi.csv", BINARY),
    "old-xls-named-csv": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "don_vi.csv", BINARY),
    "xlsx-not-a-zip": (b"ma_don_vi;ten_don_vi\n", "don_vi.xlsx", "không phải tệp Excel .xlsx"),
    "xlsx-broken-zip": (b"PK\x03\x04" + garbage(), "don_vi.xlsx", "tệp hỏng"),
    "zip-without-a-workbook": (None, "don_vi.xlsx", NOT_XLSX),
    "empty": (b"", "don_vi.csv", "Tệp rỗng"),
    "header-only": (HEADER.encode(), "don_vi.csv", "không có dòng dữ liệu nào"),
    "header-only-xlsx": (None, "don_vi.xlsx", "không có dòng dữ liệu nào"),
}


def content_of(case: str) -> bytes:
    content, _, _ = BAD_FILES[case]
    if case == "zip-without-a-workbook":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("readme.txt", "không phải sổ tính")
        return out.getvalue()
    if case == "header-only-xlsx":
        return xlsx_bytes([["ma_don_vi", "ten_don_vi", "loai"]])
    return content


def assert_one_vietnamese_message(messages: list[str], expected: str) -> None:
    assert len(messages) == 1, messages
    assert expected in messages[0]
    assert not ENGLISH.search(messages[0]), messages[0]


@pytest.mark.parametrize("case", BAD_FILES)
def test_the_importer_says_one_thing_about_a_bad_file(case):
    _, name, expected = BAD_FILES[case]
    result = run_import("units", content_of(case), name)
    assert_one_vietnamese_message([str(problem) for problem in result.problems], expected)
    assert result.problems[0].row in (None, 1)
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("case", BAD_FILES)
def test_the_web_upload_says_one_thing_about_a_bad_file(client_for, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _, name, expected = BAD_FILES[case]
    before = Unit.objects.count()
    response = upload(client_for("tckh"), "units", content_of(case), name)
    assert response.status_code == 200
    page = text_of(response)
    assert expected in page
    rows = problem_rows(response)
    if case != "empty":  # (an empty file is refused by the form, before the preview)
        assert len(rows) == 1 and not ENGLISH.search(rows[0][3]), rows
    assert 'name="token"' not in page
    assert Unit.objects.count() == before and not ImportBatch.objects.exists()


@pytest.mark.parametrize("case", BAD_FILES)
def test_the_cli_says_one_thing_about_a_bad_file(case, tmp_path):
    _, name, expected = BAD_FILES[case]
    path = tmp_path / name
    path.write_bytes(content_of(case))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("import_units", str(path), stdout=out, stderr=err)
    assert stopped.value.code == 1
    lines = [line.strip() for line in err.getvalue().splitlines()[1:] if line.strip()]
    assert_one_vietnamese_message(lines, expected)
    assert not ImportBatch.objects.exists()


# What a file may cost ------------------------------------------------------------------


def patch_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with `name`'s uncompressed size declared as `size` in both its headers."""
    buf = bytearray(data)
    encoded = name.encode()
    start = 0
    while (start := buf.find(b"PK\x03\x04", start)) != -1:
        length = int.from_bytes(buf[start + 26 : start + 28], "little")
        if buf[start + 30 : start + 30 + length] == encoded:
            buf[start + 22 : start + 26] = size.to_bytes(4, "little")
        start += 4
    start = 0
    while (start := buf.find(b"PK\x01\x02", start)) != -1:
        length = int.from_bytes(buf[start + 28 : start + 30], "little")
        if buf[start + 46 : start + 46 + length] == encoded:
            buf[start + 24 : start + 28] = size.to_bytes(4, "little")
        start += 4
    return bytes(buf)


def rewrite_entry(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            content = source.read(entry.filename)
            target.writestr(entry.filename, change(content) if entry.filename == name else content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def small_units_xlsx() -> bytes:
    return xlsx_bytes([*UNITS, ["TT-VQ", "UBND thị trấn Văn Quan", "xa", "UBND"]])


def test_a_small_xlsx_that_claims_a_huge_sheet_is_refused_before_it_is_read():
    bomb = patch_declared_size(small_units_xlsx(), SHEET, 4_000_000_000)
    assert len(bomb) < 10_000
    started = time.monotonic()
    result = run_import("units", bomb, "bom.xlsx")
    assert time.monotonic() - started < 2
    assert [problem.reason for problem in result.problems] == [
        "Không đọc được tệp Excel (.xlsx): tệp giải nén ra 3,7 GB, quá giới hạn 500 MB "
        "khi giải nén."
    ]
    assert not Unit.objects.filter(code="TT-VQ").exists()


def test_a_sheet_that_expands_past_its_declared_size_stops_there(settings):
    # 200 MB of blanks compress to a few hundred KB; the zip declares the sheet's true head.
    padding = b" " * (200 * 1024 * 1024)
    honest = small_units_xlsx()
    with zipfile.ZipFile(io.BytesIO(honest)) as archive:
        declared = len(archive.read(SHEET))
    bomb = patch_declared_size(
        rewrite_entry(
            honest, SHEET, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + padding)
        ),
        SHEET,
        declared,
    )
    assert len(bomb) < 1_000_000
    started = time.monotonic()
    result = run_import("units", bomb, "bom.xlsx")
    assert time.monotonic() - started < 5
    assert [problem.reason for problem in result.problems] == [NOT_XLSX]
    assert not Unit.objects.filter(code="TT-VQ").exists()


def test_a_sheet_declaring_two_million_rows_is_refused_before_its_rows_are_read():
    declared = rewrite_entry(
        small_units_xlsx(),
        SHEET,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:D2000000"', xml),
    )
    started = time.monotonic()
    result = run_import("units", declared, "dai.xlsx")
    assert time.monotonic() - started < 2
    assert [problem.reason for problem in result.problems] == [
        "Trang tính khai báo 2.000.000 dòng, quá giới hạn 1.000.000 dòng một lần nhập: "
        "hãy chia thành nhiều tệp nhỏ hơn."
    ]


def test_a_sheet_declaring_thousands_of_columns_is_refused():
    wide = rewrite_entry(
        small_units_xlsx(),
        SHEET,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD5"', xml),
    )
    result = run_import("units", wide, "rong.xlsx")
    assert [problem.reason for problem in result.problems] == [
        "Trang tính khai báo 16.384 cột, quá giới hạn 200 cột: hãy xóa các cột thừa rồi lưu lại."
    ]


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_rows_past_the_limit_are_counted_as_they_stream(settings, make):
    settings.IMPORT_MAX_ROWS = 3
    rows = [UNITS[0], *[[f"XA-{n}", f"Xã {n}", "xa", ""] for n in range(6)]]
    content = make(rows)
    if make is xlsx_bytes:  # no <dimension> to go by: the rows are counted as read
        content = rewrite_entry(content, SHEET, lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    result = run_import("units", content, "dai." + ("csv" if make is csv_bytes else "xlsx"))
    assert "Tệp có hơn 3 dòng, quá giới hạn một lần nhập" in str(result.problems)
    assert not Unit.objects.filter(code__startswith="XA-").exists()


def test_a_csv_over_the_size_limit_is_refused_by_the_cli_too(settings, tmp_path):
    settings.IMPORT_MAX_FILE_BYTES = 100
    path = tmp_path / "don_vi.csv"
    path.write_bytes(csv_bytes([*UNITS, *[[f"XA-{n}", f"Xã {n}", "xa", ""] for n in range(9)]]))
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_units", str(path), stdout=io.StringIO(), stderr=err)
    assert "quá giới hạn 100 byte: hãy chia thành nhiều tệp nhỏ hơn." in err.getvalue()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_cli_shows_a_progress_bar_with_the_files_rows_on_a_terminal(tmp_path, monkeypatch):
    rows = [UNITS[0], *[[f"XA-{n:04d}", f"Xã {n}", "xa", ""] for n in range(2500)]]
    path = tmp_path / "don_vi.csv"
    path.write_bytes(csv_bytes(rows))
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    call_command("import_units", str(path), "--dry-run", stdout=io.StringIO())
    shown = terminal.getvalue()
    assert "Đọc don_vi.csv" in shown and "0/2500" in shown  # the bar knows the total


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda tail: b"PK\x03\x04" + tail),
        st.text(max_size=500).map(lambda text: (HEADER + text).encode("utf-8")),
    ),
    name=st.sampled_from(["tep.csv", "tep.xlsx", "tep"]),
)
def test_any_file_gets_a_vietnamese_answer_never_an_exception(content, name):
    result = run_import("units", content, name, dry_run=True)
    for problem in result.problems:
        assert not ENGLISH.search(problem.reason), problem
