"""The one writer of csv and xlsx cells: every file the app hands out goes through here, so
no exported text can become a formula or break the file (the rule: `giaingan.lib.cells`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from giaingan.lib.cells import csv_cell, is_number, looks_like_formula, xlsx_text


def csv_text(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """The headers and rows as csv text, each cell through `csv_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(value) for value in headers])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def put(sheet: Worksheet, row: int, column: int, value: object, style: str = "") -> Cell:
    """Write `value` into the cell: numbers and dates as themselves, text always as a string
    cell (openpyxl would turn a str starting with '=' into a formula) without the control
    characters an xlsx cannot hold. `style` names a NamedStyle of the workbook (far cheaper
    than a font and a border per cell on a sheet of 10^5 cells)."""
    cell = sheet.cell(row=row, column=column)
    if style:
        cell.style = style  # first: a named style replaces the quote prefix set below
    if isinstance(value, bool):
        cell.value = int(value)
    elif value is None or is_number(value) or isinstance(value, dt.date | dt.time):
        cell.value = value
    else:  # text, or a lazily translated label
        text = xlsx_text(str(value))
        cell.value = text
        cell.data_type = "s"
        if looks_like_formula(text):
            # Excel's own mark for "this is text": editing the cell keeps it text.
            cell.quotePrefix = True
    return cell


def put_row(sheet: Worksheet, row: int, values: Sequence[object], *, first: int = 1) -> list[Cell]:
    """`put` each of `values` along `row`, from column `first`."""
    return [put(sheet, row, first + offset, value) for offset, value in enumerate(values)]


def append_row(sheet: Worksheet, values: Sequence[object]) -> list[Cell]:
    """`put` the values on the row `Worksheet.append` would fill next."""
    sheet.append([None] * len(values))  # reserves the row, as append counts it
    return put_row(sheet, sheet.max_row, values)


def put_formula(sheet: Worksheet, row: int, column: int, formula: str, style: str = "") -> Cell:
    """Write a formula the app composed itself from cell references (never from a user's
    text, which goes through `put`): "=SUM(D5:D20)"."""
    if not formula.startswith("="):
        raise ValueError("a formula starts with '='")
    cell = sheet.cell(row=row, column=column)
    if style:
        cell.style = style
    cell.value = formula
    return cell
