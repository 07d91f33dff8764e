"""The officials' daily pages: the dashboard, the project list and a project's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from giaingan.capital.models import Project
from giaingan.figures.forecast import (
    Forecast,
    ProjectForecast,
    district_forecast,
    explain,
    forecast_panel,
)
from giaingan.figures.laggards import slowest_projects
from giaingan.figures.selectors import (
    RATE_BANDS,
    Base,
    DisbursementTable,
    FigureRow,
    Figures,
    Target,
    targets_for,
)
from giaingan.lib.dates import disbursement_deadline
from giaingan.lib.money import shown_rate
from giaingan.lib.text import vietnamese_sorted
from giaingan.monitoring.panels import cycle_panel, project_cycle
from giaingan.org.rules import (
    located_project_scope,
    own_project_scope,
    sees_district,
)
from giaingan.org.treasuries import correctable_treasury_codes
from giaingan.web.access import permission_required, require
from giaingan.web.paging import table_page
from giaingan.web.params import FigureParams, figure_params
from giaingan.web.project_tables import HISTORY_TABLE, LINE_TABLE, PLAN_TABLE, ProjectTable
from giaingan.web.projects import (
    SORTS,
    ProjectFilters,
    list_choices,
    list_scope,
    project_listing,
)


def home(request: HttpRequest) -> HttpResponse:
    """The district's officials land on the dashboard; investors and communes on their
    own projects; visitors on the public page."""
    if not request.user.is_authenticated:
        return redirect("public:home")
    if not request.user.has_perm("web.view_dashboard"):
        raise PermissionDenied
    if not sees_district(request.user) and not request.GET:
        return redirect("web:projects")
    return dashboard(request)


@dataclass
class Dashboard:
    params: FigureParams
    scope_name: str
    by_investor: DisbursementTable
    by_source: DisbursementTable
    by_commune: DisbursementTable
    slowest: list[FigureRow]
    chart: dict
    # A commune's projects built on its land, whoever invests in them: shown apart.
    located: DisbursementTable | None = None
    forecast: Forecast | None = None
    final_target: Target | None = None  # the share due by the deadline
    flagged: list[ProjectForecast] | None = None  # the largest unused plans first, shown
    flagged_count: int = 0  # how many projects are flagged in all
    # The tables as HTML, rendered once per state of the ledger (a province's hundreds of
    # investors and communes cost more to render than to compute).
    tables_html: dict[str, str] | None = None


SLOWEST = 10  # projects in the dashboard's slowest list
FLAGGED_SHOWN = 10


def _tables_html(figures: Figures, params: FigureParams, tables: dict[str, DisbursementTable]):
    """The dashboard's tables rendered (`web/_table.html`), cached with the figures."""

    def render() -> tuple[tuple[str, str], ...]:  # immutable: kept as it is, not pickled
        return tuple(
            (
                name,
                render_to_string(
                    "web/_table.html", {"table": table, "export": name, "params": params}
                ),
            )
            for name, table in tables.items()
        )

    return dict(figures.remembered("dashboard_tables_html", render, params.query()))


def _forecast_panel(figures: Figures, scope) -> tuple[Forecast, list[ProjectForecast], int]:
    """The forecast as the dashboard shows it: its total (without the rows), the flagged
    projects it lists (the largest unused plans first), and how many are flagged."""
    panel = forecast_panel(
        year=figures.year, as_of=figures.as_of, scope=scope, figures=figures, shown=FLAGGED_SHOWN
    )
    return panel.forecast, panel.flagged, panel.flagged_count


