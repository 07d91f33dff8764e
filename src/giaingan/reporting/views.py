"""Pages of the reports. Every action is checked by reporting.rules on the server.

- /bao-cao/: the registry of issued reports, filtered; each downloads its archived files.
- /bao-cao/lap/?kind=quarterly&as_of=30/09/2024: Finance-Planning's draft as of any date,
  its text blocks pre-filled from the figures; download the draft, or issue it.
- /bao-cao/kho-bac/?kind=monthly&as_of=30/09/2024: the treasury's result tables.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from giaingan.lib.dates import DateError, parse_date
from giaingan.lib.problems import InvalidInput
from giaingan.ops.replica import reading_replica
from giaingan.reporting.content import (
    TEXT_BLOCKS,
    ReportRequest,
    default_texts,
    periodic_content,
    treasury_content,
)
from giaingan.reporting.forms import RequestForm, TextsForm
from giaingan.reporting.models import IssuedReport, Paper
from giaingan.reporting.papers import (
    Header,
    number_text,
    periodic_docx,
    periodic_xlsx,
    report_signer,
    treasury_docx,
    treasury_xlsx,
    with_rate,
)
from giaingan.reporting.periods import ReportKind
from giaingan.reporting.selectors import RegistryFilters, readable_papers, registry
from giaingan.reporting.services import report_issue
from giaingan.web.access import permission_required, require
from giaingan.web.exports import CONTENT_TYPES, file_download
from giaingan.web.problems import problems_flash

PAGE_SIZE = 50


def _request_form(request: HttpRequest, *, treasury: bool = False) -> RequestForm:
    """The report asked for in the address; by default the last quarter's (the last
    month's for the treasury) as of yesterday."""
    data = request.GET.copy()
    if not data.get("kind"):
        data["kind"] = ReportKind.MONTHLY if treasury else ReportKind.QUARTERLY
    if not data.get("as_of"):
        data["as_of"] = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    return RequestForm(data, treasury=treasury)


def _draft_name(paper: str, report: ReportRequest, fmt: str) -> str:
    return f"du-thao-{paper}-{report.kind}-{report.as_of:%Y%m%d}.{fmt}"


