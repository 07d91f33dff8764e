"""Stream the rows of a user's .xlsx or .csv file, with columns matched by folded headers."""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.text import normalise_header

XLSX_MAGIC = b"PK\x03\x04"


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

    def cells(self, values: list[object]) -> dict[str, object]:
        """The row's cells by column key; blank text is None."""
        cells: dict[str, object] = {}
        width = len(values)
        for key, position in self.headers.items():
            value = values[position] if position < width else None
            if type(value) is str:
                value = value.strip() or None
            cells[key] = value
        return cells


def open_table(stream: IO[bytes], file_name: str, columns: list[Column]) -> Table:
    """Open `stream` (xlsx or csv) and match its header row against `columns`."""
    head = stream.read(4)
    stream.seek(0)
    text_only = not (head == XLSX_MAGIC or Path(file_name).suffix.lower() in (".xlsx", ".xlsm"))
    raw_rows = _csv_rows(stream) if text_only else _xlsx_rows(stream)
    try:
        header_row = next(raw_rows)
    except StopIteration:
        header_row = []
    if not any(title not in (None, "") and str(title).strip() for title in header_row):
        raise InvalidInput([Problem("Tệp rỗng: không có dòng tiêu đề.", row=1)])
    wanted = {normalise_header(column.key): column.key for column in columns}
    headers: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for position, title in enumerate(header_row):
        text = "" if title is None else str(title).strip()
        if not text:
            continue
        key = wanted.get(normalise_header(text))
        if key is None:
            ignored.append(text)
        elif key in headers:
            problems.append(Problem("Cột bị lặp lại.", row=1, column=text))
        else:
            headers[key] = position
    for column in columns:
        if column.required and column.key not in headers:
            problems.append(Problem("Thiếu cột bắt buộc.", row=1, column=column.key))
    if problems:
        raise InvalidInput(problems)
    return Table(headers=headers, ignored=ignored, rows=_numbered(raw_rows), text_only=text_only)


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


def _csv_rows(stream: IO[bytes]) -> Iterator[list[object]]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError:
        raise InvalidInput(
            [Problem("Tệp CSV không phải mã UTF-8: hãy lưu lại với mã hóa UTF-8.", row=1)]
        ) from None
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(itertools.chain((first,), text), delimiter=delimiter)
    rows = 0
    try:
        for row in reader:
            rows += 1
            yield row
    except UnicodeDecodeError:
        raise InvalidInput(
            [Problem("Tệp CSV không phải mã UTF-8: hãy lưu lại với mã hóa UTF-8.", row=rows + 1)]
        ) from None
    except csv.Error as error:
        raise InvalidInput([Problem(f"Tệp CSV hỏng: {error}.", row=rows + 1)]) from None


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise InvalidInput(
            [Problem(f"Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc sai định dạng ({error}).")]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise InvalidInput(
            [Problem(f"Không đọc được tệp Excel (.xlsx): tệp hỏng ({error}).")]
        ) from None
    finally:
        workbook.close()