@require_GET
@permission_required("web.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    params = figure_params(request)
    scope = own_project_scope(request.user)
    figures = Figures(year=params.year, as_of=params.as_of, base=params.base, scope=scope)
    located = located_project_scope(request.user)
    # First: the forecast reads the pairs' sums, which the tables below then fold into
    # projects, investors and sources (one read of the ledger for the whole page).
    forecast, flagged, flagged_count = figures.remembered(
        "forecast_panel", lambda: _forecast_panel(figures, scope)
    )
    by_investor = figures.table("investor")
    # Derived from a province's 8,000 rows: cached with the figures (figures.cache).
    shown_slowest = figures.remembered(
        "slowest", lambda: slowest_projects(figures, SLOWEST), SLOWEST
    )
    targets = targets_for(params.year)
    by_source, by_commune = figures.table("source"), figures.table("commune")
    tables = {"investor": by_investor, "source": by_source, "commune": by_commune}
    view = Dashboard(
        params=params,
        scope_name="toàn địa bàn" if scope is None else "các dự án đơn vị bạn làm chủ đầu tư",
        by_investor=by_investor,
        by_source=by_source,
        by_commune=by_commune,
        tables_html=_tables_html(figures, params, tables),
        slowest=shown_slowest,
        chart=_chart(figures),
        located=None
        if located is None
        else Figures(year=params.year, as_of=params.as_of, base=params.base, scope=located).table(
            "project"
        ),
        forecast=forecast,
        final_target=targets[-1] if targets else None,
        flagged=flagged,
        flagged_count=flagged_count,
    )
    return render(
        request,
        "web/dashboard.html",
        {
            "view": view,
            "params": params,
            "total": by_investor.total,
            "bases": list(Base),
            "cycle": cycle_panel(user=request.user, as_of=params.as_of, figures=figures)
            if request.user.has_perm("monitoring.view_reports")
            else None,
        },
    )


def _chart(figures: Figures) -> dict:
    """The cumulative monthly rate against the targets and the previous year, in 13 slots:
    January to December, then January of the next year (the last month to disburse)."""
    year, previous_year = figures.year, figures.year - 1
    current = figures.series()
    previous = Figures(
        year=previous_year,
        as_of=disbursement_deadline(previous_year),
        base=figures.base,
        scope=figures.scope,
    ).series()
    targets = {
        target.due_date.strftime("%Y-%m"): float(target.share_percent)
        for target in targets_for(year)
    }
    months = _year_months(year)
    return {
        "labels": [f"T{int(month[5:])}/{month[:4]}" for month in months],
        "rate": _rates(current.get(None, []), year),
        "target": [targets.get(month) for month in months],
        "previous": _rates(previous.get(None, []), previous_year),
        "current_label": f"Năm {year}",
        "previous_label": f"Năm {previous_year}",
    }


def _rates(points, year: int) -> list[float | None]:
    rates = {point.month: shown_rate(point.disbursed, point.plan) for point in points}
    return [
        None if rates.get(month) is None else float(rates[month]) for month in _year_months(year)
    ]


def _year_months(year: int) -> list[str]:
    return [f"{year}-{month:02d}" for month in range(1, 13)] + [f"{year + 1}-01"]


@require_GET
@permission_required("capital.view_project_list")
def projects(request: HttpRequest) -> HttpResponse:
    params = figure_params(request)
    filters = ProjectFilters.from_request(request)
    rows = project_listing(params, filters, scope=list_scope(request.user, filters))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    return render(
        request,
        "web/projects.html",
        {
            "params": params,
            "filters": filters,
            "page": page,
            "count": len(rows),
            "total": rows.total,
            "query": query.urlencode(),
            "choices": list_choices(request.user),
            "bases": list(Base),
            "district_wide": sees_district(request.user),
            "has_land": located_project_scope(request.user) is not None,
            "bands": RATE_BANDS.items(),
            "sort_columns": [(key, label) for key, (label, _) in SORTS.items()],
        },
    )


@require_GET
@login_required
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.select_related("investor", "agency", "main_commune"), code=code
    )
    require(request, "capital.view_project", project)
    params = figure_params(request)
    figures = Figures(
        year=params.year, as_of=params.as_of, base=params.base, scope=Q(pk=project.pk)
    )
    total = figures.table("project").total
    sources = figures.table("source")
    series = figures.series().get(None, [])
    forecast = district_forecast(year=params.year, as_of=params.as_of, scope=Q(pk=project.pk))
    outlook = forecast.projects[0] if forecast.projects else None
    return render(
        request,
        "web/project_detail.html",
        {
            "project": project,
            "params": params,
            "total": total,
            "by_source": sources,
            "series": series,
            "plan": _shown_page(request, PLAN_TABLE, project, "trang_kh"),
            "lines": _shown_page(request, LINE_TABLE, project, "trang_ct"),
            "correctable_treasuries": correctable_treasury_codes(request.user),
            "history": _shown_page(request, HISTORY_TABLE, project, "trang_ls"),
            "communes": vietnamese_sorted(project.communes.all()),
            "bases": list(Base),
            "forecast": forecast,
            "outlook": outlook,
            "explanation": None if outlook is None else explain(outlook.estimate, forecast.profile),
            "project_cycle": project_cycle(project, today=timezone.localdate()),
        },
    )


def _shown_page(request: HttpRequest, table: ProjectTable, project: Project, param: str) -> dict:
    """A page of one of the project's tables, its rows as the page prints them."""
    pager = table_page(request, table.rows(project), param)
    return {
        "headers": table.headers,
        "numbers": sorted(table.money | table.numbers),
        "rows": table.page_rows(pager.page),
        "pager": pager,
    }
