"""Stream the rows of a user's .xlsx or .csv file, with columns matched by folded headers."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from giaingan.imports.workbook import (
    DATA_SHEET,
    HIDDEN_COLUMN,
    HIDDEN_ROW,
    SheetChoiceError,
    Unreadable,
    XlsxSheet,
    data_sheet,
    error_value,
    excel_error,
)
from giaingan.lib.money import format_number
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.text import normalise_header
from giaingan.lib.uploads import ZIP_MAGIC, size_text, stream_size, zip_problem

XLSX_MAGIC = ZIP_MAGIC
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Column:
    key: str  # the FORMATS.md name, e.g. "ma_du_an"
    required: bool = True


@dataclass
class Table:
    """A file opened for reading: the matched columns and a stream of rows."""

    headers: dict[str, int]  # column key -> position
    ignored: list[str] = field(default_factory=list)
    rows: Iterator[tuple[int, list[object]]] = iter(())
    text_only: bool = False  # every cell is a str (CSV), never a number or a date cell
    # The rows Excel hides (an xlsx's, filled in as its rows are read).
    hidden_rows: set[int] = field(default_factory=set)

    def cells(self, values: list[object]) -> dict[str, object]:
        """The row's cells by column key; blank text is None (a cell of spaces, non-breaking
        spaces or zero-width characters looks empty, and is)."""
        cells: dict[str, object] = {}
        width = len(values)
        for key, position in self.headers.items():
            value = values[position] if position < width else None
            if type(value) is str:
                value = value.strip()
                if value and (value[0] in INVISIBLE or value[-1] in INVISIBLE):
                    value = value.strip(INVISIBLE).strip()
                value = value or None
            cells[key] = value
        return cells

    def unreadable(self, number: int, values: list[object]) -> list[Problem]:
        """What the row shows in Excel but cannot be read as (`imports.workbook`): a formula
        without its value, an error (in a csv, the error's text Excel wrote: `#REF!`), a
        merged cell, a hidden row; each named. The import reads no cell of a row that has
        any."""
        problems = []
        if number in self.hidden_rows:
            problems.append(Problem(HIDDEN_ROW, row=number))
        width = len(values)
        for key, position in self.headers.items():
            if position >= width:
                continue
            value = values[position]
            if type(value) is str and (error := excel_error(value)):
                value = error_value(f"{get_column_letter(position + 1)}{number}", error)
            if type(value) is Unreadable:
                problems.append(Problem(value.reason, number, key, value.shown))
        return problems


# Characters that show nothing, kept around a value pasted from the web or another program.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class Limits:
    """What one file may cost to read; the defaults come from settings (env-overridable)."""

    file_bytes: int
    uncompressed_bytes: int
    rows: int
    columns: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            file_bytes=settings.IMPORT_MAX_FILE_BYTES,
            uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
        )


def file_problem(reason: str) -> InvalidInput:
    """One message about the whole file (its encoding, its size, its shape), not a row."""
    return InvalidInput([Problem(reason)])


def open_table(
    stream: IO[bytes], file_name: str, columns: list[Column], limits: Limits | None = None
) -> Table:
    """Open `stream` (xlsx or csv) and match its header row against `columns`.

    What the file may cost is checked first (its size; for an xlsx, what it declares it
    expands to and its sheet's declared rows and columns); a file that cannot be read as
    what it claims to be gets one Vietnamese message, never a library's English text."""
    limits = limits or Limits.from_settings()
    size = stream_size(stream)
    if size == 0:
        raise file_problem("Tệp rỗng (0 byte): không có dòng tiêu đề và dữ liệu.")
    if size > limits.file_bytes:
        raise file_problem(
            f"Tệp lớn {size_text(size)}, quá giới hạn {size_text(limits.file_bytes)}: "
            "hãy chia thành nhiều tệp nhỏ hơn."
        )
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    named_xlsx = Path(file_name).suffix.lower() in (".xlsx", ".xlsm")
    sheet: XlsxSheet | None = None
    if head == XLSX_MAGIC:
        sheet = _xlsx_sheet(stream, limits)
        raw_rows = _xlsx_rows(sheet, limits)
        text_only = False
    elif named_xlsx:
        raise file_problem(
            "Tệp không phải tệp Excel .xlsx (không phải tệp nén ZIP của Excel): hãy mở tệp "
            "bằng Excel và lưu lại dạng Excel Workbook (.xlsx)."
        )
    else:
        check_text(stream)
        raw_rows = _csv_rows(stream, limits)
        text_only = True
    try:
        header_row = next(raw_rows)
    except StopIteration:
        header_row = []
    wanted = {normalise_header(column.key): column.key for column in columns}
    required = {column.key for column in columns if column.required}
    headers, ignored, problems = _match_headers(header_row, wanted)
    if sheet is not None:
        for key, position in headers.items():
            if position in sheet.hidden_columns:
                problems.append(Problem(HIDDEN_COLUMN, row=1, column=key))
    missing = [column.key for column in columns if column.required and column.key not in headers]
    empty = not any(_title(title) for title in header_row)
    if empty or missing:
        if (lower := _header_below(raw_rows, wanted, required)) is not None:
            raise InvalidInput([Problem(header_not_first(lower), row=lower)])
        if empty:
            raise InvalidInput([Problem("Tệp rỗng: không có dòng tiêu đề.", row=1)])
        problems.extend(Problem("Thiếu cột bắt buộc.", row=1, column=key) for key in missing)
        if sheet is not None and len(sheet.workbook.worksheets) > 1:
            problems.append(Problem(other_sheets(sheet.sheet.title), row=1))
    if problems:
        raise InvalidInput(problems)
    return Table(
        headers=headers,
        ignored=ignored,
        rows=_numbered(raw_rows),
        text_only=text_only,
        hidden_rows=set() if sheet is None else sheet.hidden_rows,
    )


def _title(title: object) -> str:
    """A header cell's text ("" for none; the lower cells of a merged title are none)."""
    if title is None or type(title) is Unreadable:
        return ""
    return str(title).strip()


def _match_headers(
    header_row: list[object], wanted: dict[str, str]
) -> tuple[dict[str, int], list[str], list[Problem]]:
    """The column key at each position of a header row, the titles not used, and repeats."""
    headers: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for position, title in enumerate(header_row):
        if type(title) is str and (error := excel_error(title)):  # a csv's error text
            title = error_value(f"{get_column_letter(position + 1)}1", error)
        if type(title) is Unreadable and not title.merged:  # a formula, an error
            problems.append(Problem(title.reason, row=1, value=title.shown))
            continue
        text = _title(title)
        if not text:
            continue
        key = wanted.get(normalise_header(text))
        if key is None:
            ignored.append(text)
        elif key in headers:
            problems.append(Problem("Cột bị lặp lại.", row=1, column=text))
        else:
            headers[key] = position
    return headers, ignored, problems


HEADER_SEARCH = 20  # rows looked at below the first for a header put lower


def _header_below(
    rows: Iterator[list[object]], wanted: dict[str, str], required: set[str]
) -> int | None:
    """The number of a row below the first that holds every required column (a file with
    a title, a note or blank rows above its header), or None."""
    try:
        for number, values in enumerate(itertools.islice(rows, HEADER_SEARCH), start=2):
            found = {wanted.get(normalise_header(_title(value))) for value in values}
            if required and required <= found:
                return number
    except InvalidInput:  # the file breaks off before: its header is told as missing
        return None
    return None


def header_not_first(number: int) -> str:
    return (
        f"Dòng tiêu đề (tên các cột) phải là dòng 1 của trang tính, nhưng nằm ở dòng "
        f"{number}: hãy xóa {number - 1} dòng phía trên (tên biểu, ghi chú, dòng trống) rồi "
        "nhập lại."
    )


def other_sheets(title: str) -> str:
    return (
        f"Đã đọc trang tính «{title}» (tệp có nhiều trang tính): nếu dữ liệu nằm ở trang "
        f"khác, hãy đặt tên trang đó là «{DATA_SHEET}»."
    )


def _numbered(rows: Iterator[list[object]]) -> Iterator[tuple[int, list[object]]]:
    """The rows below the header with their numbers in the sheet, blank rows left out."""
    number = 1
    for values in rows:
        number += 1
        first = values[0] if values else None
        if type(first) is str and first and not first.isspace():
            yield number, values  # the common case: the first cell is filled
        elif any(values) and any(
            value not in (None, "") and str(value).strip() for value in values
        ):
            yield number, values


NOT_UTF8 = (
    "Tệp CSV không phải mã UTF-8 (có thể là mã Windows-1258, TCVN3 hay Latin-1): "
    "hãy mở bằng Excel và lưu lại dạng «CSV UTF-8», rồi tải lên lại."
)
UTF16 = (
    "Tệp CSV được lưu bằng mã UTF-16 («Unicode Text»), không phải UTF-8: hãy mở bằng Excel "
    "và lưu lại dạng «CSV UTF-8», rồi tải lên lại."
)
BINARY = (
    "Tệp không phải tệp văn bản CSV cũng không phải tệp Excel .xlsx (có thể là tệp .xls cũ, "
    "tệp nén hay tệp hỏng): hãy lưu lại dạng .xlsx hoặc «CSV UTF-8»."
)


def check_text(stream: IO[bytes]) -> None:
    """Refuse, with one message for the file, a csv that is not UTF-8 text.

    The whole file is decoded once before any row is read, so a wrong encoding is one
    file-level message and never a message per row."""
    head = stream.read(4096)
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise file_problem(UTF16)
    nul = b"\x00" in head
    if nul:
        # UTF-16 without a BOM puts a NUL beside every ASCII letter.
        even, odd = (
            head[0::2].count(0) / len(head[0::2]),
            head[1::2].count(0) / max(len(head[1::2]), 1),
        )
        if max(even, odd) > 0.3 and min(even, odd) < 0.05:
            raise file_problem(UTF16)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        for block in iter(lambda: stream.read(1 << 20), b""):
            nul = nul or b"\x00" in block
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        # Not UTF-8 and holding NULs: an old .xls, an archive, a damaged file. A NUL in
        # good UTF-8 text is a control character in a cell, refused with its row and column.
        raise file_problem(BINARY if nul else NOT_UTF8) from None
    finally:
        stream.seek(0)


def too_many_rows(limits: Limits) -> InvalidInput:
    return file_problem(
        f"Tệp có hơn {format_number(limits.rows)} dòng, quá giới hạn một lần nhập: "
        "hãy chia thành nhiều tệp nhỏ hơn."
    )


def _csv_rows(stream: IO[bytes], limits: Limits) -> Iterator[list[object]]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError:
        raise file_problem(NOT_UTF8) from None
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(itertools.chain((first,), text), delimiter=delimiter)
    rows = 0
    try:
        for row in reader:
            rows += 1
            if rows > limits.rows + 1:  # the header row and `limits.rows` rows of data
                raise too_many_rows(limits)
            yield row
    except UnicodeDecodeError:
        raise file_problem(NOT_UTF8) from None
    except csv.Error:
        raise InvalidInput(
            [
                Problem(
                    "Tệp CSV hỏng từ dòng này: dấu ngoặc kép không khớp hoặc một ô quá dài.",
                    row=rows + 1,
                )
            ]
        ) from None


NOT_XLSX = (
    "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc sai định dạng. Hãy mở tệp bằng Excel "
    "và lưu lại dạng Excel Workbook (.xlsx)."
)


def _xlsx_sheet(stream: IO[bytes], limits: Limits) -> XlsxSheet:
    """The workbook's data sheet, opened, once what it may cost is checked."""
    reason = zip_problem(stream, max_uncompressed=limits.uncompressed_bytes)
    if reason:
        raise file_problem(f"Không đọc được tệp Excel (.xlsx): {reason}.")
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure of the library on a user's file
        logger.info("unreadable xlsx", exc_info=True)
        raise file_problem(NOT_XLSX) from None
    try:
        if not workbook.worksheets:
            raise file_problem(NOT_XLSX)
        try:
            sheet = data_sheet(workbook)
        except SheetChoiceError as error:
            raise file_problem(str(error)) from None
        # The sheet's <dimension>: checked before a row is read.
        if (sheet.max_row or 0) > limits.rows + 1:
            raise file_problem(
                f"Trang tính khai báo {format_number(sheet.max_row)} dòng, quá giới hạn "
                f"{format_number(limits.rows)} dòng một lần nhập: hãy chia thành nhiều tệp "
                "nhỏ hơn."
            )
        if (sheet.max_column or 0) > limits.columns:
            raise file_problem(
                f"Trang tính khai báo {format_number(sheet.max_column)} cột, quá giới hạn "
                f"{format_number(limits.columns)} cột: hãy xóa các cột thừa rồi lưu lại."
            )
    except InvalidInput:
        workbook.close()
        raise
    except Exception:  # noqa: BLE001 - any failure of the library on a user's file
        logger.info("broken xlsx", exc_info=True)
        workbook.close()
        raise file_problem(NOT_XLSX) from None
    return XlsxSheet(workbook=workbook, sheet=sheet, columns=limits.columns)


def _xlsx_rows(sheet: XlsxSheet, limits: Limits) -> Iterator[list[object]]:
    try:
        rows = 0
        for row in sheet.rows():
            rows += 1
            if rows > limits.rows + 1:
                raise too_many_rows(limits)
            yield row
    except InvalidInput:
        raise
    except Exception:  # noqa: BLE001 - any failure of the library on a user's file
        logger.info("broken xlsx", exc_info=True)
        raise file_problem(NOT_XLSX) from None
    finally:
        sheet.workbook.close()


def row_estimate(stream: IO[bytes]) -> int:
    """About how many data rows a file holds, for a progress bar: a csv's line count, an
    xlsx sheet's declared <dimension>; 0 when it cannot tell (the reader will say why)."""
    head = stream.read(4)
    stream.seek(0)
    try:
        if head != XLSX_MAGIC:
            lines = sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
            return max(lines - 1, 0)
        if zip_problem(stream, max_uncompressed=settings.IMPORT_MAX_UNCOMPRESSED_BYTES):
            return 0
        workbook = load_workbook(stream, read_only=True, data_only=True)
        try:
            return max((data_sheet(workbook).max_row or 1) - 1, 0)
        finally:
            workbook.close()
    except Exception:  # noqa: BLE001 - only an estimate; the import itself reports the file
        return 0
    finally:
        stream.seek(0)
