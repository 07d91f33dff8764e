"""The papers of a report, made from its content (figures as data) and its edited texts:
the Decree 30 docx and the xlsx annex (Biểu 01, 02, ...) whose totals and rates are
formulas. Made from stored data only, so an issued report's papers can be made again the
same way from what it keeps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from giaingan.documents.annex import AnnexSheet, Difference, Rate, Verdict, annex_xlsx
from giaingan.documents.official import render_docx
from giaingan.documents.reports import BLANK, FINANCE_PLANNING
from giaingan.lib.dates import format_date
from giaingan.lib.money import shown_rate
from giaingan.org.models import Unit, UnitKind
from giaingan.org.places import level_of, party_committee, place_of
from giaingan.org.signers import finance_planning_office, unit_signer
from giaingan.reporting.content import TEXT_BLOCKS
from giaingan.reporting.periods import ReportKind

TREASURY = "Kho bạc Nhà nước"
# Ký hiệu of each kind of report, so that numbers counted per year and kind never collide.
SYMBOLS = {
    ("periodic", ReportKind.MONTHLY): "BCT-TCKH",
    ("periodic", ReportKind.QUARTERLY): "BCQ-TCKH",
    ("periodic", ReportKind.HALF_YEAR): "BC6T-TCKH",
    ("periodic", ReportKind.ANNUAL): "BCN-TCKH",
    ("periodic", ReportKind.AD_HOC): "BC-TCKH",
    ("treasury", ReportKind.MONTHLY): "BCT-KBNN",
    ("treasury", ReportKind.QUARTERLY): "BCQ-KBNN",
    ("treasury", ReportKind.ANNUAL): "BCN-KBNN",
}
UNNUMBERED = "      "  # a draft's number is left for the clerk


@dataclass(frozen=True)
class Header:
    """Who issues the paper, its number and date, who signs."""

    number: str
    issued_on: dt.date | None  # None: a draft, its day left blank like its number
    signer_name: str = ""


def report_signer(paper: str, typed: str, user: Any = None) -> str:
    """The name typed under a report's signature: the one given when it is issued, else the
    head recorded on the issuing unit (Finance-Planning's office, the treasury), else the
    official who makes it (`org.signers`: never blank)."""
    if typed.strip():
        return typed.strip()
    if paper == "treasury":
        unit, titles, what = treasury_unit(), ["Giám đốc"], "báo cáo của Kho bạc"
    else:
        unit, titles, what = finance_planning_office(user), ["Trưởng phòng"], "báo cáo"
    return unit_signer(unit, titles=titles, what=what, issued_by=user).name


def number_text(paper: str, kind: str, sequence: int | None) -> str:
    """ "07/BCQ-TCKH"; a draft: "      /BCQ-TCKH"."""
    symbol = SYMBOLS[(paper, ReportKind(kind))]
    return f"{UNNUMBERED if sequence is None else f'{sequence:02d}'}/{symbol}"


def text_lines(text: str) -> list[str]:
    """A text block's paragraphs: one per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def with_rate(row: dict) -> dict:
    """The row with its rate as shown (cut to 2 decimals), from its amounts."""
    return {**row, "rate": shown_rate(row["disbursed"], row["plan"])}


def _annexes(content: dict, first: int) -> list[dict]:
    return [
        {
            "number": f"{first + offset:02d}",
            "label": table["label"],
            "title": _table_title(content, table),
            "rows": [with_rate(row) for row in table["rows"]],
            "total": with_rate(table["total"]),
        }
        for offset, table in enumerate(content["tables"])
    ]


def _table_title(content: dict, table: dict) -> str:
    return (
        f"Kết quả giải ngân vốn đầu tư công {content['period_phrase']} theo "
        f"{table['label'].lower()}"
    )


def _common(content: dict, header: Header, issuer: str, parent: str) -> dict:
    committee = content["committee"]
    return {
        "issuer_parent": parent,
        "issuer": issuer,
        "number": header.number,
        "place": place_of(committee) or BLANK,
        "date": header.issued_on,
        "signer_name": header.signer_name,
        "addressee": committee,
        "year": content["year"],
        "as_of": dt.date.fromisoformat(content["as_of"]),
        "period_phrase": content["period_phrase"],
        "next_phrase": content["next_phrase"],
        "change_label": content["change_label"],
        "base_label": content["base_label"],
        "this_year": with_rate(content["total"]),
    }


def periodic_context(content: dict, texts: dict[str, str], header: Header) -> dict:
    sources, *others = content["tables"]
    return {
        # A report archived before the office was kept with it: the district's name.
        **_common(content, header, content.get("office", FINANCE_PLANNING), content["committee"]),
        "subject": (f"Tình hình thực hiện và giải ngân vốn đầu tư công {content['period_phrase']}"),
        "signer_titles": ["Trưởng phòng"],
        "recipients": [
            "Như trên",
            f"Thường trực {party_committee(content['committee'])}, HĐND "
            f"{level_of(content['committee'])} (b/c)",
            "Các chủ đầu tư",
        ],
        **{key: text_lines(texts.get(key, "")) for key in TEXT_BLOCKS},
        "targets": [
            {
                **target,
                "due_date": dt.date.fromisoformat(target["due_date"]),
                "share": target["share_percent"],
                "verdict": ("Đạt" if target["met"] else "Chưa đạt")
                if target["due"]
                else "Chưa đến hạn",
            }
            for target in content["targets"]
        ],
        "last_year": {"year": content["last_year"]["year"], **with_rate(content["last_year"])},
        "sources": {
            "rows": [with_rate(row) for row in sources["rows"]],
            "total": with_rate(sources["total"]),
        },
        "annexes": _annexes({**content, "tables": others}, first=3),
        "obstacle_groups": [
            {
                **group,
                "entries": [
                    {**item, "due_date": dt.date.fromisoformat(item["due_date"])}
                    for item in group["entries"]
                ],
            }
            for group in content["obstacles"]["groups"]
            if group["open"]
        ],
    }


def periodic_docx(content: dict, texts: dict[str, str], header: Header) -> bytes:
    return render_docx("bao_cao_tckh_dinh_ky", periodic_context(content, texts, header))


def treasury_unit() -> Unit | None:
    return Unit.objects.filter(kind=UnitKind.TREASURY).order_by("code").first()


def treasury_context(content: dict, header: Header) -> dict:
    unit = treasury_unit()
    issuer = unit.name if unit else TREASURY
    return {
        **_common(content, header, issuer, TREASURY if unit else ""),
        "subject": f"Kết quả giải ngân vốn đầu tư công {content['period_phrase']}",
        "signer_titles": ["Giám đốc"],
        "recipients": ["Như trên", FINANCE_PLANNING],
        "annexes": _annexes(content, first=1),
    }


def treasury_docx(content: dict, header: Header) -> bytes:
    return render_docx("bao_cao_kho_bac", treasury_context(content, header))


# --- The xlsx annex ----------------------------------------------------------------------

GROUP_HEADERS = [
    "STT",
    "Mã",
    "",  # the grouping's label
    "Kế hoạch vốn",
    "Đã giải ngân",
    "",  # the period's change
    "Dư ứng chưa thu hồi",
    "Tỷ lệ giải ngân (%)",
]


def _subtitle(content: dict) -> str:
    return (
        f"Số liệu tính đến ngày {format_date(dt.date.fromisoformat(content['as_of']))}. "
        f"Cơ sở tính tỷ lệ: {content['base_label']}."
    )


def group_sheet(content: dict, table: dict, number: int) -> AnnexSheet:
    """A Biểu of one grouping: the totals are SUMs of its rows, the rates formulas."""
    headers = list(GROUP_HEADERS)
    headers[2], headers[5] = table["label"], content["change_label"]
    return AnnexSheet(
        name=f"Biểu {number:02d}",
        title=_table_title(content, table),
        subtitle=_subtitle(content),
        headers=headers,
        rows=[
            [
                index,
                row["code"],
                row["name"],
                row["plan"],
                row["disbursed"],
                row["change"],
                row["outstanding_advance"],
                None,
            ]
            for index, row in enumerate(table["rows"], start=1)
        ],
        money={3, 4, 5, 6},
        sums={3, 4, 5, 6},
        computed={7: Rate(part=4, whole=3)},
        wide={2},
        notes=[
            "Tỷ lệ giải ngân = Đã giải ngân / Kế hoạch vốn x 100, lấy 2 chữ số thập phân "
            "(không làm tròn lên)."
        ],
    )


def summary_sheet(content: dict) -> AnnexSheet:
    """Biểu 01: this year and the same period last year, then the targets by date."""
    last = content["last_year"]
    return AnnexSheet(
        name="Biểu 01",
        title=f"Tổng hợp kết quả giải ngân vốn đầu tư công {content['period_phrase']}",
        subtitle=_subtitle(content),
        headers=[
            "Chỉ tiêu",
            "Kế hoạch vốn",
            "Đã giải ngân",
            content["change_label"],
            "Dư ứng chưa thu hồi",
            "Tỷ lệ giải ngân (%)",
        ],
        rows=[
            [
                f"Năm {content['year']}",
                content["total"]["plan"],
                content["total"]["disbursed"],
                content["total"]["change"],
                content["total"]["outstanding_advance"],
                None,
            ],
            [
                f"Cùng kỳ năm {last['year']} (đến ngày "
                f"{format_date(dt.date.fromisoformat(last['as_of']))})",
                last["plan"],
                last["disbursed"],
                last["change"],
                last["outstanding_advance"],
                None,
            ],
        ],
        money={1, 2, 3, 4},
        computed={5: Rate(part=2, whole=1)},
        total_label=None,
        wide={0},
    )


def targets_sheet(content: dict) -> AnnexSheet:
    """The targets by date: the amount each asks, what was disbursed, the gap, the verdict."""
    return AnnexSheet(
        name="Mục tiêu",
        title="Kết quả so với mục tiêu giải ngân theo thời gian",
        subtitle=_subtitle(content),
        headers=[
            "Mục tiêu đến ngày",
            "Tỷ lệ mục tiêu (%)",
            "Kế hoạch vốn tại ngày đó",
            "Số phải giải ngân",
            "Đã giải ngân",
            "Chênh lệch",
            "Đánh giá",
        ],
        rows=[
            [
                dt.date.fromisoformat(target["due_date"]),
                float(target["share_percent"]),
                target["plan"],
                target["required"],
                target["disbursed"],
                None,
                None,
            ]
            for target in content["targets"]
        ],
        money={2, 3, 4},
        computed={5: Difference(left=4, right=3), 6: Verdict(value=4, needed=3)},
        total_label=None,
        notes=[
            "Số phải giải ngân = Kế hoạch vốn x Tỷ lệ mục tiêu, làm tròn lên đến đồng; "
            "mục tiêu chưa đến hạn so với số liệu đến ngày báo cáo."
        ],
    )


def obstacles_sheet(content: dict, number: int) -> AnnexSheet:
    total = content["obstacles"]["total"]
    return AnnexSheet(
        name=f"Biểu {number:02d}",
        title="Khó khăn, vướng mắc theo nguyên nhân",
        subtitle=_subtitle(content),
        headers=[
            "STT",
            "Nguyên nhân (loại vướng mắc)",
            "Đang vướng",
            "Đã tháo gỡ",
            "Số dự án đang vướng",
            "Kế hoạch vốn bị ách tắc",
        ],
        rows=[
            [
                index,
                group["label"],
                group["open"],
                group["cleared"],
                group["projects"],
                group["plan_held"],
            ]
            for index, group in enumerate(content["obstacles"]["groups"], start=1)
        ],
        money={5},
        sums={2, 3},
        total_values={4: total["projects"], 5: total["plan_held"]},
        wide={1},
        notes=[
            "Dòng tổng cộng tính mỗi dự án một lần (một dự án có thể vướng nhiều nguyên nhân), "
            "nên số dự án và kế hoạch vốn bị ách tắc không bằng tổng các dòng."
        ],
    )


def periodic_sheets(content: dict) -> list[AnnexSheet]:
    tables = content["tables"]
    sheets = [summary_sheet(content)]
    sheets += [group_sheet(content, table, number) for number, table in enumerate(tables, start=2)]
    sheets.append(obstacles_sheet(content, len(tables) + 2))
    if content["targets"]:
        sheets.append(targets_sheet(content))
    return sheets


def periodic_xlsx(content: dict) -> bytes:
    return annex_xlsx(periodic_sheets(content))


def treasury_sheets(content: dict) -> list[AnnexSheet]:
    return [
        group_sheet(content, table, number)
        for number, table in enumerate(content["tables"], start=1)
    ]


def treasury_xlsx(content: dict) -> bytes:
    return annex_xlsx(treasury_sheets(content))
