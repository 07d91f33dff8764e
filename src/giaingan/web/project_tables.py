"""A project's plan ledger, treasury lines and history as its page shows them: one list of
headers and one row builder per table, shared by the page (a page of rows) and by the
downloads (every row), so the files always mirror the page."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from giaingan.capital.models import PlanEntry, Project, TreasuryLine
from giaingan.documents.tables import TableSheet
from giaingan.web.projects import HistoryItem, project_history

PLAN_HEADERS = [
    "Số quyết định",
    "Ngày quyết định",
    "Loại",
    "Nguồn vốn",
    "Năm KH",
    "Số tiền (đồng)",
    "Ghi sổ",
]
LINE_HEADERS = [
    "Số chứng từ",
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


def plan_entries(project: Project) -> QuerySet[PlanEntry]:
    return project.plan_entries.select_related("source", "created_by", "import_batch").order_by(
        "decision_date", "id"
    )


def treasury_lines(project: Project) -> QuerySet[TreasuryLine]:
    return project.treasury_lines.select_related(
        "source", "reverses", "created_by", "import_batch"
    ).order_by("value_date", "id")


def format_moment(at) -> str:
    """A recorded moment as the pages show it: 14:05 03/06/2024, local time."""
    return f"{timezone.localtime(at):%H:%M %d/%m/%Y}"


def plan_note(entry: PlanEntry) -> str:
    """When and by whom the entry was recorded, and the file it came from."""
    parts = [format_moment(entry.created_at)]
    if entry.created_by:
        parts.append(entry.created_by.get_full_name() or entry.created_by.username)
    if entry.import_batch:
        parts.append(f"nhập từ tệp {entry.import_batch.file_name}")
    return ", ".join(parts)


def line_note(line: TreasuryLine) -> str:
    """The line it corrects and the file it came from."""
    parts = []
    if line.reverses:
        parts.append(f"Điều chỉnh chứng từ {line.reverses.document_number}")
    if line.import_batch:
        parts.append(f"Nhập từ {line.import_batch.file_name}")
    return "; ".join(parts)


def plan_row(entry: PlanEntry) -> list[object]:
    return [
        entry.decision_number,
        entry.decision_date,
        entry.get_kind_display(),
        entry.source.code,
        entry.plan_year,
        entry.amount,
        plan_note(entry),
    ]


def line_row(line: TreasuryLine) -> list[object]:
    return [
        line.document_number,
        line.value_date,
        line.get_kind_display(),
        line.source.code,
        line.plan_year,
        line.amount,
        line.recovered_advance,
        line.disbursed,
        line_note(line),
    ]


def history_row(item: HistoryItem) -> list[object]:
    return [format_moment(item.at), item.who, item.what]


def _subtitle(project: Project) -> str:
    return f"Dự án {project.code}: {project.name}"


def plan_sheet(project: Project) -> TableSheet:
    rows = [plan_row(entry) for entry in plan_entries(project)]
    return TableSheet(
        title="Sổ kế hoạch vốn",
        subtitle=_subtitle(project),
        headers=PLAN_HEADERS,
        rows=rows,
        money={5},
        total=["Tổng cộng", "", "", "", "", sum(row[5] for row in rows), ""],
        wide={6},
    )


def lines_sheet(project: Project) -> TableSheet:
    rows = [line_row(line) for line in treasury_lines(project)]
    return TableSheet(
        title="Chứng từ giải ngân qua Kho bạc",
        subtitle=_subtitle(project),
        headers=LINE_HEADERS,
        rows=rows,
        money={5, 6, 7},
        total=[
            "Tổng cộng",
            *[""] * 4,
            *(sum(row[position] for row in rows) for position in (5, 6, 7)),
            "",
        ],
        wide={8},
    )


def history_sheet(project: Project) -> TableSheet:
    return TableSheet(
        title="Lịch sử thay đổi",
        subtitle=_subtitle(project),
        headers=HISTORY_HEADERS,
        rows=[history_row(item) for item in project_history(project)],
        wide={2},
    )


SHEETS = {"ke-hoach": plan_sheet, "chung-tu": lines_sheet, "lich-su": history_sheet}
