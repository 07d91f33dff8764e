"""Pages of ad hoc report requests (/bao-cao-dot-xuat/): Finance-Planning asks and follows
who answered; each unit asked answers, with its papers attached; Finance-Planning returns an
answer with a reason or accepts it, and the unit sends a returned answer again. Every action
is checked by monitoring.rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from giaingan.lib.problems import InvalidInput
from giaingan.lib.text import record_id
from giaingan.monitoring.adhoc import (
    REVIEW_STEPS,
    RequestInput,
    answer_steps,
    report_request_record,
    request_answer_review,
    request_answer_submit,
    request_figures,
    request_status,
    requests_listed,
)
from giaingan.monitoring.forms import AnswerForm, RequestForm, ReturnForm
from giaingan.monitoring.models import ReportRequest, ReportStatus, RequestAnswer
from giaingan.monitoring.reports import allowed_report_steps
from giaingan.monitoring.rules import reporting_unit_ids
from giaingan.monitoring.selectors import UNIT_STATUS_LABELS
from giaingan.org.models import Unit
from giaingan.org.rules import sees_district
from giaingan.web.access import permission_required, require
from giaingan.web.problems import problems_flash

REVIEW_LABELS = {ReportStatus.RETURNED: "Trả lại", ReportStatus.ACCEPTED: "Tiếp nhận"}


@require_http_methods(["GET", "POST"])
@permission_required("monitoring.view_reports")
def requests_list(request: HttpRequest) -> HttpResponse:
    """The district sees every request; a unit those addressed to it. Finance-Planning asks."""
    can_ask = request.user.has_perm("monitoring.review_report")
    form = RequestForm(request.POST or None)
    if request.method == "POST":
        if not can_ask:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                asked = report_request_record(
                    user=request.user,
                    data=RequestInput(
                        subject=data["subject"],
                        details=data["details"],
                        requested_on=data["requested_on"],
                        due_date=data["due_date"],
                        recipients=list(data["recipients"]),
                    ),
                )
            except InvalidInput as error:
                problems_flash(request, error.problems)
            else:
                messages.success(request, "Đã gửi yêu cầu báo cáo đột xuất.")
                return redirect("monitoring:request", asked.pk)
    district = sees_district(request.user)
    own = reporting_unit_ids(request.user)
    listed = list(requests_listed(unit_ids=None if district else own))
    if not district:
        for item in listed:
            answers = {answer.unit_id: answer for answer in item.own_answers}
            item.own = [(unit, answers.get(unit.pk)) for unit in item.own_units]
    return render(
        request,
        "monitoring/requests.html",
        {
            "requests": listed,
            "form": form,
            "can_ask": can_ask,
            "district": district,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who answered, who is late, returned or missing (the district); the unit's answer or
    the form to answer with its papers."""
    asked = get_object_or_404(ReportRequest, pk=pk)
    require(request, "monitoring.view_request", asked)
    rows = request_status(asked)
    own = reporting_unit_ids(request.user)
    mine = [row for row in rows if row.unit.pk in own]
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        unit_id = record_id(request.POST.get("unit"))
        unit = get_object_or_404(Unit, pk=unit_id) if unit_id is not None else None
        if unit is None or not request.user.has_perm("monitoring.file_report", unit):
            raise PermissionDenied
        if form.is_valid():
            try:
                answer = request_answer_submit(
                    user=request.user,
                    request=asked,
                    unit=unit,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                )
            except InvalidInput as error:
                problems_flash(request, error.problems)
            else:
                messages.success(request, "Đã gửi báo cáo đột xuất tới Phòng Tài chính - Kế hoạch.")
                return redirect("monitoring:request_answer", answer.pk)
    district = sees_district(request.user)
    shown = rows if district else mine
    counts = [
        (key, label, sum(1 for row in shown if row.status == key))
        for key, label in UNIT_STATUS_LABELS.items()
    ]
    return render(
        request,
        "monitoring/request_detail.html",
        {
            "asked": asked,
            "rows": shown,
            "counts": counts,
            "own": own,
            "district": district,
            "mine": [(row, request_figures(asked, row.unit)) for row in mine if not row.answer],
            "form": form,
            "can_review": request.user.has_perm("monitoring.review_report"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_answer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit's answer: its figures, text, papers and steps; Finance-Planning returns or
    accepts it; the unit edits a returned answer and sends it again."""
    answer = get_object_or_404(RequestAnswer.objects.select_related("request", "unit"), pk=pk)
    require(request, "monitoring.view_report", answer)
    can_edit = answer.status == ReportStatus.RETURNED and request.user.has_perm(
        "monitoring.file_report", answer
    )
    form = AnswerForm(initial={"text": answer.text})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = AnswerForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                request_answer_submit(
                    user=request.user,
                    request=answer.request,
                    unit=answer.unit,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                )
            except InvalidInput as error:
                problems_flash(request, error.problems)
            else:
                messages.success(request, "Đã gửi lại báo cáo tới Phòng Tài chính - Kế hoạch.")
                return redirect("monitoring:request_answer", answer.pk)
    steps = [
        (step, REVIEW_LABELS[step])
        for step in allowed_report_steps(answer, request.user)
        if step in REVIEW_STEPS
    ]
    return render(
        request,
        "monitoring/request_answer.html",
        {
            "answer": answer,
            "asked": answer.request,
            "form": form,
            "can_edit": can_edit,
            "steps": steps,
            "return_form": ReturnForm(),
            "attachments": answer.attachments.all(),
            "history": answer_steps(answer),
            "sent_late": timezone.localdate(answer.first_submitted_at) > answer.request.due_date,
        },
    )


@require_POST
@login_required
def request_answer_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Finance-Planning returns (with a reason) or accepts a unit's answer."""
    answer = get_object_or_404(RequestAnswer, pk=pk)
    require(request, "monitoring.review_report")
    to_status = request.POST.get("to", "")
    if to_status not in REVIEW_STEPS:
        raise Http404
    try:
        request_answer_review(
            user=request.user,
            answer=answer,
            to_status=to_status,
            reason=request.POST.get("reason", ""),
        )
    except InvalidInput as error:
        problems_flash(request, error.problems)
    else:
        if to_status == ReportStatus.RETURNED:
            messages.success(request, "Đã trả lại báo cáo; đơn vị đã được thông báo lý do.")
        else:
            messages.success(request, "Đã tiếp nhận báo cáo.")
    return redirect("monitoring:request_answer", answer.pk)
