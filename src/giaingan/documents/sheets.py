"""The one writer of csv and xlsx cells: every file the app hands out goes through here, so
no exported text can become a formula or break the file (the rule: `giaingan.lib.cells`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from giaingan.lib.cells import csv_cell, is_number, looks_like_formula, xlsx_text


def csv_text(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """The headers and rows as csv text, each cell through `csv_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(value) for value in headers])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


@dataclass(frozen=True)
class Formula:
    """A formula the app composed itself from cell references ("=SUM(D6:D20)"), never from
    a user's text: text, whatever it starts with, is written as a string cell."""

    text: str

    def __post_init__(self) -> None:
        if not self.text.startswith("="):
            raise ValueError("a formula starts with '='")


def put(sheet: Worksheet, row: int, column: int, value: object, style: str = "") -> Cell:
    """Write `value` into the cell: numbers and dates as themselves, text always as a string
    cell (openpyxl would turn a str starting with '=' into a formula) without the control
    characters an xlsx cannot hold; a `Formula` as a formula. `style` names a NamedStyle of the workbook (far cheaper
    than a font and a border per cell on a sheet of 10^5 cells)."""
    cell = sheet.cell(row=row, column=column)
    if style:
        cell.style = style  # first: a named style replaces the quote prefix set below
    if isinstance(value, bool):
        cell.value = int(value)
    elif isinstance(value, Formula):
        cell.value = value.text
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


# A body row's cell: its value and the NamedStyle of the workbook to write it in.
StyledValue = tuple[object, str]


def merge_in_body(sheet: Worksheet, reference: str) -> None:
    """Merge `reference` ("A20:C20"), a range of rows the body will write: `merge_cells`
    (and `MergedCellRange` its first cell) now, and the body would then start below them;
    a plain range is only written into the sheet's list of merges."""
    sheet.merged_cells.add(CellRange(reference))


def save_with_body(
    book: Workbook, sheet: Worksheet, rows: Iterable[Sequence[StyledValue]]
) -> bytes:
    """The workbook as xlsx bytes, `rows` written under `sheet`'s last row (see
    `save_with_bodies`)."""
    return save_with_bodies(book, {sheet: rows})


def save_with_bodies(
    book: Workbook, bodies: Mapping[Worksheet, Iterable[Sequence[StyledValue]]]
) -> bytes:
    """The workbook as xlsx bytes, each sheet's rows written under its last row by `put`'s
    rule, each cell in its named style: for the body of a big table (10^5 cells in a few
    hundred ms). openpyxl spends some 20 µs on each cell it writes (XlsxWriter about as
    much), so the body goes into the sheet's XML as text, built here from the same rule
    (numbers and dates as numbers, text as a string cell, never a formula; formula-like text
    quote-prefixed; a `Formula` as a formula), while openpyxl writes everything else: styles,
    merges (`merge_in_body` for the body's rows), widths, panes, page set-up. A row height
    set on `sheet.row_dimensions` for a body row goes on that row. A date needs a style with
    a date number format (as `put` gets from openpyxl)."""
    written = [(sheet, _body_xml(sheet, rows)) for sheet, rows in bodies.items()]
    saved = io.BytesIO()
    book.save(saved)
    # A sheet's path is known once the book is saved.
    spliced = {sheet.path.lstrip("/"): body for sheet, body in written}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename in spliced:
                data = _spliced(data, *spliced[info.filename])
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()


def _body_xml(sheet: Worksheet, rows: Iterable[Sequence[StyledValue]]) -> tuple[bytes, str]:
    """The rows' XML under `sheet`'s last row, and the sheet's dimension with them."""
    first = sheet.max_row + 1
    style_ids: dict[tuple[str, bool], int] = {}

    def style_id(name: str, quoted: bool = False) -> int:
        key = (name, quoted)
        if key not in style_ids:
            cell = WriteOnlyCell(sheet)  # a cell on no row: registers the style in the book
            if name:
                cell.style = name
            if quoted:
                cell.quotePrefix = True
            style_ids[key] = cell.style_id
        return style_ids[key]

    letters: list[str] = []
    lines: list[str] = []
    number = first - 1
    heights = sheet.row_dimensions
    for number, values in enumerate(rows, start=first):
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        cells = []
        for letter, (value, style) in zip(letters, values, strict=False):
            cells.append(_cell_xml(f"{letter}{number}", value, style, style_id))
        # openpyxl would write a dimension's row as an empty row of its own: take it here.
        extra = "".join(
            f' {key}="{value}"' for key, value in (heights.pop(number) if number in heights else ())
        )
        lines.append(f'<row r="{number}"{extra}>{"".join(cells)}</row>')
    last_row, last_column = max(number, sheet.max_row), max(len(letters), sheet.max_column)
    return "".join(lines).encode(), f"A1:{get_column_letter(last_column)}{last_row}"


def _cell_xml(reference: str, value: object, style: str, style_id) -> str:
    if type(value) is not str:  # plain text, most of a table's cells, goes straight to its rule
        if isinstance(value, bool):
            value = int(value)
        if value is None:
            return f'<c r="{reference}" s="{style_id(style)}"/>' if style else ""
        if isinstance(value, Formula):
            return f'<c r="{reference}" s="{style_id(style)}"><f>{escape(value.text[1:])}</f></c>'
        if is_number(value):
            return f'<c r="{reference}" s="{style_id(style)}" t="n"><v>{value}</v></c>'
        if isinstance(value, dt.date | dt.time):
            return f'<c r="{reference}" s="{style_id(style)}" t="n"><v>{to_excel(value)}</v></c>'
    text = xlsx_text(str(value))
    if not text:  # as openpyxl writes an empty string: a cell with no value
        return f'<c r="{reference}" s="{style_id(style)}"/>' if style else ""
    # A lone CR as a character reference: a raw one would be read back as a line feed.
    content = escape(text).replace("\r", "&#13;")
    return (
        f'<c r="{reference}" s="{style_id(style, looks_like_formula(text))}" t="inlineStr">'
        f'<is><t xml:space="preserve">{content}</t></is></c>'
    )


_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')
_EMPTY_DATA = re.compile(rb"<sheetData\s*/>")


def _spliced(xml: bytes, body: bytes, dimension: str) -> bytes:
    """The sheet's XML with `body` after its last row and its dimension widened."""
    xml = _DIMENSION.sub(f'<dimension ref="{dimension}"/>'.encode(), xml, count=1)
    if b"</sheetData>" in xml:
        return xml.replace(b"</sheetData>", body + b"</sheetData>", 1)
    return _EMPTY_DATA.sub(lambda _empty: b"<sheetData>" + body + b"</sheetData>", xml, count=1)
