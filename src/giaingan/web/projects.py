"""The project list's filters and rows, and a project's history."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import HttpRequest

from giaingan.audit.models import Event
from giaingan.capital.models import PlanEntry, Project
from giaingan.figures.selectors import DisbursementTable, FigureRow, disbursement_table
from giaingan.lib.money import format_number
from giaingan.web.params import FigureParams

RATE_BANDS = {
    "0-30": ("Dưới 30%", Decimal(0), Decimal(30)),
    "30-60": ("Từ 30% đến dưới 60%", Decimal(30), Decimal(60)),
    "60-90": ("Từ 60% đến dưới 90%", Decimal(60), Decimal(90)),
    "90-100": ("Từ 90% đến dưới 100%", Decimal(90), Decimal(100)),
    "100": ("Đạt 100% trở lên", Decimal(100), None),
    "none": ("Chưa có kế hoạch", None, None),
}
SORTS = {
    "code": ("Mã dự án", lambda row: row.project.code),
    "name": ("Tên dự án", lambda row: row.project.name.lower()),
    "plan": ("Kế hoạch vốn", lambda row: row.figures.plan),
    "disbursed": ("Đã giải ngân", lambda row: row.figures.disbursed),
    "rate": (
        "Tỷ lệ",
        lambda row: (row.figures.rate_percent is None, row.figures.rate_percent or 0),
    ),
}


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() else None


@dataclass(frozen=True)
class ProjectFilters:
    q: str = ""
    investor: int | None = None
    commune: int | None = None
    source: int | None = None
    key_only: bool = False
    band: str = ""
    behind: bool = False
    sort: str = "code"

    @classmethod
    def from_request(cls, request: HttpRequest) -> ProjectFilters:
        get = request.GET
        sort = get.get("sort", "code")
        if sort.lstrip("-") not in SORTS:
            sort = "code"
        band = get.get("band", "")
        return cls(
            q=get.get("q", "").strip()[:100],
            investor=_int(get.get("investor")),
            commune=_int(get.get("commune")),
            source=_int(get.get("source")),
            key_only=get.get("key") == "1",
            band=band if band in RATE_BANDS else "",
            behind=get.get("behind") == "1",
            sort=sort,
        )

    def project_filter(self) -> Q:
        q = Q()
        if self.q:
            q &= Q(code__icontains=self.q) | Q(name__icontains=self.q)
        if self.investor:
            q &= Q(investor_id=self.investor)
        if self.commune:
            located = Project.communes.through.objects.filter(unit_id=self.commune).values(
                "project_id"
            )
            q &= Q(main_commune_id=self.commune) | Q(id__in=located)
        if self.source:
            q &= Q(id__in=PlanEntry.objects.filter(source_id=self.source).values("project_id"))
        if self.key_only:
            q &= Q(is_key=True)
        return q


@dataclass(frozen=True)
class ProjectSummary:
    """What the list shows of a project: read as plain values, not model instances."""

    pk: int
    code: str
    name: str
    is_key: bool
    investor_name: str
    commune_name: str | None


@dataclass
class ProjectRow:
    project: ProjectSummary
    figures: FigureRow


def project_rows(
    params: FigureParams, filters: ProjectFilters, scope: Q | None
) -> tuple[list[ProjectRow], DisbursementTable]:
    """Every project the user may see that matches the filters, with its figures, and the
    figures table narrowed to them (for its total and for exports)."""
    where = filters.project_filter() & (scope if scope is not None else Q())
    projects = Project.objects.filter(where).values_list(
        "pk", "code", "name", "is_key", "investor__name", "main_commune__name"
    )
    table = disbursement_table(
        year=params.year, as_of=params.as_of, by="project", base=params.base, scope=where
    )
    figures = {row.key: row for row in table.rows}
    rows = []
    for values in projects:
        project = ProjectSummary(*values)
        row = figures.get(project.pk) or FigureRow(
            key=project.pk, code=project.code, name=project.name
        )
        if not _in_band(row, filters.band):
            continue
        if filters.behind and not (row.target_gap_points is not None and row.target_gap_points < 0):
            continue
        rows.append(ProjectRow(project=project, figures=row))
    key = SORTS[filters.sort.lstrip("-")][1]
    rows.sort(key=key, reverse=filters.sort.startswith("-"))
    return rows, table.subset([row.figures for row in rows])


def _in_band(row: FigureRow, band: str) -> bool:
    if not band:
        return True
    _, low, high = RATE_BANDS[band]
    rate = row.rate_percent
    if band == "none":
        return rate is None
    if rate is None:
        return False
    return rate >= low and (high is None or rate < high)


@dataclass
class HistoryItem:
    at: object
    who: str
    what: str


def project_history(project: Project) -> list[HistoryItem]:
    """Who changed what and when: the project's row history and its ledger's event log."""
    items: list[HistoryItem] = []
    records = list(project.history.select_related("history_user").order_by("history_date"))
    previous = None
    for record in records:
        if previous is None:
            what = "Tạo dự án"
        else:
            changes = record.diff_against(previous).changes
            what = (
                "Sửa: "
                + ", ".join(
                    f"{project._meta.get_field(change.field).verbose_name}: «{change.old}» → «{change.new}»"
                    for change in changes
                )
                if changes
                else "Lưu lại, không thay đổi"
            )
        items.append(HistoryItem(at=record.history_date, who=_who(record.history_user), what=what))
        previous = record
    # The lines' ids as text, in SQL: a project may have tens of thousands of lines.
    line_ids = project.treasury_lines.annotate(text_id=Cast("id", CharField())).values("text_id")
    events = Event.objects.filter(
        Q(object_type="capital.project", object_id=str(project.pk))
        | Q(object_type="capital.treasuryline", object_id__in=line_ids)
    ).select_related("actor")
    for event in events:
        items.append(HistoryItem(at=event.at, who=_who(event.actor), what=_describe(event)))
    for entry in project.plan_entries.select_related("created_by"):
        items.append(
            HistoryItem(
                at=entry.created_at,
                who=_who(entry.created_by),
                what=(
                    f"Ghi kế hoạch vốn {entry.decision_number} ({entry.get_kind_display()}): "
                    f"{format_number(entry.amount)} đồng"
                ),
            )
        )
    items.sort(key=lambda item: item.at, reverse=True)
    return items


def _who(user) -> str:
    if user is None:
        return "Hệ thống (dòng lệnh hoặc nhập tệp)"
    return user.get_full_name() or user.username


EVENT_NAMES = {
    "capital.treasury_line.recorded": "Ghi chứng từ Kho bạc",
    "capital.treasury_line.corrected": "Ghi chứng từ điều chỉnh",
}


def _describe(event: Event) -> str:
    name = EVENT_NAMES.get(event.action, event.action)
    number = event.data.get("document_number", "")
    amount = event.data.get("amount")
    tail = f" {number}" if number else ""
    if isinstance(amount, int):
        tail += f": {format_number(amount)} đồng"
    return name + tail
