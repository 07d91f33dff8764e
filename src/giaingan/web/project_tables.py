"""A project's plan ledger, treasury lines and history as its page shows them: one list of
headers and one row builder per table, shared by the page (a page of rows) and by the
downloads (every row), so the files always mirror the page.

Rows are read as plain values, not model instances: a project may have tens of thousands
of treasury lines, and its download must not build an object per line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from giaingan.capital.models import LineKind, PlanKind, Project
from giaingan.documents.tables import TableSheet
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_number
from giaingan.web.projects import project_history

PLAN_HEADERS = [
    "Số quyết định",
    "Cơ quan ban hành",
    "Ngày quyết định",
    "Loại",
    "Nguồn vốn",
    "Năm KH",
    "Số tiền (đồng)",
    "Ghi sổ",
]
LINE_HEADERS = [
    "Số chứng từ",
    "Kho bạc",
    "Ngày",
    "Loại",
    "Nguồn vốn",
    "Năm KH",
    "Số tiền (đồng)",
    "Thu hồi tạm ứng (đồng)",
    "Giải ngân (đồng)",
    "Ghi chú",
]
HISTORY_HEADERS = ["Thời điểm", "Người thực hiện", "Nội dung"]
PLAN_KINDS = dict(PlanKind.choices)
LINE_KINDS = dict(LineKind.choices)
PLAN_FIELDS = (
    "decision_number",
    "issuer__name",
    "decision_date",
    "kind",
    "source__code",
    "plan_year",
    "amount",
    "created_at",
    "created_by__username",
    "created_by__first_name",
    "created_by__last_name",
    "import_batch__file_name",
)
LINE_FIELDS = (
    "document_number",
    "treasury__code",
    "value_date",
    "kind",
    "source__code",
    "plan_year",
    "amount",
    "recovered_advance",
    "reverses__document_number",
    "import_batch__file_name",
)


def format_moment(at: dt.datetime) -> str:
    """A recorded moment as the pages show it: 14:05 03/06/2024, local time."""
    return f"{timezone.localtime(at):%H:%M %d/%m/%Y}"


def _person(values: dict) -> str:
    full = f"{values['created_by__first_name']} {values['created_by__last_name']}".strip()
    return full or values["created_by__username"] or ""


def plan_entries(project: Project) -> QuerySet:
    return project.plan_entries.order_by("decision_date", "id").values(*PLAN_FIELDS)


def treasury_lines(project: Project) -> QuerySet:
    return project.treasury_lines.order_by("value_date", "id").values(*LINE_FIELDS)


def plan_row(values: dict) -> list[object]:
    note = [format_moment(values["created_at"])]
    if values["created_by__username"]:
        note.append(_person(values))
    if values["import_batch__file_name"]:
        note.append(f"nhập từ tệp {values['import_batch__file_name']}")
    return [
        values["decision_number"],
        values["issuer__name"] or "",  # a decision is numbered by its issuer
        values["decision_date"],
        PLAN_KINDS.get(values["kind"], values["kind"]),
        values["source__code"],
        values["plan_year"],
        values["amount"],
        ", ".join(note),
    ]


def line_row(values: dict) -> list[object]:
    note = []
    if values["reverses__document_number"]:
        note.append(f"Điều chỉnh chứng từ {values['reverses__document_number']}")
    if values["import_batch__file_name"]:
        note.append(f"Nhập từ {values['import_batch__file_name']}")
    return [
        values["document_number"],
        values["treasury__code"],
        values["value_date"],
        LINE_KINDS.get(values["kind"], values["kind"]),
        values["source__code"],
        values["plan_year"],
        values["amount"],
        values["recovered_advance"],
        values["amount"] - values["recovered_advance"],
        "; ".join(note),
    ]


def history_row(item) -> list[object]:
    return [format_moment(item.at), item.who, item.what]


@dataclass(frozen=True)
class ShownRow:
    """A row as the page prints it: its cells as text, and what its links need."""

    cells: list[str]
    source: object = field(default=None)


def shown(row: list[object], money: set[int]) -> list[str]:
    """The cells in the page's formats: dates dd/mm/yyyy, amounts 1.234.567."""
    cells = []
    for position, value in enumerate(row):
        if value is None:
            cells.append("")
        elif isinstance(value, dt.date):
            cells.append(format_date(value))
        elif position in money:
            cells.append(format_number(value))
        else:
            cells.append(str(value))
    return cells


@dataclass(frozen=True)
class ProjectTable:
    """One of a project's tables: its headers, how a row reads, and its file."""

    title: str
    headers: list[str]
    rows: Callable[[Project], object]
    row: Callable[[object], list[object]]
    money: set[int] = field(default_factory=set)
    wide: int | None = None
    numbers: set[int] = field(default_factory=set)  # other columns aligned right (a year)

    def page_rows(self, items) -> list[ShownRow]:
        return [ShownRow(cells=shown(self.row(item), self.money), source=item) for item in items]

    def sheet(self, project: Project) -> TableSheet:
        rows = [self.row(item) for item in self.rows(project)]
        total = None
        if self.money:
            total = ["Tổng cộng", *[""] * (len(self.headers) - 1)]
            for position in self.money:
                total[position] = sum(row[position] for row in rows)
        return TableSheet(
            title=self.title,
            subtitle=f"Dự án {project.code}: {project.name}",
            headers=self.headers,
            rows=rows,
            money=self.money,
            total=total,
            wide={self.wide} if self.wide is not None else set(),
        )


PLAN_TABLE = ProjectTable(
    title="Sổ kế hoạch vốn",
    headers=PLAN_HEADERS,
    rows=plan_entries,
    row=plan_row,
    money={6},
    wide=7,
    numbers={5},
)
LINE_TABLE = ProjectTable(
    title="Chứng từ giải ngân qua Kho bạc",
    headers=LINE_HEADERS,
    rows=treasury_lines,
    row=line_row,
    money={6, 7, 8},
    wide=9,
    numbers={5},
)
HISTORY_TABLE = ProjectTable(
    title="Lịch sử thay đổi",
    headers=HISTORY_HEADERS,
    rows=project_history,
    row=history_row,
    wide=2,
)
TABLES = {"ke-hoach": PLAN_TABLE, "chung-tu": LINE_TABLE, "lich-su": HISTORY_TABLE}