@require_http_methods(["GET", "POST"])
@permission_required("reporting.draft_periodic")
def periodic_draft(request: HttpRequest) -> HttpResponse:
    """The draft of the periodic report as of any date: its figures, the text blocks to
    edit, the draft's files and the button that issues it."""
    chosen = _request_form(request)
    if not chosen.is_valid():
        return render(
            request, "reporting/periodic.html", {"chosen": chosen, "content": None}, status=400
        )
    asked = chosen.request()
    with reading_replica():  # a report's figures may come from the read replica
        content = periodic_content(asked)
    texts_form = TextsForm(request.POST or None, initial=default_texts(content))
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not texts_form.is_valid():
            return render(
                request,
                "reporting/periodic.html",
                {"chosen": chosen, "content": content, "form": texts_form, "asked": asked},
                status=400,
            )
        texts = texts_form.texts()
        if action == "issue":
            require(request, "reporting.issue_periodic")
            try:
                issued = report_issue(
                    user=request.user,
                    paper=Paper.PERIODIC,
                    request=asked,
                    texts=texts,
                    signer_name=texts_form.cleaned_data["signer_name"],
                )
            except InvalidInput as error:
                problems_flash(request, error.problems)
            else:
                messages.success(request, f"Đã phát hành báo cáo số {issued.number}.")
                return redirect("reporting:issued", pk=issued.pk)
        elif action in ("docx", "xlsx"):
            if action == "xlsx":
                data = periodic_xlsx(content)
            else:
                header = Header(
                    number=number_text(Paper.PERIODIC, asked.kind, None),
                    issued_on=None,  # a draft: no number, no day
                    signer_name=report_signer(
                        Paper.PERIODIC, texts_form.cleaned_data["signer_name"], request.user
                    ),
                )
                data = periodic_docx(content, texts, header)
            return file_download(data, _draft_name("bao-cao", asked, action), action)
        else:
            raise Http404
    return render(
        request,
        "reporting/periodic.html",
        {
            "chosen": chosen,
            "content": content,
            "form": texts_form,
            "asked": asked,
            "can_issue": request.user.has_perm("reporting.issue_periodic"),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("reporting.draft_treasury")
def treasury_tables(request: HttpRequest) -> HttpResponse:
    """The treasury's result tables by governing agency and by investor: on the page, as
    draft files (?fmt=docx|xlsx), and issued by the treasury."""
    chosen = _request_form(request, treasury=True)
    if not chosen.is_valid():
        return render(
            request, "reporting/treasury.html", {"chosen": chosen, "content": None}, status=400
        )
    asked = chosen.request()
    if request.method == "POST":
        require(request, "reporting.issue_treasury")
        try:
            issued = report_issue(
                user=request.user,
                paper=Paper.TREASURY,
                request=asked,
                signer_name=request.POST.get("signer_name", ""),
            )
        except InvalidInput as error:
            problems_flash(request, error.problems)
        else:
            messages.success(request, f"Đã phát hành báo cáo số {issued.number}.")
            return redirect("reporting:issued", pk=issued.pk)
    with reading_replica():
        content = treasury_content(asked)
    fmt = request.GET.get("fmt", "")
    if fmt == "xlsx":
        return file_download(treasury_xlsx(content), _draft_name("kho-bac", asked, fmt), fmt)
    if fmt == "docx":
        header = Header(
            number=number_text(Paper.TREASURY, asked.kind, None),
            issued_on=None,
            signer_name=report_signer(Paper.TREASURY, "", request.user),
        )
        return file_download(
            treasury_docx(content, header), _draft_name("kho-bac", asked, fmt), fmt
        )
    if fmt:
        raise Http404
    return render(
        request,
        "reporting/treasury.html",
        {
            "chosen": chosen,
            "content": content,
            "tables": [
                {
                    **table,
                    "rows": [with_rate(row) for row in table["rows"]],
                    "total": with_rate(table["total"]),
                }
                for table in content["tables"]
            ],
            "asked": asked,
            "query": request.GET.urlencode(),
            "can_issue": request.user.has_perm("reporting.issue_treasury"),
        },
    )


def _filters(request: HttpRequest) -> tuple[RegistryFilters, list[str]]:
    problems = []
    get = request.GET

    def day(name: str, label: str) -> dt.date | None:
        text = get.get(name, "").strip()
        if not text:
            return None
        try:
            return parse_date(text)
        except DateError as error:
            problems.append(f"{label}: {error}")
            return None

    year_text = get.get("year", "").strip()
    year = int(year_text) if year_text.isascii() and year_text.isdigit() else None
    if year_text and year is None:
        problems.append(f"Năm kế hoạch «{year_text[:20]}» không phải một năm.")
    paper = get.get("paper", "")
    kind = get.get("kind", "")
    filters = RegistryFilters(
        paper=paper if paper in Paper.values else "",
        kind=kind if kind in ReportKind.values else "",
        year=year,
        as_of_from=day("from", "Từ ngày"),
        as_of_to=day("to", "Đến ngày"),
        text=get.get("q", "").strip()[:50],
    )
    return filters, problems


@require_GET
@permission_required("reporting.view_registry")
def registry_page(request: HttpRequest) -> HttpResponse:
    """Past reports the user may read, newest first, filtered by paper, kind, plan year,
    dates and number."""
    filters, problems = _filters(request)
    page = Paginator(registry(request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/registry.html",
        {
            "page": page,
            "filters": filters,
            "problems": problems,
            "papers": [(value, Paper(value).label) for value in readable_papers(request.user)],
            "kinds": ReportKind.choices,
            "query": query.urlencode(),
            "can_periodic": request.user.has_perm("reporting.draft_periodic"),
            "can_treasury": request.user.has_perm("reporting.draft_treasury"),
        },
    )


@require_GET
@permission_required("reporting.view_registry")
def issued_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(IssuedReport.objects.select_related("author"), pk=pk)
    require(request, "reporting.view_issued", report)
    redraft = "reporting:periodic" if report.paper == Paper.PERIODIC else "reporting:treasury"
    return render(
        request,
        "reporting/issued.html",
        {
            "report": report,
            "texts": [
                (TEXT_BLOCKS[key], report.texts.get(key, ""))
                for key in TEXT_BLOCKS
                if key in report.texts
            ],
            "redraft": redraft,
            "can_redraft": request.user.has_perm(
                "reporting.draft_periodic"
                if report.paper == Paper.PERIODIC
                else "reporting.draft_treasury"
            ),
        },
    )


@require_GET
@permission_required("reporting.view_registry")
def issued_file(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """The archived file, exactly as it was issued."""
    if fmt not in ("docx", "xlsx"):
        raise Http404
    report = get_object_or_404(IssuedReport, pk=pk)
    require(request, "reporting.view_issued", report)
    stored = report.docx if fmt == "docx" else report.xlsx
    name = f"{report.number.replace('/', '-')}.{fmt}"
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt]
    )
