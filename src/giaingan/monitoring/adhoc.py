"""Ad hoc report requests (báo cáo đột xuất): Finance-Planning asks some units for a report
on a subject by a deadline; each unit answers once, with its projects' figures as of the
request date; the requester sees who answered, who is late and who is missing.

Each write is one transaction, logged with who and when; the units asked are told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.figures.selectors import Grouping, disbursement_table
from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.users import signed_in
from giaingan.monitoring.models import ReportRequest, RequestAnswer
from giaingan.monitoring.reports import unit_projects
from giaingan.monitoring.rules import REPORTING_ROLES
from giaingan.notifications.services import notify
from giaingan.org.models import Unit


@dataclass(frozen=True)
class RequestInput:
    subject: str
    requested_on: dt.date
    due_date: dt.date
    recipients: list[Unit]
    details: str = ""


@dataclass(frozen=True)
class RecipientStatus:
    unit: Unit
    status: str  # "submitted" | "late" | "missing", as on the periodic board
    answer: RequestAnswer | None


def report_request_record(*, user: Any, data: RequestInput) -> ReportRequest:
    """Ask the recipients for a report by the deadline, and tell their reporting officers."""
    if not user.has_perm("monitoring.review_report"):
        raise PermissionDenied
    problems = []
    if not data.subject.strip():
        problems.append(Problem("Cần ghi nội dung yêu cầu báo cáo.", column="nội dung"))
    if data.due_date < data.requested_on:
        problems.append(
            Problem(
                f"Hạn báo cáo phải từ ngày yêu cầu ({format_date(data.requested_on)}) trở đi.",
                column="hạn báo cáo",
                value=format_date(data.due_date),
            )
        )
    if not data.recipients:
        problems.append(Problem("Cần chọn ít nhất một đơn vị phải báo cáo.", column="đơn vị"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        request = ReportRequest.objects.create(
            subject=data.subject.strip(),
            details=data.details.strip(),
            requested_on=data.requested_on,
            due_date=data.due_date,
            created_by=signed_in(user),
        )
        request.recipients.set(data.recipients)
        log_action(
            "monitoring.request.recorded",
            user=user,
            obj=request,
            data={
                "subject": request.subject,
                "due": data.due_date.isoformat(),
                "units": sorted(unit.code for unit in data.recipients),
            },
        )
        officers = (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__unit__in=data.recipients,
                memberships__role__in=REPORTING_ROLES,
            )
            .distinct()
        )
        notify(
            officers,
            subject=f"Yêu cầu báo cáo đột xuất: {request.subject}",
            body=f"Hạn báo cáo: {format_date(request.due_date)}.",
            url=reverse("monitoring:request", args=[request.pk]),
        )
    return request


def request_figures(request: ReportRequest, unit: Unit) -> tuple[int, int]:
    """(plan, disbursed) of the unit's own projects as of the request date, from `figures`."""
    total = disbursement_table(
        year=request.requested_on.year,
        as_of=request.requested_on,
        by=Grouping.SOURCE,
        scope=unit_projects(unit.pk),
    ).total
    return total.plan, total.disbursed


def request_answer_submit(
    *, user: Any, request: ReportRequest, unit: Unit, text: str
) -> RequestAnswer:
    """The unit answers the request once, its figures frozen as of the request date."""
    if not user.has_perm("monitoring.file_report", unit):
        raise PermissionDenied
    problems = []
    if not request.recipients.filter(pk=unit.pk).exists():
        problems.append(
            Problem(f"{unit.name} không thuộc các đơn vị được yêu cầu báo cáo.", column="đơn vị")
        )
    if not text.strip():
        problems.append(Problem("Cần ghi nội dung báo cáo.", column="nội dung báo cáo"))
    if RequestAnswer.objects.filter(request=request, unit=unit).exists():
        problems.append(Problem(f"{unit.name} đã gửi báo cáo này.", column="đơn vị"))
    if problems:
        raise InvalidInput(problems)
    plan, disbursed = request_figures(request, unit)
    with transaction.atomic():
        answer = RequestAnswer.objects.create(
            request=request,
            unit=unit,
            text=text.strip(),
            plan=plan,
            disbursed=disbursed,
            submitted_at=timezone.now(),
            submitted_by=signed_in(user),
        )
        log_action(
            "monitoring.request.answered",
            user=user,
            obj=answer,
            data={"request": request.pk, "unit": unit.code},
        )
    return answer


def request_status(request: ReportRequest) -> list[RecipientStatus]:
    """Every unit asked, in code order: answered by the deadline, late, or missing."""
    answers = {answer.unit_id: answer for answer in request.answers.all()}
    rows = []
    for unit in request.recipients.order_by("code"):
        answer = answers.get(unit.pk)
        if answer is None:
            status = "missing"
        elif timezone.localdate(answer.submitted_at) <= request.due_date:
            status = "submitted"
        else:
            status = "late"
        rows.append(RecipientStatus(unit, status, answer))
    return rows
