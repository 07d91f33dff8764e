"""Pages of briefings (/giao-ban/) and action items (/nhiem-vu/). Every action is checked
by monitoring.rules."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.agenda import action_list, briefing_agenda, briefing_scope
from giaingan.monitoring.briefings import (
    ActionInput,
    BriefingInput,
    action_complete,
    action_record,
    briefing_conclude,
    briefing_record,
)
from giaingan.monitoring.exports import action_sheet
from giaingan.monitoring.forms import ActionDoneForm, ActionForm, BriefingForm, ConclusionForm
from giaingan.monitoring.models import ActionItem, ActionStatus, Briefing
from giaingan.monitoring.notice import briefing_notice
from giaingan.monitoring.selectors import obstacle_list
from giaingan.org.rules import own_unit_ids, sees_district
from giaingan.web.access import permission_required, require
from giaingan.web.exports import SHEET_FORMATS, file_download, sheet_download
from giaingan.web.problems import problems_flash


@require_http_methods(["GET", "POST"])
@permission_required("monitoring.view_briefings")
def briefings(request: HttpRequest) -> HttpResponse:
    """The briefings held, newest first, and (for who holds them) the form to open one."""
    can_hold = request.user.has_perm("monitoring.hold_briefing")
    form = BriefingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST":
        if not can_hold:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                briefing = briefing_record(
                    user=request.user,
                    data=BriefingInput(
                        held_on=data["held_on"],
                        chair=data["chair"],
                        attendees=data["attendees"],
                        scope_unit=data["scope_unit"],
                        venue=data["venue"],
                    ),
                )
            except InvalidInput as error:
                problems_flash(request, error.problems)
            else:
                messages.success(request, "Đã mở cuộc họp giao ban; chương trình lấy từ số liệu.")
                return redirect("monitoring:briefing", briefing.pk)
    page = Paginator(
        Briefing.objects.select_related("scope_unit")
        .annotate(action_count=Count("actions"))
        .order_by("-held_on", "-id"),
        30,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/briefings.html",
        {"page": page, "form": form, "can_hold": can_hold},
    )


@require_GET
@permission_required("monitoring.view_briefings")
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda from the figures as of the meeting, the conclusions and the action items."""
    briefing = get_object_or_404(Briefing.objects.select_related("scope_unit"), pk=pk)
    can_hold = request.user.has_perm("monitoring.hold_briefing")
    agenda = briefing_agenda(briefing)
    obstacles = obstacle_list(as_of=briefing.held_on, scope=briefing_scope(briefing))
    today = timezone.localdate()
    actions = list(
        briefing.actions.select_related("responsible_unit", "project", "obstacle").order_by(
            "due_date", "id"
        )
    )
    return render(
        request,
        "monitoring/briefing_detail.html",
        {
            "briefing": briefing,
            "agenda": agenda,
            "actions": [(action, action.overdue_on(today)) for action in actions],
            "can_hold": can_hold,
            "conclusion_form": ConclusionForm(initial={"conclusion": briefing.conclusion}),
            "action_form": ActionForm(
                obstacles=obstacles,
                initial={"due_date": briefing.held_on + dt.timedelta(days=15)},
            ),
            "attendees": [line for line in briefing.attendees.splitlines() if line.strip()],
        },
    )


@require_POST
@permission_required("monitoring.hold_briefing")
def briefing_conclusion(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = get_object_or_404(Briefing, pk=pk)
    form = ConclusionForm(request.POST)
    if form.is_valid():
        briefing_conclude(
            user=request.user, briefing=briefing, conclusion=form.cleaned_data["conclusion"]
        )
        messages.success(request, "Đã ghi ý kiến kết luận.")
    else:
        messages.error(request, "Ý kiến kết luận quá dài (tối đa 8.000 ký tự).")
    return redirect("monitoring:briefing", briefing.pk)


@require_POST
@permission_required("monitoring.hold_briefing")
def briefing_action_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one of the chair's conclusions as an action item."""
    briefing = get_object_or_404(Briefing, pk=pk)
    obstacles = obstacle_list(as_of=briefing.held_on, scope=briefing_scope(briefing))
    form = ActionForm(request.POST, obstacles=obstacles)
    if form.is_valid():
        data = form.cleaned_data
        try:
            action_record(
                user=request.user,
                briefing=briefing,
                data=ActionInput(
                    task=data["task"],
                    responsible_unit=data["responsible_unit"],
                    due_date=data["due_date"],
                    project=data["project"],
                    obstacle=data["obstacle"],
                ),
            )
        except InvalidInput as error:
            problems_flash(request, error.problems)
        else:
            messages.success(request, "Đã ghi nhiệm vụ.")
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    return redirect("monitoring:briefing", briefing.pk)


@require_GET
@login_required
def briefing_notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The Thông báo kết luận for the office's chief to sign, and for the units it tasks."""
    briefing = get_object_or_404(Briefing.objects.select_related("scope_unit"), pk=pk)
    require(request, "monitoring.view_briefing_notice", briefing)
    name = f"thong_bao_ket_luan_giao_ban_{briefing.held_on:%Y%m%d}.docx"
    return file_download(briefing_notice(briefing), name, "docx")


@require_GET
@permission_required("monitoring.view_actions")
def actions(request: HttpRequest) -> HttpResponse:
    """The action items: the district's officials see all, a unit those it must carry out."""
    unit_ids = None if sees_district(request.user) else own_unit_ids(request.user)
    only_open = request.GET.get("tat_ca") != "1"
    listed = action_list(unit_ids=unit_ids, only_open=only_open)
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "monitoring/actions.html",
        {
            "page": page,
            "rows": [(action, action.overdue_on(today)) for action in page],
            "only_open": only_open,
            "overdue_count": listed.filter(status=ActionStatus.OPEN, due_date__lt=today).count(),
        },
    )


@require_GET
@permission_required("monitoring.view_actions")
def actions_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """/nhiem-vu.<xlsx|csv>: the same list as the page (the same units, open or all)."""
    if fmt not in SHEET_FORMATS:
        raise Http404
    unit_ids = None if sees_district(request.user) else own_unit_ids(request.user)
    listed = action_list(unit_ids=unit_ids, only_open=request.GET.get("tat_ca") != "1")
    today = timezone.localdate()
    return sheet_download(action_sheet(listed, today), f"nhiem_vu_{today:%Y%m%d}.{fmt}", fmt)


@require_http_methods(["GET", "POST"])
@permission_required("monitoring.view_actions")
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        ActionItem.objects.select_related("briefing", "responsible_unit", "project", "obstacle"),
        pk=pk,
    )
    require(request, "monitoring.view_action", action)
    can_complete = action.status == ActionStatus.OPEN and request.user.has_perm(
        "monitoring.complete_action", action
    )
    form = ActionDoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST":
        if not can_complete:
            raise PermissionDenied
        if form.is_valid():
            try:
                action_complete(
                    user=request.user,
                    action=action,
                    done_on=form.cleaned_data["done_on"],
                    note=form.cleaned_data["done_note"],
                )
            except InvalidInput as error:
                problems_flash(request, error.problems)
            else:
                messages.success(request, "Đã báo hoàn thành nhiệm vụ.")
                return redirect("monitoring:action", action.pk)
    return render(
        request,
        "monitoring/action_detail.html",
        {
            "action": action,
            "overdue": action.overdue_on(timezone.localdate()),
            "form": form,
            "can_complete": can_complete,
            "can_see_briefing": request.user.has_perm("monitoring.view_briefings"),
            "can_get_notice": request.user.has_perm(
                "monitoring.view_briefing_notice", action.briefing
            ),
        },
    )
