"""The data sheet of a user's .xlsx, read cell by cell as Excel shows it.

A cell is read by its value, as Excel saved it: a formula by its computed value. A cell that
Excel shows filled but that holds no value to read is never read as empty: it becomes an
`Unreadable` naming the cell and why, which the import reports as the row's problem:

- a formula with no saved value (a file written by a program, never opened and saved in a
  spreadsheet, which is what computes and saves the values);
- an error value (`#REF!`, `#N/A`, ...), and in a csv the error's text, which Excel writes
  in place of the value (`excel_error`);
- a cell inside a merged range other than its first: Excel shows the first cell's value
  over the whole range, but each row needs its own value (a merged amount copied to every
  row would count the money twice, so the value is never copied);

and a row that Excel hides (hidden, or filtered out) is told apart (`XlsxSheet.hidden_rows`),
since its values would be imported although nobody sees them on the screen.
"""

from __future__ import annotations

import heapq
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter, range_boundaries

# openpyxl's streaming sheet parser, as its read-only worksheets use it: the public API drops
# a formula's presence when it reads values (data_only), so the parser is subclassed here.
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from giaingan.lib.text import normalise_header

# The data sheet's name in every template (`imports.templates`): a workbook that has it reads
# it wherever it stands (a note or a guide sheet put first); any other reads its first
# visible sheet. Names are compared folded («Dữ liệu », «DỮ LIỆU», «Du lieu» are the same).
DATA_SHEET = "Dữ liệu"


@dataclass(frozen=True)
class Unreadable:
    """A cell Excel shows filled that holds no value to read: why, in Vietnamese."""

    reason: str
    shown: str = ""
    merged: bool = False  # a cell of a merged range but its first

    def __str__(self) -> str:
        return self.shown


def no_saved_value(coordinate: str, formula: str | None) -> Unreadable:
    return Unreadable(
        f"ô {coordinate} chứa công thức nhưng không có giá trị đã tính được lưu trong tệp "
        "(tệp do phần mềm khác tạo, chưa mở bằng Excel): hãy mở tệp bằng Excel hoặc "
        "LibreOffice rồi lưu lại, hoặc gõ giá trị vào ô",
        f"={formula}" if formula else "công thức",
    )


ERROR_MEANINGS = {
    "#REF!": "công thức tham chiếu tới ô đã bị xóa",
    "#N/A": "công thức không tìm thấy giá trị (thường do VLOOKUP)",
    "#VALUE!": "công thức tính với giá trị sai kiểu",
    "#DIV/0!": "công thức chia cho 0",
    "#NAME?": "công thức dùng tên hàm hay tên vùng không có",
    "#NUM!": "công thức cho số không hợp lệ",
    "#NULL!": "công thức dùng hai vùng không giao nhau",
    "#SPILL!": "kết quả mảng của công thức bị chặn bởi ô đã có dữ liệu",
    "#CALC!": "công thức mảng tính ra lỗi (thường là mảng rỗng)",
    "#GETTING_DATA": "công thức đang chờ tải dữ liệu",
    "#FIELD!": "công thức tham chiếu tới trường dữ liệu không có",
    "#BLOCKED!": "công thức bị chặn truy cập dữ liệu",
    "#CONNECT!": "công thức không kết nối được nguồn dữ liệu",
    "#BUSY!": "công thức đang tính chưa xong",
    "#UNKNOWN!": "công thức dùng kiểu dữ liệu Excel không nhận ra",
}


def excel_error(text: str) -> str | None:
    """The Excel error `text` is (`#REF!`, `#N/A`, ...), as a csv saved from a sheet with
    broken formulas holds it; None for any other text (a number such as `#12` is text)."""
    if not text or "#" not in text:
        return None
    error = text.strip().upper()
    return error if error in ERROR_MEANINGS else None


def error_text_in(values: list[str]) -> bool:
    """Whether a csv row holds an Excel error in any cell (a quick look first)."""
    return "#" in "".join(values) and any(excel_error(value) for value in values)


def error_value(coordinate: str, error: str) -> Unreadable:
    meaning = ERROR_MEANINGS.get(error, "công thức tính ra lỗi")
    return Unreadable(
        f"ô {coordinate} báo lỗi {error} của Excel ({meaning}), không có giá trị: hãy sửa "
        "công thức hoặc gõ giá trị vào ô",
        error,
    )


def merged_part(coordinate: str, merged: str) -> Unreadable:
    return Unreadable(
        f"ô {coordinate} nằm trong vùng ô gộp {merged}: giá trị hiện trên màn hình là của ô "
        f"{merged.split(':')[0]}, ô này trống. Mỗi dòng cần giá trị riêng: hãy bỏ gộp ô "
        "(Merge & Center > Unmerge Cells) rồi điền giá trị vào từng dòng",
        f"vùng gộp {merged}",
        merged=True,
    )


