"""What a report says, as plain data: the figures of Finance-Planning's periodic report
(from `figures`), the obstacles grouped from the monitoring register, and the text blocks
pre-filled from them for the drafter to edit. The treasury's result tables alike.

The data is JSON (whole đồng, ISO dates, rates left to be derived from the amounts), so an
issued report keeps exactly the figures it was issued with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from giaingan.documents.reports import FINANCE_PLANNING
from giaingan.figures.laggards import slowest
from giaingan.figures.periods import PeriodFigures, PeriodRow, compare_rates, period_figures
from giaingan.figures.selectors import Base, FigureRow, Grouping
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_number, format_rate
from giaingan.monitoring.selectors import obstacle_list, obstacle_register
from giaingan.org.issuers import home_committee
from giaingan.org.places import name_within
from giaingan.org.signers import finance_planning_office
from giaingan.reporting.periods import ReportKind, ReportPeriod

# The annex tables by group, in the order of the report's sections (Biểu 02 ...).
PERIODIC_GROUPINGS = (Grouping.SOURCE, Grouping.INVESTOR, Grouping.AGENCY, Grouping.COMMUNE)
TREASURY_GROUPINGS = (Grouping.AGENCY, Grouping.INVESTOR)
# The text blocks a drafter edits before the paper is made, with their headings.
TEXT_BLOCKS = {
    "results": "Kết quả thực hiện so với kế hoạch và mục tiêu",
    "comparison": "So với cùng kỳ năm trước",
    "obstacles": "Khó khăn, vướng mắc và nguyên nhân",
    "proposals": "Kiến nghị, đề xuất",
    "tasks": "Nhiệm vụ, giải pháp kỳ tới",
}
TEXT_LIMIT = 20000  # characters per block
SLOW_SHOWN = 5


@dataclass(frozen=True)
class ReportRequest:
    kind: ReportKind
    as_of: dt.date
    base: Base = Base.ASSIGNED

    @property
    def period(self) -> ReportPeriod:
        return ReportPeriod(ReportKind(self.kind), self.as_of)


def _total(row: PeriodRow) -> dict:
    data = row.as_dict()
    del data["code"], data["name"]
    return data


def _table(figures: PeriodFigures, by: Grouping) -> dict:
    table = figures.table(by)
    return {
        "by": str(by),
        "label": by.label,
        "rows": [row.as_dict() for row in table.rows],
        "total": _total(table.total),
    }


def _obstacles(as_of: dt.date) -> dict:
    register = obstacle_register(as_of=as_of, by="kind")
    items: dict[str, list[dict]] = {}
    for obstacle in obstacle_list(as_of=as_of):
        items.setdefault(obstacle.kind, []).append(
            {
                "project_code": obstacle.project.code,
                "project_name": obstacle.project.name,
                "description": obstacle.description,
                "responsible": obstacle.responsible_unit.name,
                "due_date": obstacle.due_date.isoformat(),
                "overdue": obstacle.due_date < as_of,
                "status": obstacle.get_status_display(),
            }
        )
    return {
        "groups": [
            {**group.as_dict("kind"), "entries": items.get(group.key, [])}
            for group in register.groups
        ],
        "total": {
            "open": register.total.open,
            "cleared": register.total.cleared,
            "projects": register.total.projects,
            "plan_held": register.total.plan_held,
        },
    }


def periodic_content(request: ReportRequest) -> dict:
    """The figures of Finance-Planning's periodic report as of `request.as_of`."""
    period = request.period
    figures = period_figures(
        year=period.year, as_of=request.as_of, since=period.start, base=request.base
    )
    last_year = figures.last_year()
    tables = [_table(figures, by) for by in PERIODIC_GROUPINGS]
    investors = figures.now.table(Grouping.INVESTOR)
    return {
        **_heading(request, period),
        "total": _total(figures.total()),
        "last_year": {
            "year": last_year.year,
            "as_of": last_year.as_of.isoformat(),
            **_total(last_year.total()),
        },
        "targets": [check.as_dict() for check in figures.targets()],
        "tables": tables,
        "slowest": [_slow(row) for row in slowest(investors.rows, SLOW_SHOWN)],
        "obstacles": _obstacles(request.as_of),
    }


def treasury_content(request: ReportRequest) -> dict:
    """The treasury's result tables by governing agency and by investor."""
    period = request.period
    figures = period_figures(
        year=period.year, as_of=request.as_of, since=period.start, base=request.base
    )
    return {
        **_heading(request, period),
        "total": _total(figures.total()),
        "tables": [_table(figures, by) for by in TREASURY_GROUPINGS],
    }


def _heading(request: ReportRequest, period: ReportPeriod) -> dict:
    base = Base(request.base)
    committee = home_committee()
    committee_name = committee.name if committee else "Ủy ban nhân dân"
    office = finance_planning_office(committee=committee)
    return {
        "committee": committee_name,
        # The Finance-Planning office as its own papers name it ("Sở Tài chính" under a
        # province), kept with the figures: an archived report never changes.
        "office": name_within(office.name, committee_name) if office else FINANCE_PLANNING,
        "kind": str(request.kind),
        "kind_label": ReportKind(request.kind).label,
        "year": period.year,
        "period": period.code,
        "period_phrase": period.phrase,
        "next_phrase": period.next_phrase,
        "change_label": period.change_label,
        "since": period.start.isoformat(),
        "as_of": request.as_of.isoformat(),
        "base": str(base),
        "base_label": base.label,
    }


