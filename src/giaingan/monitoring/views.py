"""Pages of the month's cycle: "Báo cáo định kỳ" (reports due, the report form, the status
board) and "Vướng mắc" (the obstacle register). Every action is checked by monitoring.rules."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giaingan.capital.models import Project
from giaingan.lib.dates import DateError, disbursement_deadline, parse_date
from giaingan.lib.problems import InvalidInput
from giaingan.lib.text import record_id
from giaingan.monitoring.attachments import attachment_add, attachment_visible
from giaingan.monitoring.exports import (
    obstacle_sheet,
    register_sheet,
    status_sheet,
)
from giaingan.monitoring.forms import (
    AttachmentForm,
    ObstacleForm,
    ObstacleUpdateForm,
    ReportForm,
    ReturnForm,
)
from giaingan.monitoring.models import Attachment, Obstacle, PeriodicReport, ReportStatus
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record, obstacle_update
from giaingan.monitoring.paper import report_paper
from giaingan.monitoring.periods import MONTHLY, Period, period_parse, periods_of_year
from giaingan.monitoring.reconcile import report_reconciliation, unit_reconciliations
from giaingan.monitoring.reminders import period_remind
from giaingan.monitoring.reports import (
    EDITABLE,
    ReportInput,
    allowed_report_steps,
    report_figures,
    report_ledger,
    report_open,
    report_save,
    report_transition,
    unit_projects,
)
from giaingan.monitoring.rules import reporting_unit_ids
from giaingan.monitoring.selectors import (
    GROUPINGS,
    UNIT_STATUS_LABELS,
    obstacle_list,
    obstacle_register,
    period_status,
)
from giaingan.org.models import Unit
from giaingan.org.rules import project_scope
from giaingan.web.access import permission_required, require
from giaingan.web.exports import SHEET_FORMATS, file_download, sheet_download
from giaingan.web.params import latest_plan_year
from giaingan.web.problems import problems_flash

# How far ahead the list shows the periods coming due.
SHOWN_AHEAD = dt.timedelta(days=31)
STEP_LABELS = {
    ReportStatus.SUBMITTED: "Gửi báo cáo",
    ReportStatus.RETURNED: "Trả lại",
    ReportStatus.ACCEPTED: "Tiếp nhận",
}


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "").strip()
    if text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return latest_plan_year()


def _default_period(year: int) -> Period:
    """The month of today in `year`, or December of a past year."""
    today = timezone.localdate()
    return Period(year, MONTHLY, today.month if today.year == year else 12)


@require_GET
@permission_required("monitoring.view_reports")
def reports_home(request: HttpRequest) -> HttpResponse:
    """The periods due for each of the user's units, and where its reports stand."""
    year = _year(request)
    units = Unit.objects.filter(id__in=reporting_unit_ids(request.user)).order_by("code")
    horizon = timezone.localdate() + SHOWN_AHEAD
    try:
        dues = {period: period.due_date() for period in periods_of_year(year)}
    except InvalidInput as error:  # a year before any deadline rule
        problems_flash(request, error.problems)
        dues = {}
    periods = [period for period, due in dues.items() if due <= horizon]
    sections = []
    for unit in units:
        reports = {
            (report.cadence, report.period, report.project_id): report
            for report in PeriodicReport.objects.filter(
                unit=unit, period__startswith=str(year)
            ).select_related("project")
        }
        rows = []
        for period in reversed(periods):
            unit_report = reports.get((period.cadence, period.code, None))
            project_reports = [
                r
                for (cadence, code, project), r in reports.items()
                if cadence == period.cadence and code == period.code and project is not None
            ]
            rows.append(
                {
                    "period": period,
                    "due": dues[period],
                    "report": unit_report,
                    "project_reports": sorted(project_reports, key=lambda r: r.project.code),
                }
            )
        # What the service accepts: the unit's investments and the projects built there.
        projects = (
            Project.objects.filter(unit_projects(unit.pk)).order_by("code").only("code", "name")
        )
        sections.append({"unit": unit, "rows": rows, "projects": projects})
    return render(
        request,
        "monitoring/reports_home.html",
        {
            "year": year,
            "sections": sections,
            "can_board": request.user.has_perm("monitoring.view_board"),
            "today": timezone.localdate(),
        },
    )


