"""Every table on the pages downloads as xlsx and csv, with the same figures as the page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from giaingan.documents.tables import table_csv, table_xlsx
from giaingan.figures.selectors import Grouping, disbursement_table
from giaingan.org.rules import project_scope
from giaingan.web.access import permission_required
from giaingan.web.params import figure_params
from giaingan.web.projects import ProjectFilters, project_rows

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_GET
@permission_required("web.view_dashboard")
def export_table(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """/xuat/<grouping>.<xlsx|csv>?year=&as_of=&base= ; `projects` takes the list's filters."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    params = figure_params(request)
    scope = project_scope(request.user)
    if table == "projects":
        _, figures = project_rows(params, ProjectFilters.from_request(request), scope=scope)
    elif table in {grouping.value for grouping in Grouping}:
        figures = disbursement_table(
            year=params.year, as_of=params.as_of, by=table, base=params.base, scope=scope
        )
    else:
        raise Http404
    name = f"giai_ngan_{params.year}_{table}_{params.as_of:%Y%m%d}.{fmt}"
    if fmt == "csv":
        # With a BOM, Excel opens the Vietnamese text correctly.
        body: bytes = "\ufeff".encode() + table_csv(figures).encode("utf-8")
    else:
        body = table_xlsx(figures)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