def _slow(row: FigureRow) -> dict:
    return {"code": row.code, "name": row.name, "plan": row.plan, "disbursed": row.disbursed}


# --- The text blocks, pre-filled from the figures ---------------------------------------


def _money(amount: int) -> str:
    return f"{format_number(amount)} đồng"


def _share(target: dict) -> str:
    """ "60.00" -> "60", "62.50" -> "62,5"."""
    return format_number(Decimal(target["share_percent"]), 2).rstrip("0").rstrip(",")


def default_texts(content: dict) -> dict[str, str]:
    """The five text blocks as the data writes them; the drafter edits them in the form."""
    as_of = dt.date.fromisoformat(content["as_of"])
    total = content["total"]
    last = content["last_year"]
    results = [
        f"Tính đến ngày {format_date(as_of)}, tổng kế hoạch vốn đầu tư công năm "
        f"{content['year']} là {_money(total['plan'])}; đã giải ngân "
        f"{_money(total['disbursed'])}, đạt {format_rate(total['disbursed'], total['plan'])} "
        f"kế hoạch; {content['change_label'].lower()} là "
        f"{_money(total['change'])}. Số dư tạm ứng chưa thu hồi "
        f"{_money(total['outstanding_advance'])}."
    ]
    for target in content["targets"]:
        due = format_date(dt.date.fromisoformat(target["due_date"]))
        share = _share(target)
        if target["due"]:
            verdict = (
                "đã đạt"
                if target["met"]
                else f"chưa đạt (còn thiếu {_money(target['required'] - target['disbursed'])})"
            )
            results.append(
                f"Mục tiêu giải ngân {share}% kế hoạch đến ngày {due} "
                f"({_money(target['required'])}): {verdict}."
            )
        else:
            remaining = max(target["required"] - target["disbursed"], 0)
            results.append(
                f"Mục tiêu giải ngân {share}% kế hoạch đến ngày {due}: cần giải ngân thêm "
                f"{_money(remaining)}."
            )
    comparison = (
        f"Cùng kỳ năm {last['year']} (đến ngày "
        f"{format_date(dt.date.fromisoformat(last['as_of']))}), kế hoạch vốn là "
        f"{_money(last['plan'])}, đã giải ngân {_money(last['disbursed'])}, đạt "
        f"{format_rate(last['disbursed'], last['plan'])} kế hoạch."
    )
    compared = compare_rates(total["disbursed"], total["plan"], last["disbursed"], last["plan"])
    if compared is not None:
        word = {1: "cao hơn", 0: "bằng", -1: "thấp hơn"}[compared]
        comparison += (
            f" Tỷ lệ giải ngân năm nay {word} cùng kỳ "
            f"({format_rate(total['disbursed'], total['plan'])} so với "
            f"{format_rate(last['disbursed'], last['plan'])}); giá trị giải ngân "
            f"{'tăng' if total['disbursed'] >= last['disbursed'] else 'giảm'} "
            f"{_money(abs(total['disbursed'] - last['disbursed']))}."
        )
    obstacles = content["obstacles"]
    held = obstacles["total"]
    if held["open"]:
        kinds = [
            f"{group['label'].lower()} ({group['open']})"
            for group in obstacles["groups"]
            if group["open"]
        ]
        obstacle_text = (
            f"Đến ngày {format_date(as_of)} còn {held['open']} vướng mắc chưa được tháo gỡ tại "
            f"{held['projects']} dự án, với tổng kế hoạch vốn {_money(held['plan_held'])}; "
            f"chủ yếu do: {', '.join(kinds)}."
        )
    else:
        obstacle_text = f"Đến ngày {format_date(as_of)} không có vướng mắc nào chưa tháo gỡ."
    overdue = sorted(
        {
            item["responsible"]
            for group in obstacles["groups"]
            for item in group["entries"]
            if item["overdue"]
        }
    )
    proposals = [
        f"Đề nghị {content['committee']} chỉ đạo các chủ đầu tư tập trung nghiệm thu khối lượng hoàn thành "
        "và hoàn thiện hồ sơ thanh toán ngay, không để dồn vào cuối năm."
    ]
    if overdue:
        proposals.append(
            f"Chỉ đạo các đơn vị tháo gỡ dứt điểm các vướng mắc đã quá hạn: {', '.join(overdue)}."
        )
    tasks = [
        f"Trong {content['next_phrase']}, tiếp tục đôn đốc các chủ đầu tư đẩy nhanh tiến độ "
        "thực hiện và giải ngân."
    ]
    ahead = [target for target in content["targets"] if not target["due"]]
    if ahead:
        target = ahead[0]
        tasks.append(
            f"Phấn đấu đạt mục tiêu {_share(target)}% kế hoạch "
            f"đến ngày {format_date(dt.date.fromisoformat(target['due_date']))}, tức giải ngân "
            f"thêm {_money(max(target['required'] - target['disbursed'], 0))}."
        )
    if content["slowest"]:
        names = "; ".join(
            f"{row['name']} ({format_rate(row['disbursed'], row['plan'])})"
            for row in content["slowest"]
        )
        tasks.append(f"Kiểm tra, đôn đốc các chủ đầu tư có tỷ lệ giải ngân thấp: {names}.")
    return {
        "results": "\n".join(results),
        "comparison": comparison,
        "obstacles": obstacle_text,
        "proposals": "\n".join(proposals),
        "tasks": "\n".join(tasks),
    }
