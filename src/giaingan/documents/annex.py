"""The annex tables of a report (Biểu 01, 02, ...) as one xlsx workbook, a sheet each, with
real formulas: each total is the SUM of the rows above it and each rate a formula of its
row's amounts, so the tables add up in Excel as they do in the report. Amounts are numbers
in đồng, text goes through `documents.sheets.put` (never a formula)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from giaingan.documents.sheets import (
    Formula,
    StyledValue,
    merge_in_body,
    put,
    save_with_bodies,
)

FONT = "Times New Roman"
MONEY_FORMAT = "#,##0"
RATE_FORMAT = "0.00"


@dataclass(frozen=True)
class Rate:
    """A rate column: part / whole x 100, cut (not rounded) to 2 decimals like every rate
    the app shows (`lib.money.shown_rate`); empty without a positive whole."""

    part: int  # positions of the columns, from 0
    whole: int


@dataclass(frozen=True)
class Difference:
    """A column computed as one column minus another (e.g. disbursed minus required)."""

    left: int
    right: int


@dataclass(frozen=True)
class Verdict:
    """ "Đạt" when column `value` reaches column `needed`, "Chưa đạt" otherwise."""

    value: int
    needed: int


@dataclass
class AnnexSheet:
    """One Biểu: its name (the sheet's tab), title lines, headers and rows; the columns in
    `sums` get a SUM total, `computed` columns are formulas in every row and the total."""

    name: str  # "Biểu 01"
    title: str
    subtitle: str
    headers: list[str]
    rows: list[list[object]]
    money: set[int] = field(default_factory=set)
    sums: set[int] = field(default_factory=set)
    computed: dict[int, Rate | Difference | Verdict] = field(default_factory=dict)
    total_label: str | None = "Tổng cộng"  # None: no total row
    total_values: dict[int, object] = field(default_factory=dict)  # totals that are not sums
    wide: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    header_row: int = 5  # where the headers go (after the title, subtitle and unit lines)

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + len(self.rows)

    @property
    def total_row(self) -> int | None:
        return None if self.total_label is None else self.last_row + 1


def _styles(book: Workbook) -> None:
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for bold in (False, True):
        suffix = "_bold" if bold else ""
        font = Font(name=FONT, size=12, bold=bold)
        book.add_named_style(
            NamedStyle(
                name=f"annex_text{suffix}",
                font=font,
                border=box,
                alignment=Alignment(wrap_text=True, vertical="top"),
            )
        )
        book.add_named_style(
            NamedStyle(
                name=f"annex_money{suffix}", font=font, border=box, number_format=MONEY_FORMAT
            )
        )
        book.add_named_style(
            NamedStyle(name=f"annex_rate{suffix}", font=font, border=box, number_format=RATE_FORMAT)
        )
        book.add_named_style(
            NamedStyle(
                name=f"annex_center{suffix}",
                font=font,
                border=box,
                alignment=Alignment(horizontal="center", vertical="top"),
            )
        )
    book.add_named_style(
        NamedStyle(
            name="annex_total_label",
            font=Font(name=FONT, size=12, bold=True),
            border=box,
            alignment=Alignment(horizontal="center"),
        )
    )
    book.add_named_style(
        NamedStyle(
            name="annex_note",
            font=Font(name=FONT, italic=True, size=11),
            alignment=Alignment(wrap_text=True),
        )
    )


def _formula(rule: Rate | Difference | Verdict, row: int) -> str:
    if isinstance(rule, Rate):
        part, whole = get_column_letter(rule.part + 1), get_column_letter(rule.whole + 1)
        return f'=IF({whole}{row}>0,ROUNDDOWN({part}{row}*100/{whole}{row},2),"")'
    if isinstance(rule, Difference):
        left, right = get_column_letter(rule.left + 1), get_column_letter(rule.right + 1)
        return f"={left}{row}-{right}{row}"
    value, needed = get_column_letter(rule.value + 1), get_column_letter(rule.needed + 1)
    return f'=IF({value}{row}>={needed}{row},"Đạt","Chưa đạt")'


def _kind(sheet: AnnexSheet, position: int) -> str:
    rule = sheet.computed.get(position)
    if isinstance(rule, Rate):
        return "rate"
    if isinstance(rule, Verdict) or sheet.headers[position] == "STT":
        return "center"
    if position in sheet.money or isinstance(rule, Difference):
        return "money"
    return "text"


def _head(page: Worksheet, sheet: AnnexSheet) -> list[list[StyledValue]]:
    """The title lines and the headers; returns the body to write under them."""
    columns = len(sheet.headers)
    last = get_column_letter(columns)
    lines = [
        (1, sheet.name.upper(), Font(name=FONT, bold=True, size=12), "left"),
        (2, sheet.title.upper(), Font(name=FONT, bold=True, size=13), "center"),
        (3, sheet.subtitle, Font(name=FONT, italic=True, size=12), "center"),
        (4, "Đơn vị tính: đồng", Font(name=FONT, italic=True, size=11), "right"),
    ]
    for row, text, font, align in lines:
        page.merge_cells(f"A{row}:{last}{row}")
        cell = put(page, row, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal=align, wrap_text=True, vertical="center")
    page.row_dimensions[2].height = 34
    page.row_dimensions[3].height = 30
    header = sheet.header_row
    for position, title in enumerate(sheet.headers):
        cell = put(page, header, position + 1, title, "annex_center_bold")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    page.row_dimensions[header].height = 48
    return _body(page, sheet)


def _body(page: Worksheet, sheet: AnnexSheet) -> list[list[StyledValue]]:
    """The rows under the headers, the total and the notes, as the body writer takes them;
    the total's label and the notes merged across."""
    columns = len(sheet.headers)
    kinds = [f"annex_{_kind(sheet, position)}" for position in range(columns)]
    body: list[list[StyledValue]] = []
    for row, values in enumerate(sheet.rows, start=sheet.first_row):
        body.append(
            [
                (Formula(_formula(sheet.computed[position], row)), kinds[position])
                if position in sheet.computed
                else (value, kinds[position])
                for position, value in enumerate(values)
            ]
        )
    total = sheet.total_row
    if total is not None:
        cells: list[StyledValue] = []
        for position, kind in enumerate(kinds):
            letter = get_column_letter(position + 1)
            if position in sheet.sums:
                value: object = Formula(
                    f"=SUM({letter}{sheet.first_row}:{letter}{sheet.last_row})"
                    if sheet.rows
                    else "=0"
                )
            elif position in sheet.computed:
                value = Formula(_formula(sheet.computed[position], total))
            elif position in sheet.total_values:
                value = sheet.total_values[position]
            else:
                value = sheet.total_label if position == 0 else ""
            style = f"{kind}_bold"
            if position == 0 and kind == "annex_text":
                style = "annex_total_label"
            cells.append((value, style))
        body.append(cells)
        figures = sheet.sums | set(sheet.computed) | set(sheet.total_values) | sheet.money
        label_end = min(figures, default=columns)  # the label spans the columns before
        if label_end > 1:
            merge_in_body(page, f"A{total}:{get_column_letter(label_end)}{total}")
    if sheet.notes:
        body.append([])
    after = (total or sheet.last_row) + 2
    last = get_column_letter(columns)
    for row, note in enumerate(sheet.notes, start=after):
        body.append([(note, "annex_note")])
        merge_in_body(page, f"A{row}:{last}{row}")
        page.row_dimensions[row].height = 30
    return body


def _layout(page: Worksheet, sheet: AnnexSheet) -> None:
    """Widths, frozen header, A4 landscape fitted to the page's width."""
    header = sheet.header_row
    for position, title in enumerate(sheet.headers):
        if position in sheet.wide:
            width = 42
        elif _kind(sheet, position) == "money":
            width = 19
        elif _kind(sheet, position) == "rate":
            width = 11
        elif title == "STT":
            width = 6
        else:
            width = 14
        page.column_dimensions[get_column_letter(position + 1)].width = width
    page.freeze_panes = f"A{sheet.first_row}"  # a reference: page.cell() would make a cell
    page.print_title_rows = f"{header}:{header}"
    page.page_setup.orientation = "landscape"
    page.page_setup.paperSize = page.PAPERSIZE_A4
    page.page_setup.fitToWidth = 1
    page.page_setup.fitToHeight = 0
    page.sheet_properties.pageSetUpPr.fitToPage = True


def annex_xlsx(sheets: Sequence[AnnexSheet]) -> bytes:
    """The workbook of the annex tables, one sheet per Biểu, in order."""
    book = Workbook()
    _styles(book)
    book.remove(book.active)
    bodies = {}
    for sheet in sheets:
        page = book.create_sheet(title=sheet.name[:31])
        bodies[page] = _head(page, sheet)
        _layout(page, sheet)
    return save_with_bodies(book, bodies)
