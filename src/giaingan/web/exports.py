"""Every table on the pages downloads as xlsx and csv, with the page's headers, columns and
rows in the page's order; a project's plan ledger, treasury lines and history as well,
whole (the page shows them a page at a time)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from giaingan.capital.models import Project
from giaingan.documents.tables import (
    TableSheet,
    figure_sheet,
    sheet_csv,
    sheet_xlsx,
)
from giaingan.figures.selectors import DisbursementTable, Grouping, disbursement_table
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_rate
from giaingan.web.access import permission_required, require
from giaingan.web.params import figure_params
from giaingan.web.project_tables import TABLES
from giaingan.web.projects import SORTS, ProjectFilters, ProjectRow, list_scope, project_rows

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
}
SHEET_FORMATS = ("csv", "xlsx")  # what a table downloads as
PROJECT_LIST_HEADERS = [
    *(label for label, _ in SORTS.values()),
    "Chủ đầu tư",
    "Địa bàn",
    "Hạng toàn địa bàn",
]


@require_GET
@permission_required("web.view_dashboard")
def export_table(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """/xuat/<grouping>.<xlsx|csv>?year=&as_of=&base= ; `projects` takes the list's filters
    and its sort."""
    if fmt not in SHEET_FORMATS:
        raise Http404
    params = figure_params(request)
    # The unit's own projects, as on the dashboard; ?dia_ban=1, those on a commune's land.
    filters = ProjectFilters.from_request(request)
    scope = list_scope(request.user, filters)
    if table == "projects":
        rows, figures = project_rows(params, filters, scope=scope)
        sheet = project_list_sheet(rows, figures)
    elif table in {grouping.value for grouping in Grouping}:
        sheet = figure_sheet(
            disbursement_table(
                year=params.year, as_of=params.as_of, by=table, base=params.base, scope=scope
            )
        )
    else:
        raise Http404
    name = f"giai_ngan_{params.year}_{table}_{params.as_of:%Y%m%d}.{fmt}"
    return sheet_download(sheet, name, fmt)


def project_list_sheet(rows: list[ProjectRow], table: DisbursementTable) -> TableSheet:
    """The project list as its page shows it: its columns, its sort, its total."""
    return TableSheet(
        title=f"Danh sách dự án, kế hoạch vốn năm {table.year}",
        subtitle=(
            f"Số liệu tính đến ngày {format_date(table.as_of)}. "
            f"Cơ sở tính tỷ lệ: {table.base.label}. Số tiền tính bằng đồng."
        ),
        headers=PROJECT_LIST_HEADERS,
        rows=[
            [
                row.project.code,
                row.project.name,
                row.figures.plan,
                row.figures.disbursed,
                format_rate(row.figures.disbursed, row.figures.plan),
                row.project.investor_name,
                row.project.commune_name or "-",
                row.figures.rank,
            ]
            for row in rows
        ],
        money={2, 3},
        total=[
            "",
            f"Tổng cộng ({len(rows)} dự án)",
            table.total.plan,
            table.total.disbursed,
            format_rate(table.total.disbursed, table.total.plan),
            "",
            "",
            "",
        ],
        wide={1},
        right={4},
    )


@require_GET
@login_required
def export_project_ledger(request: HttpRequest, code: str, ledger: str, fmt: str) -> HttpResponse:
    """/du-an/<code>/ke-hoach.<xlsx|csv>, /du-an/<code>/chung-tu.<xlsx|csv> and
    /du-an/<code>/lich-su.<xlsx|csv>: the project's plan ledger, its treasury lines or its
    history, every row, as on its page."""
    if fmt not in SHEET_FORMATS or ledger not in TABLES:
        raise Http404
    project = get_object_or_404(Project, code=code)
    require(request, "capital.view_project", project)
    return sheet_download(TABLES[ledger].sheet(project), f"{ledger}_{project.code}.{fmt}", fmt)


def sheet_download(sheet: TableSheet, name: str, fmt: str) -> HttpResponse:
    """A table as a file to download: csv (with a BOM) or xlsx."""
    if fmt == "csv":
        # With a BOM, Excel opens the Vietnamese text correctly.
        body = "\ufeff".encode() + sheet_csv(sheet).encode("utf-8")
    else:
        body = sheet_xlsx(sheet)
    return file_download(body, name, fmt)


def file_download(body: bytes | str, name: str, fmt: str) -> HttpResponse:
    """Content the app made (a paper, a table, a data file) as a file named `name` to
    download: every download answers with the same headers."""
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