@require_POST
@permission_required("monitoring.view_reports")
def report_new(request: HttpRequest) -> HttpResponse:
    """Open (or find) the unit's report for a period, on a project or for the unit."""
    unit = get_object_or_404(Unit, pk=record_id(request.POST.get("unit")) or 0)
    require(request, "monitoring.file_report", unit)
    code = request.POST.get("project", "").strip()
    project = get_object_or_404(Project, code=code) if code else None
    try:
        period = period_parse(request.POST.get("period", ""))
        report = report_open(user=request.user, unit=unit, period=period, project=project)
    except InvalidInput as error:
        problems_flash(request, error.problems)
        return redirect("monitoring:reports")
    return redirect("monitoring:report", report.pk)


@require_http_methods(["GET", "POST"])
@permission_required("monitoring.view_reports")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report: figures from the ledger, the unit's fields (editable by the unit while a
    draft or returned), the steps the user may take, its obstacles."""
    report = get_object_or_404(PeriodicReport.objects.select_related("unit", "project"), pk=pk)
    require(request, "monitoring.view_report", report)
    can_edit = report.status in EDITABLE and request.user.has_perm("monitoring.file_report", report)
    form = ReportForm(
        initial={
            "work_done_value": report.work_done_value,
            "accepted_unpaid_value": report.accepted_unpaid_value,
            "reported_disbursed": report.reported_disbursed,
            "progress": report.progress,
            "obstacles_text": report.obstacles_text,
            "proposals": report.proposals,
        }
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = ReportForm(request.POST)
        if form.is_valid():
            data = ReportInput(
                **{
                    key: (value or 0) if key.endswith("_value") else value
                    for key, value in form.cleaned_data.items()
                }
            )
            try:
                report_save(user=request.user, report=report, data=data)
                if request.POST.get("action") == "submit":
                    report_transition(
                        user=request.user, report=report, to_status=ReportStatus.SUBMITTED
                    )
                    messages.success(request, "Đã gửi báo cáo tới Phòng Tài chính - Kế hoạch.")
                else:
                    messages.success(request, "Đã lưu bản nháp báo cáo.")
                return redirect("monitoring:report", report.pk)
            except InvalidInput as error:
                problems_flash(request, error.problems)
    ledger = report_ledger(report)  # one reading for the report's figures and the treasury's
    steps = [
        (step, STEP_LABELS[step])
        for step in allowed_report_steps(report, request.user)
        if step != ReportStatus.SUBMITTED
    ]
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "as_of": ledger.as_of,
            "period": period_parse(report.period),
            "figures": report_figures(report, ledger=ledger),
            "reconciliation": report_reconciliation(report, ledger=ledger),
            "form": form,
            "can_edit": can_edit,
            "steps": steps,
            "return_form": ReturnForm(),
            "obstacles": report.obstacles.select_related("responsible_unit", "project"),
            "can_add_obstacle": request.user.has_perm("monitoring.add_obstacle"),
            "attachments": report.attachments.all(),
            "attachment_form": AttachmentForm() if can_edit else None,
            "attach_url": reverse("monitoring:report_attach", args=[report.pk]),
        },
    )


@require_GET
@permission_required("monitoring.view_reports")
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as the Decree 30 paper for the unit's head to sign."""
    report = get_object_or_404(PeriodicReport.objects.select_related("unit", "project"), pk=pk)
    require(request, "monitoring.view_report", report)
    name = (
        f"bao_cao_{report.period}_{report.project.code if report.project_id else report.unit.code}"
    )
    return file_download(report_paper(report), f"{name}.docx", "docx")


