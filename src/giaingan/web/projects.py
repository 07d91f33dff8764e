"""The project list's filters and rows, and a project's history."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from decimal import Decimal

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.html import escape

from giaingan.audit.models import Event
from giaingan.capital.models import FundingSource, PlanEntry, Project
from giaingan.figures.cache import figures_remembered
from giaingan.figures.selectors import (
    RATE_BANDS,
    DisbursementTable,
    FigureRow,
    disbursement_table,
    exact_rate,
    in_rate_band,
)
from giaingan.lib.money import format_number
from giaingan.lib.text import (
    record_id,
    search_matches,
    vietnamese_sort_key,
    vietnamese_sorted,
)
from giaingan.org.models import Unit, UnitKind
from giaingan.org.rules import located_in, located_project_scope, own_project_scope, project_scope
from giaingan.web.params import FigureParams

SORTS = {
    "code": ("Mã dự án", lambda row: row.project.code),
    "name": ("Tên dự án", lambda row: vietnamese_sort_key(row.project.name)),
    "plan": ("Kế hoạch vốn", lambda row: row.figures.plan),
    "disbursed": ("Đã giải ngân", lambda row: row.figures.disbursed),
    "rate": (
        "Tỷ lệ",
        lambda row: (row.figures.plan <= 0, exact_rate(row.figures) or 0),
    ),
}


@dataclass(frozen=True)
class ProjectFilters:
    q: str = ""
    investor: int | None = None
    commune: int | None = None
    source: int | None = None
    key_only: bool = False
    band: str = ""
    behind: bool = False
    located: bool = False  # a commune's "Dự án trên địa bàn xã" instead of its own
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
            investor=record_id(get.get("investor")),
            commune=record_id(get.get("commune")),
            source=record_id(get.get("source")),
            key_only=get.get("key") == "1",
            band=band if band in RATE_BANDS else "",
            behind=get.get("behind") == "1",
            located=get.get("dia_ban") == "1",
            sort=sort,
        )

    def project_filter(self) -> Q:
        q = Q()
        if self.investor:
            q &= Q(investor_id=self.investor)
        if self.commune:
            q &= located_in([self.commune])
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


def list_scope(user, filters: ProjectFilters) -> Q | None:
    """The projects the list shows: the unit's own (or the whole district), or, when asked,
    those built on the commune's land."""
    located = located_project_scope(user) if filters.located else None
    return located if located is not None else own_project_scope(user)


def project_rows(
    params: FigureParams, filters: ProjectFilters, scope: Q | None
) -> tuple[list[ProjectRow], DisbursementTable]:
    """The projects of `scope` that match the filters, with their figures, and the figures
    table narrowed to them (for its total and for exports). Each row keeps its rank among
    all the district's projects, whatever the filter ("Hạng toàn địa bàn")."""
    where = filters.project_filter() & (scope if scope is not None else Q())
    if filters.q:
        # Folded in Python as the entry forms' suggestions are: the database's own
        # case-insensitive match knows neither Vietnamese marks nor (on SQLite) their case.
        found = [
            pk
            for pk, code, name in Project.objects.filter(where).values_list("pk", "code", "name")
            if search_matches(filters.q, code, name)
        ]
        where &= Q(pk__in=found)
    projects = Project.objects.filter(where).values_list(
        "pk", "code", "name", "is_key", "investor__name", "main_commune__name"
    )
    table = disbursement_table(year=params.year, as_of=params.as_of, by="project", base=params.base)
    figures = {row.key: row for row in table.rows}
    rows = []
    for values in projects:
        project = ProjectSummary(*values)
        row = figures.get(project.pk) or FigureRow(
            key=project.pk, code=project.code, name=project.name
        )
        if not in_rate_band(row, filters.band):
            continue
        if filters.behind and not (row.target_gap_points is not None and row.target_gap_points < 0):
            continue
        rows.append(ProjectRow(project=project, figures=row))
    key = SORTS[filters.sort.lstrip("-")][1]
    rows.sort(key=key, reverse=filters.sort.startswith("-"))
    return rows, table.subset([row.figures for row in rows])


def _hundredths(value: Decimal | None) -> int | None:
    return None if value is None else int(value.scaleb(2))


def _from_hundredths(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value).scaleb(-2)