HIDDEN_ROW = (
    "dòng đang bị ẩn trong Excel (Hide hoặc bộ lọc): dữ liệu của dòng ẩn vẫn được nhập dù "
    "không thấy trên màn hình. Hãy bỏ ẩn (Unhide, bỏ lọc) để kiểm tra, hoặc xóa hẳn dòng "
    "nếu không muốn nhập"
)
HIDDEN_COLUMN = (
    "cột đang bị ẩn trong Excel: dữ liệu của cột ẩn vẫn được nhập dù không thấy trên màn "
    "hình. Hãy bỏ ẩn cột (Unhide) để kiểm tra, hoặc xóa hẳn cột nếu không muốn nhập"
)


ZERO_PADDING = re.compile(r"^0{2,}$")


def zero_padding_styles(workbook: Any) -> dict[int, int]:
    """The workbook's cell styles whose number format only pads a number with zeros
    (`000000` shows 123 as 000123), each with the width it pads to."""
    widths = {}
    # openpyxl's read-only workbook keeps its styles' number formats (custom ones from
    # BUILTIN_FORMATS_MAX_SIZE on), as its own reader uses them for date cells.
    custom = workbook._number_formats
    for style_id, style in enumerate(workbook._cell_styles):
        number_format = style.numFmtId
        if number_format >= BUILTIN_FORMATS_MAX_SIZE:
            code = custom[number_format - BUILTIN_FORMATS_MAX_SIZE]
        else:
            code = BUILTIN_FORMATS.get(number_format, "")
        if ZERO_PADDING.match(code):
            widths[style_id] = len(code)
    return widths


def padded(value: int | float, width: int) -> str | None:
    """A whole number as a zero-padding format shows it (-5 in `0000`: -0005); None for a
    number with a fraction (the format would round it: it is read as the number it is)."""
    if type(value) is float:
        if not value.is_integer():
            return None
        value = int(value)
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):0{width}d}"


class ShownNumber(int):
    """A whole number whose cell shows it padded with zeros: the number it is (an amount, a
    year, a flag read it so), and as text (a code) what Excel shows (`000123`)."""

    shown: str

    def __new__(cls, value: int, shown: str) -> ShownNumber:
        number = super().__new__(cls, value)
        number.shown = shown
        return number

    def __str__(self) -> str:
        return self.shown


class CellParser(WorkSheetParser):
    """openpyxl's parser, reading values, that keeps what Excel shows but values lose.

    A number whose format only pads it with zeros (a code `000123` kept as the number 123
    formatted `000000`) is a `ShownNumber`: read as text, it is what Excel shows, so a
    project's or a unit's code matches; an amount, a year or a flag reads the number."""

    hidden = False  # the row last parsed is hidden
    padding: dict[int, int] = {}  # noqa: RUF012 - set per sheet (`zero_padding_styles`)

    def parse_row(self, row: Any) -> tuple[int, list[dict]]:
        self.hidden = row.get("hidden") in ("1", "true")
        number, cells = super().parse_row(row)
        for position, cell in enumerate(cells):
            value = cell["value"]
            if value is None:
                element = row[position]  # the row's children are its cells
                formula = element.find(FORMULA_TAG)
                # A formula whose saved value is empty text (=IF(A2="";"";...)) is saved as
                # t="str" with an empty <v>: Excel shows it empty, and it is.
                if formula is not None and not (
                    cell["data_type"] == "str" and element.find(VALUE_TAG) is not None
                ):
                    cell["value"] = no_saved_value(_coordinate(cell), formula.text)
            elif type(value) is float or type(value) is int:
                if type(value) is float:
                    # Excel keeps 15 significant digits: 1100000.0000000002 (=1000000*1.1)
                    # is 1100000 on its screen and in its comparisons, and here.
                    value = cell["value"] = float(f"{value:.15g}")
                if (
                    self.padding  # most workbooks have no such format: nothing to look up
                    and (width := self.padding.get(cell["style_id"])) is not None
                    and (shown := padded(value, width)) is not None
                ):
                    cell["value"] = ShownNumber(int(value), shown)
            elif cell["data_type"] == "e":
                cell["value"] = error_value(_coordinate(cell), str(value))
        return number, cells


def _coordinate(cell: dict) -> str:
    return f"{get_column_letter(cell['column'])}{cell['row']}"


class SheetChoiceError(Exception):
    """The workbook's data sheet cannot be told: the Vietnamese reason."""


