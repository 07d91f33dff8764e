"""The forecast and the advisor's proposal as files: json (the command line's contract),
csv with the json's keys as headers (for scripts), xlsx for people (through
`documents.tables`, so no text becomes a formula)."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from giaingan.documents.sheets import csv_text
from giaingan.documents.tables import TableSheet, sheet_xlsx
from giaingan.figures.advisor import Advice
from giaingan.figures.forecast import Forecast
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_rate

FIRST_YEAR, LAST_YEAR = 1990, 2100


def year_check(year: int) -> None:
    """A plan year the commands can read (the forms' range); else exit 2 (misuse)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CommandError(
            f"--year: năm kế hoạch phải từ {FIRST_YEAR} đến {LAST_YEAR} (giá trị: {year})",
            returncode=2,
        )


FORECAST_COLUMNS = ["code", "plan", "disbursed", "expected", "low", "high"]
MOVE_COLUMNS = ["from", "to", "source", "amount", "reason"]


def forecast_json(forecast: Forecast) -> str:
    return json.dumps(forecast.as_dict(), ensure_ascii=False, indent=2) + "\n"


def forecast_csv(forecast: Forecast) -> str:
    """One row per project, the json's keys as headers; the total last under the code
    `Tổng cộng` (its low and high are the sums of the projects')."""
    rows = [[row.as_dict()[key] for key in FORECAST_COLUMNS] for row in forecast.projects]
    total = forecast.total
    rows.append(["Tổng cộng", total.plan, total.disbursed, total.expected, total.low, total.high])
    return csv_text(FORECAST_COLUMNS, rows)


def forecast_sheet(forecast: Forecast) -> TableSheet:
    def cells(estimate) -> list[object]:
        return [
            estimate.plan,
            estimate.disbursed,
            estimate.expected,
            estimate.low,
            estimate.high,
            format_rate(estimate.expected, estimate.plan),
        ]

    return TableSheet(
        title=f"DỰ BÁO GIẢI NGÂN KẾ HOẠCH VỐN NĂM {forecast.year} ĐẾN NGÀY "
        f"{format_date(forecast.deadline)}",
        subtitle=f"Số liệu tính đến ngày {format_date(forecast.as_of)}; cơ sở: kế hoạch vốn "
        "giao trong năm (kể cả giao bổ sung, không gồm vốn kéo dài).",
        headers=[
            "Mã dự án",
            "Tên dự án",
            "Kế hoạch (đồng)",
            "Đã giải ngân (đồng)",
            "Dự kiến đến hạn (đồng)",
            "Thấp nhất (đồng)",
            "Cao nhất (đồng)",
            "Tỷ lệ dự kiến",
            "Cảnh báo",
        ],
        rows=[
            [
                row.code,
                row.name,
                *cells(row.estimate),
                "Không sử dụng hết kế hoạch" if row.estimate.flagged else "",
            ]
            for row in forecast.projects
        ],
        money={2, 3, 4, 5, 6},
        total=["Tổng cộng", "", *cells(forecast.total), ""],
        wide={1},
        right={7},
        unit_note="Đơn vị tính: đồng",
    )


def forecast_xlsx(forecast: Forecast) -> bytes:
    return sheet_xlsx(forecast_sheet(forecast))


def advice_json(advice: Advice) -> str:
    return json.dumps(advice.as_dict(), ensure_ascii=False, indent=2) + "\n"


def advice_csv(advice: Advice) -> str:
    """One row per move, the json's keys as headers (the rates are in the json only)."""
    moves = advice.as_dict()["moves"]
    return csv_text(MOVE_COLUMNS, [[move[key] for key in MOVE_COLUMNS] for move in moves])


def advice_sheet(advice: Advice) -> TableSheet:
    data = advice.as_dict()
    forecast = advice.forecast
    before, after = advice.outcome.before.total, advice.outcome.after.total

    return TableSheet(
        title=f"ĐỀ XUẤT ĐIỀU CHUYỂN KẾ HOẠCH VỐN NĂM {forecast.year}",
        subtitle=f"Số liệu tính đến ngày {format_date(forecast.as_of)}. Tỷ lệ giải ngân dự kiến "
        f"đến ngày {format_date(forecast.deadline)}: trước điều chuyển "
        f"{format_rate(before.expected, before.plan)}, sau điều chuyển "
        f"{format_rate(after.expected, after.plan)}.",
        headers=["Từ dự án", "Đến dự án", "Nguồn vốn", "Số tiền (đồng)", "Lý do"],
        rows=[[move[key] for key in MOVE_COLUMNS] for move in data["moves"]],
        money={3},
        total=["Tổng cộng", "", "", sum(move["amount"] for move in data["moves"]), ""],
        wide={4},
        unit_note="Đơn vị tính: đồng",
    )


def advice_xlsx(advice: Advice) -> bytes:
    return sheet_xlsx(advice_sheet(advice))
