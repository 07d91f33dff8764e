"""The pages' tables as files: csv and xlsx with the page's Vietnamese headers, its columns
in its order and its rows in its order (by rank where the page ranks), amounts in đồng.
Every cell goes through `documents.sheets`, so no text can become a formula."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter

from giaingan.documents.sheets import StyledValue, csv_text, put, put_row, save_with_body
from giaingan.figures.selectors import DisbursementTable, FigureRow
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_rate, shown_rate
from giaingan.lib.targets import format_gap

# The command line's csv (`report --format csv`) is for scripts: the json's keys.
CSV_COLUMNS = ["code", "name", "plan", "disbursed", "outstanding_advance", "rate_percent", "rank"]


@dataclass(frozen=True)
class TableSheet:
    """A table as a page shows it, ready to hand over as a file."""

    title: str
    subtitle: str
    headers: list[str]
    rows: list[list[object]]
    money: set[int] = field(default_factory=set)  # positions of the columns in đồng
    total: list[object] | None = None  # the page's total row, if it has one
    wide: set[int] = field(default_factory=set)  # positions of long text columns
    right: set[int] = field(default_factory=set)  # positions of formatted figures (rates)
    unit_note: str = ""  # a line above the headers, e.g. "Đơn vị tính: đồng"
    tab: str = "Bảng số liệu"  # the sheet's name in the workbook


def table_json(table: DisbursementTable) -> str:
    return json.dumps(table.as_dict(), ensure_ascii=False, indent=2)


def table_csv(table: DisbursementTable) -> str:
    """The command's csv: the json's keys as headers, one row per group and a last row
    `Tổng cộng`; rates with a decimal point."""
    rows = []
    for row in [*table.rows, table.total]:
        data = row.as_dict()
        if row.rate_percent is not None:
            data["rate_percent"] = f"{shown_rate(row.disbursed, row.plan):.2f}"
        rows.append([data[column] for column in CSV_COLUMNS])
    return csv_text(CSV_COLUMNS, rows)


def table_title(table: DisbursementTable) -> str:
    return f"TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM {table.year} THEO {table.by.label.upper()}"


def figure_sheet(table: DisbursementTable) -> TableSheet:
    """A figures table as the dashboard shows it: best rate first, the gap to the target
    where there is one, the total last."""
    target = table.target is not None
    headers = [
        "Hạng",
        "Mã",
        table.by.label,
        "Kế hoạch (đồng)",
        "Đã giải ngân (đồng)",
        "Dư ứng (đồng)",
        "Tỷ lệ",
        *(["So với mục tiêu"] if target else []),
    ]

    def cells(row: FigureRow) -> list[object]:
        return [
            row.plan,
            row.disbursed,
            row.outstanding_advance,
            format_rate(row.disbursed, row.plan),
            *([format_gap(row.target_gap_points)] if target else []),
        ]

    return TableSheet(
        title=table_title(table),
        subtitle=(
            f"Số liệu tính đến ngày {format_date(table.as_of)}. "
            f"Cơ sở tính tỷ lệ: {table.base.label}."
        ),
        headers=headers,
        rows=[[row.rank, row.code, row.name, *cells(row)] for row in table.ranked()],
        money={3, 4, 5},
        total=["Tổng cộng", "", "", *cells(table.total)],
        wide={2},
        right={6, 7},
        unit_note="Đơn vị tính: đồng",
    )


def table_xlsx(table: DisbursementTable) -> bytes:
    return sheet_xlsx(figure_sheet(table))


def sheet_csv(sheet: TableSheet) -> str:
    """The rows under the headers, the total last; dates dd/mm/yyyy as the import files
    write them, amounts as whole đồng."""
    rows: list[Sequence[object]] = list(sheet.rows)
    if sheet.total is not None:
        rows.append(sheet.total)
    return csv_text(sheet.headers, rows)


STYLE_KINDS = {
    "text": {},
    "money": {"number_format": "#,##0"},
    "date": {"number_format": "dd/mm/yyyy"},
    "right": {"alignment": Alignment(horizontal="right")},
    "wide": {"alignment": Alignment(wrap_text=True, vertical="top")},
}


def _register_styles(book: Workbook) -> None:
    """Named styles for the table's cells: plain and bold (the total) of each kind."""
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for bold in (False, True):
        for kind, extra in STYLE_KINDS.items():
            book.add_named_style(
                NamedStyle(
                    name=_style_name(kind, bold),
                    font=Font(name="Times New Roman", bold=bold, size=12),
                    border=box,
                    **extra,
                )
            )


def _style_name(kind: str, bold: bool) -> str:
    return f"giaingan_{kind}{'_bold' if bold else ''}"


def sheet_xlsx(sheet: TableSheet) -> bytes:
    """An Excel sheet: title, subtitle, the headers, amounts with separators and the total
    row, frozen header, A4 landscape with the header on every page."""
    book = Workbook()
    _register_styles(book)
    page = book.active
    page.title = sheet.tab[:31]
    bold = Font(name="Times New Roman", bold=True, size=12)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    last = get_column_letter(len(sheet.headers))
    for row, text, font in [
        (1, sheet.title.upper(), Font(name="Times New Roman", bold=True, size=14)),
        (2, sheet.subtitle, Font(name="Times New Roman", italic=True, size=12)),
    ]:
        page.merge_cells(f"A{row}:{last}{row}")
        cell = put(page, row, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    page.row_dimensions[2].height = 32
    header_row = 3
    if sheet.unit_note:
        page.merge_cells(f"A3:{last}3")
        note = put(page, 3, 1, sheet.unit_note)
        note.font = Font(name="Times New Roman", italic=True, size=11)
        note.alignment = Alignment(horizontal="right")
        header_row = 4
    for cell in put_row(page, header_row, sheet.headers):
        cell.font = bold
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    page.row_dimensions[header_row].height = 36
    kinds = [
        "money"
        if position in sheet.money
        else "right"
        if position in sheet.right
        else "wide"
        if position in sheet.wide
        else "text"
        for position in range(len(sheet.headers))
    ]
    styles = {total: [_style_name(kind, total) for kind in kinds] for total in (False, True)}
    dates = {total: _style_name("date", total) for total in (False, True)}

    def styled(values: Sequence[object], total: bool) -> list[StyledValue]:
        return [
            (value, dates[total] if isinstance(value, dt.date) else style)
            for value, style in zip(values, styles[total], strict=False)
        ]

    body = [styled(values, False) for values in sheet.rows]
    if sheet.total is not None:
        body.append(styled(sheet.total, True))
    for position, title in enumerate(sheet.headers):
        if position in sheet.wide:
            width = 48
        elif position in sheet.money:
            width = 20
        else:
            width = max(10, min(len(title) + 2, 36))
        page.column_dimensions[get_column_letter(position + 1)].width = width
    page.freeze_panes = f"A{header_row + 1}"  # a reference: page.cell() would make a cell
    page.print_title_rows = f"{header_row}:{header_row}"
    page.page_setup.orientation = "landscape"
    page.page_setup.paperSize = page.PAPERSIZE_A4
    return save_with_body(book, page, body)