def data_sheet(workbook: Any) -> Any:
    """The sheet a workbook's rows are read from: the one named «Dữ liệu» (folded), else the
    first sheet Excel shows (a hidden sheet is never read in its place)."""
    wanted = normalise_header(DATA_SHEET)
    named = [sheet for sheet in workbook.worksheets if normalise_header(sheet.title) == wanted]
    if len(named) > 1:
        titles = ", ".join(f"«{sheet.title}»" for sheet in named)
        raise SheetChoiceError(
            f"Tệp có {len(named)} trang tính cùng tên «{DATA_SHEET}» ({titles}): không biết "
            "đọc trang nào. Hãy đổi tên hoặc xóa trang thừa, chỉ để một trang "
            f"«{DATA_SHEET}»."
        )
    if named:
        return named[0]
    visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    return (visible or workbook.worksheets)[0]


MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z$0-9:]+)\"")
SCAN_BLOCK = 1 << 20


def merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges of more than one cell, as (min_col, min_row, max_col,
    max_row). They are listed after the cells in the sheet's XML, so the XML is scanned for
    them (bytes, without parsing) before its rows are read."""
    found: set[bytes] = set()
    tail = b""
    with archive.open(path) as source:
        for block in iter(lambda: source.read(SCAN_BLOCK), b""):
            text = tail + block
            if b"ergeCell" in text:
                found.update(MERGE_REF.findall(text))
            tail = text[-512:]
    ranges = []
    for ref in found:
        try:
            bounds = range_boundaries(ref.decode("ascii").replace("$", ""))
        except (ValueError, TypeError):
            continue  # not a range Excel would write: nothing is shown merged
        if None not in bounds and (bounds[0], bounds[1]) != (bounds[2], bounds[3]):
            ranges.append(bounds)
    return sorted(ranges, key=lambda bounds: bounds[1])


@dataclass
class XlsxSheet:
    """The data sheet of an open workbook: its rows (`rows`), and what was seen on the way."""

    workbook: Any
    sheet: Any
    columns: int  # the widest row read (the limit on columns)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)  # positions, from 0

    def rows(self) -> Iterator[list[object]]:
        """Every row from the first, a gap in the sheet as empty rows, so the n-th row given
        is the sheet's row n. Its cells by value; an `Unreadable` where Excel shows a value
        that cannot be read."""
        workbook, sheet = self.workbook, self.sheet
        # openpyxl's read-only worksheet keeps where its XML is and what reading it needs.
        path = sheet._worksheet_path
        merges = merged_ranges(workbook._archive, path)
        pending = 0  # merges[pending:] start below the current row
        active: list[tuple[int, int, int, int, int]] = []  # (max_row, min_row, ...) heap
        hidden_rows = self.hidden_rows
        width = self.columns
        with workbook._archive.open(path) as source:
            parser = CellParser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            parser.padding = zero_padding_styles(workbook)
            expected = 1
            for number, cells in parser.parse():
                if number < expected:
                    continue  # a row listed twice or out of order: Excel never writes one
                if expected == 1:  # the columns' widths and states come before any row
                    self._hidden_columns(parser.column_dimensions)
                while expected < number:
                    expected += 1
                    yield []
                expected = number + 1
                values: list[object] = []
                if cells:
                    values = [None] * min(cells[-1]["column"], width)
                    for cell in cells:
                        column = cell["column"]
                        try:
                            values[column - 1] = cell["value"]
                        except IndexError:  # cells out of order: Excel writes none
                            if column <= width:
                                values.extend([None] * (column - len(values)))
                                values[column - 1] = cell["value"]
                if parser.hidden:
                    hidden_rows.add(number)
                if merges:
                    while pending < len(merges) and merges[pending][1] <= number:
                        heapq.heappush(active, (merges[pending][3], *merges[pending]))
                        pending += 1
                    while active and active[0][0] < number:
                        heapq.heappop(active)
                    if active and _filled(values):
                        values = _mark_merged(values, number, active, width)
                yield values

    def _hidden_columns(self, dimensions: dict[str, dict]) -> None:
        for attrs in dimensions.values():
            if attrs.get("hidden") not in ("1", "true"):
                continue
            try:
                first, last = int(attrs["min"]), int(attrs.get("max", attrs["min"]))
            except (KeyError, ValueError):
                continue
            self.hidden_columns.update(range(first - 1, min(last, self.columns)))


def _filled(values: list[object]) -> bool:
    return any(value not in (None, "") and str(value).strip() for value in values)


def _mark_merged(
    values: list[object], number: int, active: list[tuple[int, int, int, int, int]], width: int
) -> list[object]:
    """`values` with each cell of a merged range but its first marked (`merged_part`)."""
    for _, min_col, min_row, max_col, max_row in active:
        reference = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
        for column in range(min_col, min(max_col, width) + 1):
            if (column, number) == (min_col, min_row):
                continue
            if len(values) < column:
                values.extend([None] * (column - len(values)))
            values[column - 1] = merged_part(f"{get_column_letter(column)}{number}", reference)
    return values