@require_POST
@permission_required("monitoring.view_reports")
def report_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Finance-Planning returns (with a reason) or accepts a submitted report."""
    report = get_object_or_404(PeriodicReport, pk=pk)
    require(request, "monitoring.view_report", report)
    to_status = request.POST.get("to", "")
    if to_status not in (ReportStatus.RETURNED, ReportStatus.ACCEPTED):
        raise Http404
    try:
        report_transition(
            user=request.user,
            report=report,
            to_status=to_status,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, f"Đã {STEP_LABELS[to_status].lower()} báo cáo.")
    except InvalidInput as error:
        problems_flash(request, error.problems)
    return redirect("monitoring:report", report.pk)


def _board_period(request: HttpRequest) -> tuple[Period, list[str]]:
    """The period asked for, if it parses and has a deadline in the rulebook; else the
    default one, with the reason."""
    text = request.GET.get("period", "").strip()
    default = _default_period(latest_plan_year())
    if not text:
        return default, []
    try:
        period = period_parse(text)
        period.due_date()
    except InvalidInput as error:
        return default, [
            f"{problem} Đang hiển thị kỳ {default.code}." for problem in error.problems
        ]
    return period, []


@require_GET
@permission_required("monitoring.view_board")
def board(request: HttpRequest) -> HttpResponse:
    """Finance-Planning's board: who submitted, who is late, missing or returned."""
    period, problems = _board_period(request)
    status = period_status(period)
    compared = unit_reconciliations(status)
    return render(
        request,
        "monitoring/board.html",
        {
            "status": status,
            "rows": [(unit, compared.get(unit.unit_id)) for unit in status.units],
            "differing": sum(1 for pair in compared.values() if pair.differs),
            "period": period,
            "counts": status.counts(),
            "labels": UNIT_STATUS_LABELS,
            "problems": problems,
            "periods": periods_of_year(period.year),
            "can_review": request.user.has_perm("monitoring.review_report"),
        },
    )


@require_POST
@permission_required("monitoring.review_report")
def board_remind(request: HttpRequest) -> HttpResponse:
    """Remind the units that still owe the period's report (in the app, and by mail)."""
    try:
        period = period_parse(request.POST.get("period", ""))
        count = period_remind(user=request.user, period=period)
    except InvalidInput as error:
        problems_flash(request, error.problems)
        return redirect("monitoring:board")
    if count:
        messages.success(request, f"Đã nhắc {count} đơn vị chưa nộp {period.phrase}.")
    else:
        messages.info(request, f"Không còn đơn vị nào phải nhắc nộp {period.phrase}.")
    return redirect(reverse("monitoring:board") + f"?period={period.code}")


@require_GET
@permission_required("monitoring.view_board")
def board_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in SHEET_FORMATS:
        raise Http404
    period, _ = _board_period(request)
    status = period_status(period)
    return sheet_download(
        status_sheet(status, unit_reconciliations(status)), f"bao_cao_{period.code}.{fmt}", fmt
    )


def _as_of(request: HttpRequest) -> tuple[dt.date, list[str]]:
    default = min(timezone.localdate(), disbursement_deadline(latest_plan_year()))
    text = request.GET.get("as_of", "").strip()
    if not text:
        return default, []
    try:
        return parse_date(text), []
    except DateError as error:
        return default, [f"Ngày «{text}»: {error}; hiển thị ngày {default:%d/%m/%Y}."]


@require_GET
@permission_required("monitoring.view_obstacles")
def obstacles(request: HttpRequest) -> HttpResponse:
    """The register: groups with the plan capital held up, then the open obstacles."""
    as_of, problems = _as_of(request)
    by = request.GET.get("by", "kind")
    if by not in GROUPINGS:
        by = "kind"
    scope = project_scope(request.user)
    return render(
        request,
        "monitoring/obstacles.html",
        {
            "as_of": as_of,
            "by": by,
            "groupings": GROUPINGS,
            "register": obstacle_register(as_of=as_of, by=by, scope=scope),
            "open_list": Paginator(obstacle_list(as_of=as_of, scope=scope), 50).get_page(
                request.GET.get("page")
            ),
            "query": urlencode({"as_of": as_of.strftime("%d/%m/%Y"), "by": by}),
            "problems": problems,
            "can_add": request.user.has_perm("monitoring.add_obstacle"),
        },
    )


@require_GET
@permission_required("monitoring.view_obstacles")
def obstacles_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """/vuong-mac/<nhom|danh-sach>.<xlsx|csv>: the grouped register or the open list."""
    if fmt not in SHEET_FORMATS or table not in ("nhom", "danh-sach"):
        raise Http404
    as_of, _ = _as_of(request)
    by = request.GET.get("by", "kind")
    if by not in GROUPINGS:
        by = "kind"
    scope = project_scope(request.user)
    if table == "nhom":
        sheet = register_sheet(obstacle_register(as_of=as_of, by=by, scope=scope))
    else:
        sheet = obstacle_sheet(obstacle_list(as_of=as_of, scope=scope), as_of)
    return sheet_download(sheet, f"vuong_mac_{table}_{as_of:%Y%m%d}.{fmt}", fmt)


