"""The disbursement table and a project's ledger as files: csv for scripts, xlsx for officials."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from giaingan.figures.selectors import DisbursementTable, FigureRow
from giaingan.lib.dates import format_date
from giaingan.lib.money import shown_rate

CSV_COLUMNS = ["code", "name", "plan", "disbursed", "outstanding_advance", "rate_percent", "rank"]


def table_json(table: DisbursementTable) -> str:
    return json.dumps(table.as_dict(), ensure_ascii=False, indent=2)


def table_csv(table: DisbursementTable) -> str:
    """One row per group and a last row `Tổng cộng`; rates with a decimal point."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in [*table.rows, table.total]:
        data = row.as_dict()
        if data["rate_percent"] is not None:
            data["rate_percent"] = f"{shown_rate(row.disbursed, row.plan):.2f}"
        writer.writerow(["" if data[column] is None else data[column] for column in CSV_COLUMNS])
    return out.getvalue()


def table_title(table: DisbursementTable) -> str:
    return f"TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM {table.year} THEO {table.by.label.upper()}"


def table_xlsx(table: DisbursementTable) -> bytes:
    """An Excel sheet: title with base and date, Vietnamese headers, totals, frozen header."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"Giải ngân {table.year}"
    headers = [
        "STT",
        "Mã",
        table.by.label,
        "Kế hoạch vốn (đồng)",
        "Đã giải ngân (đồng)",
        "Dư ứng (đồng)",
        "Tỷ lệ giải ngân (%)",
        "Xếp hạng",
    ]
    bold = Font(name="Times New Roman", bold=True, size=12)
    plain = Font(name="Times New Roman", size=12)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    last = get_column_letter(len(headers))

    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = table_title(table)
    sheet["A1"].font = Font(name="Times New Roman", bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", wrap_text=True)
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = (
        f"Số liệu tính đến ngày {format_date(table.as_of)}. Cơ sở tính tỷ lệ: {table.base.label}."
    )
    sheet["A2"].font = Font(name="Times New Roman", italic=True, size=12)
    sheet["A2"].alignment = Alignment(horizontal="center", wrap_text=True)
    sheet.row_dimensions[2].height = 32
    sheet.merge_cells(f"A3:{last}3")
    sheet["A3"] = "Đơn vị tính: đồng"
    sheet["A3"].alignment = Alignment(horizontal="right")
    sheet["A3"].font = Font(name="Times New Roman", italic=True, size=11)

    header_row = 4
    for column, title in enumerate(headers, start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font = bold
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[header_row].height = 36

    def write(row_number: int, number: int | str, row: FigureRow, font: Font) -> None:
        values = [
            number,
            row.code,
            row.name,
            row.plan,
            row.disbursed,
            row.outstanding_advance,
            None if row.rate_percent is None else float(shown_rate(row.disbursed, row.plan)),
            row.rank,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            cell.font = font
            cell.border = box
            if column in (4, 5, 6):
                cell.number_format = "#,##0"
            elif column == 7:
                cell.number_format = "0.00"
            if column == 3:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    row_number = header_row
    for number, row in enumerate(table.rows, start=1):
        row_number += 1
        write(row_number, number, row, plain)
    write(row_number + 1, "", table.total, bold)
    sheet.merge_cells(
        start_row=row_number + 1, start_column=1, end_row=row_number + 1, end_column=3
    )
    sheet.cell(row=row_number + 1, column=1, value="Tổng cộng").font = bold

    for column, width in enumerate([6, 14, 48, 20, 20, 18, 12, 10], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    return _saved(book, header_row)


def _saved(book: Workbook, header_row: int) -> bytes:
    """The workbook as bytes, its sheet frozen and printed on A4 landscape with the header
    row on every page."""
    sheet = book.active
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class LedgerSheet:
    """Rows of a ledger (a project's plan entries or treasury lines) to hand over as a file."""

    title: str
    subtitle: str
    headers: list[str]
    rows: list[list[object]]
    money: set[int]  # positions of the columns in đồng, summed in a last row


def ledger_csv(sheet: LedgerSheet) -> str:
    """The rows under their headers; dates as dd/mm/yyyy, as the import files write them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow(
            [
                "" if value is None else format_date(value) if isinstance(value, dt.date) else value
                for value in row
            ]
        )
    return out.getvalue()


def ledger_xlsx(sheet: LedgerSheet) -> bytes:
    """An Excel sheet: title, Vietnamese headers, amounts with separators and a total row,
    frozen header, A4 landscape."""
    book = Workbook()
    page = book.active
    page.title = sheet.title[:31]
    bold = Font(name="Times New Roman", bold=True, size=12)
    plain = Font(name="Times New Roman", size=12)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    last = get_column_letter(len(sheet.headers))
    for row, text, font in [
        (1, sheet.title.upper(), Font(name="Times New Roman", bold=True, size=14)),
        (2, sheet.subtitle, Font(name="Times New Roman", italic=True, size=12)),
    ]:
        page.merge_cells(f"A{row}:{last}{row}")
        page[f"A{row}"] = text
        page[f"A{row}"].font = font
        page[f"A{row}"].alignment = Alignment(horizontal="center", wrap_text=True)
    header_row = 3
    for column, title in enumerate(sheet.headers, start=1):
        cell = page.cell(row=header_row, column=column, value=title)
        cell.font = bold
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    page.row_dimensions[header_row].height = 36
    totals = ["Tổng cộng", *([None] * (len(sheet.headers) - 1))]
    for position in sheet.money:
        totals[position] = sum(row[position] or 0 for row in sheet.rows)
    for offset, values in enumerate([*sheet.rows, totals], start=1):
        font = bold if offset > len(sheet.rows) else plain
        for column, value in enumerate(values, start=1):
            cell = page.cell(row=header_row + offset, column=column, value=value)
            cell.font = font
            cell.border = box
            if column - 1 in sheet.money:
                cell.number_format = "#,##0"
            elif isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    for column, title in enumerate(sheet.headers, start=1):
        wide = 20 if column - 1 in sheet.money else max(12, min(len(title) + 2, 36))
        page.column_dimensions[get_column_letter(column)].width = wide
    return _saved(book, header_row)
