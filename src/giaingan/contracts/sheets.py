"""The payables tables as files: the rows the investor page shows, handed to
documents.tables (documents/sheets.py writes the cells)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from giaingan.contracts.models import DossierStatus
from giaingan.documents.tables import TableSheet
from giaingan.figures.payables import DossierWait, PayablesRow, pile_up_percent
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_number, format_percent
from giaingan.org.models import Unit

PAYABLES_HEADERS = [
    "Mã dự án",
    "Giá trị đã nghiệm thu (đồng)",
    "Đã thanh toán (đồng)",
    "Đã nghiệm thu, chưa thanh toán (đồng)",
    "Số ngày nghiệm thu → hồ sơ (bình quân)",
    "Số ngày hồ sơ → thanh toán (bình quân)",
    "Hồ sơ đang chờ",
    "Chỉ số dồn cuối năm (tháng 12 và tháng 1)",
]
SLOWEST_HEADERS = [
    "Mã dự án",
    "Số hồ sơ",
    "Nhà thầu",
    "Số tiền đề nghị (đồng)",
    "Đã thanh toán (đồng)",
    "Ngày gửi",
    "Ngày thanh toán",
    "Số ngày chờ",
    "Trạng thái",
    "Số lần bị trả lại",
]


def days_text(days: Decimal | None) -> str:
    return "-" if days is None else format_number(days, 1)


def payables_cells(code: str, row: PayablesRow, pile_up: Decimal | None) -> list[object]:
    return [
        code,
        row.accepted,
        row.paid,
        row.unpaid,
        days_text(row.days_to_dossier),
        days_text(row.days_to_payment),
        row.waiting_dossiers,
        format_percent(pile_up),
    ]


def investor_sheet(
    investor: Unit, as_of: dt.date, plan_year: int, rows: list[tuple], total: PayablesRow
) -> TableSheet:
    return TableSheet(
        title=f"Nghiệm thu và thanh toán các dự án của {investor.name}",
        subtitle=(
            f"Số liệu tính đến ngày {format_date(as_of)}. Chỉ số dồn cuối năm: phần giải "
            f"ngân kế hoạch năm {plan_year} chi trong tháng 12 và tháng 1 năm sau."
        ),
        headers=PAYABLES_HEADERS,
        rows=[payables_cells(code, row, pile_up) for code, row, pile_up in rows],
        money={1, 2, 3},
        total=payables_cells(f"Tổng cộng ({len(rows)} dự án)", total, pile_up_percent(total)),
        right={4, 5, 7},
    )


def slowest_sheet(investor: Unit, as_of: dt.date, waits: list[DossierWait]) -> TableSheet:
    return TableSheet(
        title=f"Hồ sơ thanh toán chờ lâu nhất, dự án của {investor.name}",
        subtitle=f"Số ngày tính từ lần gửi đầu đến ngày thanh toán, hoặc đến {format_date(as_of)}.",
        headers=SLOWEST_HEADERS,
        rows=[
            [
                wait.project_code,
                wait.number,
                wait.contractor,
                wait.amount,
                wait.paid,
                format_date(wait.sent_on),
                format_date(wait.paid_on) if wait.paid_on else "-",
                wait.days,
                DossierStatus(wait.status).label,
                wait.return_count,
            ]
            for wait in waits
        ],
        money={3, 4},
        wide={2},
    )