@require_http_methods(["GET", "POST"])
@permission_required("monitoring.add_obstacle")
def obstacle_new(request: HttpRequest) -> HttpResponse:
    """Register an obstacle directly, or from a report (?report=<id>)."""
    report = None
    report_id = request.GET.get("report") or request.POST.get("report")
    if report_id:
        report = get_object_or_404(PeriodicReport, pk=record_id(report_id) or 0)
        require(request, "monitoring.view_report", report)
    today = timezone.localdate()
    initial = {"opened_on": today, "due_date": today + dt.timedelta(days=30)}
    if report is not None and report.project_id:
        initial["project"] = report.project.code
    form = ObstacleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request, "monitoring.add_project_obstacle", data["project"])
        try:
            obstacle = obstacle_record(
                user=request.user,
                data=ObstacleInput(
                    project=data["project"],
                    kind=data["kind"],
                    description=data["description"],
                    responsible_unit=data["responsible_unit"],
                    opened_on=data["opened_on"],
                    due_date=data["due_date"],
                    report=report,
                ),
            )
        except InvalidInput as error:
            problems_flash(request, error.problems)
        else:
            messages.success(request, "Đã ghi vướng mắc.")
            if report is not None:
                return redirect("monitoring:report", report.pk)
            return redirect("monitoring:obstacle", obstacle.pk)
    return render(request, "monitoring/obstacle_form.html", {"form": form, "report": report})


@require_http_methods(["GET", "POST"])
@permission_required("monitoring.view_obstacles")
def obstacle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = get_object_or_404(
        Obstacle.objects.select_related("project", "responsible_unit", "report"), pk=pk
    )
    require(request, "monitoring.view_obstacle", obstacle)
    can_change = request.user.has_perm("monitoring.change_obstacle", obstacle)
    form = ObstacleUpdateForm(
        request.POST or None,
        initial={
            "status": obstacle.status,
            "resolution": obstacle.resolution,
            "cleared_on": obstacle.cleared_on or timezone.localdate(),
        },
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                obstacle_update(
                    user=request.user,
                    obstacle=obstacle,
                    status=form.cleaned_data["status"],
                    resolution=form.cleaned_data["resolution"],
                    cleared_on=form.cleaned_data["cleared_on"],
                )
            except InvalidInput as error:
                problems_flash(request, error.problems)
            else:
                messages.success(request, "Đã cập nhật vướng mắc.")
                return redirect("monitoring:obstacle", obstacle.pk)
    return render(
        request,
        "monitoring/obstacle_detail.html",
        {
            "obstacle": obstacle,
            "form": form,
            "can_change": can_change,
            "overdue": obstacle.cleared_on is None and obstacle.due_date < timezone.localdate(),
            "back": reverse("monitoring:obstacles"),
            "attachments": obstacle.attachments.all(),
            "attachment_form": AttachmentForm() if can_change else None,
            "attach_url": reverse("monitoring:obstacle_attach", args=[obstacle.pk]),
        },
    )


def _attach(request: HttpRequest, *, report=None, obstacle=None) -> None:
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, f"Tệp đính kèm: {error}")
        return
    try:
        attachment = attachment_add(
            user=request.user, file=form.cleaned_data["file"], report=report, obstacle=obstacle
        )
    except InvalidInput as error:
        problems_flash(request, error.problems)
    else:
        messages.success(request, f"Đã đính kèm tệp «{attachment.name}».")


@require_POST
@permission_required("monitoring.view_reports")
def report_attach(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(PeriodicReport, pk=pk)
    require(request, "monitoring.file_report", report)
    _attach(request, report=report)
    return redirect("monitoring:report", report.pk)


@require_POST
@permission_required("monitoring.view_obstacles")
def obstacle_attach(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = get_object_or_404(Obstacle, pk=pk)
    require(request, "monitoring.change_obstacle", obstacle)
    _attach(request, obstacle=obstacle)
    return redirect("monitoring:obstacle", obstacle.pk)


@require_GET
@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """An attached file, only to those who may see its report or obstacle."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("report", "answer", "obstacle__project"), pk=pk
    )
    if not attachment_visible(request.user, attachment):
        raise PermissionDenied
    try:
        stream = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(stream, as_attachment=True, filename=attachment.name)
