"""Pages of ad hoc report requests (/bao-cao-dot-xuat/): Finance-Planning asks and follows
who answered; each unit asked answers. Every action is checked by monitoring.rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.adhoc import (
    RequestInput,
    report_request_record,
    request_answer_submit,
    request_figures,
    request_status,
)
from giaingan.monitoring.forms import AnswerForm, RequestForm
from giaingan.monitoring.models import ReportRequest
from giaingan.monitoring.rules import reporting_unit_ids
from giaingan.monitoring.selectors import UNIT_STATUS_LABELS
from giaingan.org.models import Unit
from giaingan.org.rules import sees_district
from giaingan.web.access import permission_required, require
from giaingan.web.problems import problems_flash


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
    listed = ReportRequest.objects.prefetch_related("recipients")
    if not sees_district(request.user):
        listed = listed.filter(recipients__in=reporting_unit_ids(request.user)).distinct()
    return render(
        request,
        "monitoring/requests.html",
        {"requests": listed, "form": form, "can_ask": can_ask},
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who answered, who is late or missing (the district); the unit's answer or its form."""
    asked = get_object_or_404(ReportRequest, pk=pk)
    require(request, "monitoring.view_request", asked)
    rows = request_status(asked)
    own = reporting_unit_ids(request.user)
    mine = [row for row in rows if row.unit.pk in own]
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        unit_id = request.POST.get("unit", "")
        unit = get_object_or_404(Unit, pk=int(unit_id)) if unit_id.isdigit() else None
        if unit is None or not request.user.has_perm("monitoring.file_report", unit):
            raise PermissionDenied
        if form.is_valid():
            try:
                request_answer_submit(
                    user=request.user, request=asked, unit=unit, text=form.cleaned_data["text"]
                )
            except InvalidInput as error:
                problems_flash(request, error.problems)
            else:
                messages.success(request, "Đã gửi báo cáo đột xuất.")
                return redirect("monitoring:request", asked.pk)
    return render(
        request,
        "monitoring/request_detail.html",
        {
            "asked": asked,
            "rows": rows if sees_district(request.user) else mine,
            "mine": [(row, request_figures(asked, row.unit)) for row in mine if not row.answer],
            "labels": UNIT_STATUS_LABELS,
            "form": form,
        },
    )