@dataclass(frozen=True)
class ProjectListing:
    """The list's rows in their order as plain tuples, and their total: a province's 8,000
    rows cache and copy in a few ms where as objects they took 100 ms; `listing[a:b]`
    makes the `ProjectRow`s of one page (a Paginator's object list). Made of immutable
    parts only, so the figures' store keeps it as it is, never copied (`figures.store`);
    every read makes its own `ProjectRow`s and total."""

    entries: tuple[tuple, ...]
    total_entry: tuple

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: slice) -> list[ProjectRow]:
        return [
            ProjectRow(project=ProjectSummary(*entry[:6]), figures=_figure_row(entry[6:]))
            for entry in self.entries[index]
        ]

    @property
    def total(self) -> FigureRow:
        return FigureRow(*self.total_entry)


def _figure_entry(row: FigureRow) -> tuple:
    """A FigureRow as plain values (its Decimals in hundredths)."""
    return (
        row.key,
        row.code,
        row.name,
        row.plan,
        row.disbursed,
        row.outstanding_advance,
        _hundredths(row.rate_percent),
        row.rank,
        _hundredths(row.target_gap_points),
    )


def _figure_row(entry: tuple) -> FigureRow:
    return FigureRow(
        *entry[:6],
        rate_percent=_from_hundredths(entry[6]),
        rank=entry[7],
        target_gap_points=_from_hundredths(entry[8]),
    )


def project_listing(
    params: FigureParams, filters: ProjectFilters, scope: Q | None
) -> ProjectListing:
    """`project_rows` as the list page pages through them, cached with the figures per
    state of the ledger and the catalogue (`figures.cache`)."""

    def compute() -> ProjectListing:
        rows, table = project_rows(params, filters, scope)
        return ProjectListing(
            entries=tuple((*astuple(row.project), *_figure_entry(row.figures)) for row in rows),
            total_entry=astuple(table.total),
        )

    return figures_remembered(
        "project_listing",
        compute,
        parts=(params.year, params.as_of, str(params.base), astuple(filters)),
        scope=scope,
    )


@dataclass(frozen=True)
class Choice:
    """One choice of a dropdown: the id it sends and the name it shows."""

    pk: int
    name: str


@dataclass(frozen=True)
class ListChoices:
    """The list's dropdowns, each in Vietnamese order: the investors of the projects the
    user may see, the communes, the funding sources; and each rendered as its options
    (`options_html`), which the page marks with the one chosen (`{% options %}`)."""

    investors: tuple[Choice, ...]
    communes: tuple[Choice, ...]
    sources: tuple[Choice, ...]
    investors_html: str
    communes_html: str
    sources_html: str


def list_choices(user) -> ListChoices:
    """The dropdowns of `user`'s list, cached per state of the catalogue (`figures.cache`:
    units, projects and sources bump the generation): a province's hundreds of investors
    and communes read, sorted and rendered once, not on every page."""
    scope = project_scope(user)

    def compute() -> ListChoices:
        projects_seen = Project.objects.filter(scope) if scope is not None else Project.objects
        investors = _choices(Unit.objects.filter(id__in=projects_seen.values("investor_id")))
        communes = _choices(Unit.objects.filter(kind=UnitKind.COMMUNE))
        sources = _choices(FundingSource.objects.all())
        return ListChoices(
            investors=investors,
            communes=communes,
            sources=sources,
            investors_html=options_html(investors),
            communes_html=options_html(communes),
            sources_html=options_html(sources),
        )

    return figures_remembered("project_list_choices", compute, parts=(), scope=scope)


def _choices(rows) -> tuple[Choice, ...]:
    return tuple(
        Choice(pk, name) for pk, name in vietnamese_sorted(rows.values_list("pk", "name"), _name)
    )


def _name(pair: tuple[int, str]) -> str:
    return pair[1]


def options_html(choices: tuple[Choice, ...]) -> str:
    """`<option value="pk">name</option>` per choice, names escaped, none selected."""
    return "".join(
        f'<option value="{choice.pk}">{escape(choice.name)}</option>' for choice in choices
    )


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
    treasury = event.data.get("treasury", "")
    tail = f" {number}" if number else ""
    if number and treasury:
        tail += f" ({treasury})"
    if isinstance(amount, int):
        tail += f": {format_number(amount)} đồng"
    return name + tail
