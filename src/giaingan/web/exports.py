"""Every table on the pages downloads as xlsx and csv, with the same figures as the page;
a project's plan ledger and treasury lines as well."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from giaingan.capital.models import Project
from giaingan.documents.tables import (
    LedgerSheet,
    ledger_csv,
    ledger_xlsx,
    table_csv,
    table_xlsx,
)
from giaingan.figures.selectors import Grouping, disbursement_table
from giaingan.web.access import permission_required, require
from giaingan.web.params import figure_params
from giaingan.web.projects import ProjectFilters, list_scope, project_rows

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
    # The unit's own projects, as on the dashboard; ?dia_ban=1, those on a commune's land.
    filters = ProjectFilters.from_request(request)
    scope = list_scope(request.user, filters)
    if table == "projects":
        _, figures = project_rows(params, filters, scope=scope)
    elif table in {grouping.value for grouping in Grouping}:
        figures = disbursement_table(
            year=params.year, as_of=params.as_of, by=table, base=params.base, scope=scope
        )
    else:
        raise Http404
    name = f"giai_ngan_{params.year}_{table}_{params.as_of:%Y%m%d}.{fmt}"
    if fmt == "csv":
        return _download(table_csv(figures), name, fmt)
    return _download(table_xlsx(figures), name, fmt)


@require_GET
@login_required
def export_project_ledger(request: HttpRequest, code: str, ledger: str, fmt: str) -> HttpResponse:
    """/du-an/<code>/ke-hoach.<xlsx|csv> and /du-an/<code>/chung-tu.<xlsx|csv>: the
    project's plan ledger or its treasury lines, every row as on its page."""
    if fmt not in CONTENT_TYPES or ledger not in LEDGERS:
        raise Http404
    project = get_object_or_404(Project, code=code)
    require(request, "capital.view_project", project)
    sheet = LEDGERS[ledger](project)
    name = f"{ledger}_{project.code}.{fmt}"
    return _download(ledger_csv(sheet) if fmt == "csv" else ledger_xlsx(sheet), name, fmt)


def _plan_sheet(project: Project) -> LedgerSheet:
    entries = project.plan_entries.select_related("source", "import_batch").order_by(
        "decision_date", "id"
    )
    return LedgerSheet(
        title="Sổ kế hoạch vốn",
        subtitle=f"Dự án {project.code}: {project.name}",
        headers=[
            "Số quyết định",
            "Ngày quyết định",
            "Loại",
            "Nguồn vốn",
            "Năm kế hoạch",
            "Số tiền (đồng)",
            "Ghi chú",
            "Nhập từ tệp",
        ],
        rows=[
            [
                entry.decision_number,
                entry.decision_date,
                entry.get_kind_display(),
                entry.source.code,
                entry.plan_year,
                entry.amount,
                entry.note,
                entry.import_batch.file_name if entry.import_batch else "",
            ]
            for entry in entries
        ],
        money={5},
    )


def _lines_sheet(project: Project) -> LedgerSheet:
    lines = project.treasury_lines.select_related("source", "reverses", "import_batch").order_by(
        "value_date", "id"
    )
    return LedgerSheet(
        title="Chứng từ giải ngân qua Kho bạc",
        subtitle=f"Dự án {project.code}: {project.name}",
        headers=[
            "Số chứng từ",
            "Ngày",
            "Loại",
            "Nguồn vốn",
            "Năm kế hoạch",
            "Số tiền (đồng)",
            "Thu hồi tạm ứng (đồng)",
            "Giải ngân (đồng)",
            "Chứng từ gốc",
            "Nhập từ tệp",
        ],
        rows=[
            [
                line.document_number,
                line.value_date,
                line.get_kind_display(),
                line.source.code,
                line.plan_year,
                line.amount,
                line.recovered_advance,
                line.disbursed,
                line.reverses.document_number if line.reverses else "",
                line.import_batch.file_name if line.import_batch else "",
            ]
            for line in lines
        ],
        money={5, 6, 7},
    )


LEDGERS = {"ke-hoach": _plan_sheet, "chung-tu": _lines_sheet}


def _download(body: str | bytes, name: str, fmt: str) -> HttpResponse:
    if isinstance(body, str):
        # With a BOM, Excel opens the Vietnamese text correctly.
        body = "\ufeff".encode() + body.encode("utf-8")
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
