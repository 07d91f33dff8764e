"""Ad hoc report requests (báo cáo đột xuất): Finance-Planning asks some units for a report
on a subject by a deadline; each unit answers, with its projects' figures as of the request
date and any papers attached; Finance-Planning returns an answer with a reason or accepts
it, by the periodic report's workflow (reports.TRANSITIONS); the requester sees who
answered, who is late, who must send again and who is missing.

Each write is one transaction, logged with who and when; whoever acts next is told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from giaingan.audit.models import Event
from giaingan.audit.services import log_action
from giaingan.figures.selectors import Grouping, disbursement_table
from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.users import signed_in
from giaingan.monitoring.attachments import attachment_problems, attachment_store
from giaingan.monitoring.models import ReportRequest, ReportStatus, RequestAnswer
from giaingan.monitoring.reports import (
    report_reviewers,
    report_step_check,
    unit_filers,
    unit_projects,
)
from giaingan.monitoring.rules import REPORTING_ROLES
from giaingan.monitoring.selectors import UNIT_STATUS_LABELS, WAITING, filing_status
from giaingan.notifications.services import notify
from giaingan.org.models import Unit

S = ReportStatus
MAX_FILES = 10  # files sent with one answer; more is a crafted form, not a report
REVIEW_STEPS = (S.RETURNED, S.ACCEPTED)


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
    status: str  # "submitted" | "late" | "missing" | "returned", as on the periodic board
    answer: RequestAnswer | None

    @property
    def label(self) -> str:
        return UNIT_STATUS_LABELS[self.status]

    @property
    def waiting(self) -> bool:
        """The unit still owes the report: nothing sent, or returned and not sent again."""
        return self.status in WAITING


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
    *,
    user: Any,
    request: ReportRequest,
    unit: Unit,
    text: str,
    files: Sequence[Any] = (),
    at: dt.datetime | None = None,
) -> RequestAnswer:
    """The unit answers the request, with `files` attached, its figures frozen as of the
    request date; or, when its answer was returned, edits it and sends it again. Nothing is
    written when any part is wrong. `at` replays an answer sent earlier (the demo's year);
    by default, now."""
    if not user.has_perm("monitoring.file_report", unit):
        raise PermissionDenied
    problems = []
    if not request.recipients.filter(pk=unit.pk).exists():
        problems.append(
            Problem(f"{unit.name} không thuộc các đơn vị được yêu cầu báo cáo.", column="đơn vị")
        )
    if not text.strip():
        problems.append(Problem("Cần ghi nội dung báo cáo.", column="nội dung báo cáo"))
    if len(files) > MAX_FILES:
        problems.append(
            Problem(
                f"Mỗi lần gửi đính kèm tối đa {MAX_FILES} tệp.", column="tệp", value=str(len(files))
            )
        )
    problems += attachment_problems(files)
    sent = RequestAnswer.objects.filter(request=request, unit=unit).first()
    if sent is not None and sent.status != S.RETURNED:
        problems.append(Problem(f"{unit.name} đã gửi báo cáo này.", column="đơn vị"))
    if problems:
        raise InvalidInput(problems)
    plan, disbursed = request_figures(request, unit)
    now = at or timezone.now()
    actor = signed_in(user)
    with transaction.atomic():
        if sent is None:
            try:
                with transaction.atomic():
                    answer = RequestAnswer.objects.create(
                        request=request,
                        unit=unit,
                        text=text.strip(),
                        plan=plan,
                        disbursed=disbursed,
                        first_submitted_at=now,
                        submitted_at=now,
                        submitted_by=actor,
                    )
            except IntegrityError:  # sent by a colleague a moment ago
                raise InvalidInput(
                    [Problem(f"{unit.name} đã gửi báo cáo này.", column="đơn vị")]
                ) from None
            action = "monitoring.request.answered"
        else:
            # Locked: a return or an acceptance racing the sending must see one or the other.
            answer = RequestAnswer.objects.select_for_update().get(pk=sent.pk)
            report_step_check(user=user, report=answer, to_status=S.SUBMITTED, reason="")
            answer.text, answer.plan, answer.disbursed = text.strip(), plan, disbursed
            answer.submitted_at, answer.submitted_by = now, actor
            answer.status = S.SUBMITTED
            answer.save()
            action = "monitoring.request.resubmitted"
        for file in files:
            attachment_store(user=user, file=file, answer=answer, at=now)
        log_action(
            action,
            user=user,
            obj=answer,
            data={"request": request.pk, "unit": unit.code, "files": len(files)},
            at=now,
        )
        verb = "đã gửi" if sent is None else "đã gửi lại (sau khi bị trả lại)"
        notify(
            report_reviewers(),
            subject=f"{unit.name} {verb} báo cáo đột xuất: {request.subject}",
            url=reverse("monitoring:request_answer", args=[answer.pk]),
            at=now,
        )
    return answer


def request_answer_review(
    *,
    user: Any,
    answer: RequestAnswer,
    to_status: str,
    reason: str = "",
    at: dt.datetime | None = None,
) -> RequestAnswer:
    """Finance-Planning returns the answer to its unit with a reason, or accepts it; the
    unit is told. The steps and who may take them are the periodic report's. `at` replays
    a review made earlier (the demo's year); by default, now."""
    if to_status not in REVIEW_STEPS:
        raise InvalidInput([Problem("Chỉ trả lại hoặc tiếp nhận được báo cáo đã gửi.")])
    with transaction.atomic():
        # Locked: two reviewers acting at once must not both move it.
        locked = (
            RequestAnswer.objects.select_for_update(of=("self",))
            .select_related("request", "unit")
            .get(pk=answer.pk)
        )
        reason = report_step_check(user=user, report=locked, to_status=to_status, reason=reason)
        now = at or timezone.now()
        locked.reviewed_at, locked.reviewed_by = now, signed_in(user)
        if to_status == S.RETURNED:
            locked.return_reason = reason
        locked.status = to_status
        locked.save()
        log_action(
            f"monitoring.request.{to_status}",
            user=user,
            obj=locked,
            data={"request": locked.request_id, "unit": locked.unit.code, "reason": reason},
            at=now,
        )
        url = reverse("monitoring:request_answer", args=[locked.pk])
        title = f"Báo cáo đột xuất «{locked.request.subject}»"
        if to_status == S.RETURNED:
            notify(
                unit_filers(locked.unit_id),
                subject=f"{title} bị trả lại",
                body=f"Lý do: {reason}",
                url=url,
                at=now,
            )
        else:
            notify(
                unit_filers(locked.unit_id),
                subject=f"{title} đã được tiếp nhận",
                url=url,
                at=now,
            )
    return locked


# What a user reads for each step of an answer, in its history.
STEP_LABELS = {
    "monitoring.request.answered": "Gửi báo cáo",
    "monitoring.request.resubmitted": "Gửi lại báo cáo",
    "monitoring.request.returned": "Trả lại báo cáo",
    "monitoring.request.accepted": "Tiếp nhận báo cáo",
}


@dataclass(frozen=True)
class AnswerStep:
    label: str
    at: dt.datetime
    actor: str
    reason: str


def answer_steps(answer: RequestAnswer) -> list[AnswerStep]:
    """The answer's workflow, oldest first, from the event log: what, when, by whom, why."""
    events = (
        Event.objects.filter(
            object_type=RequestAnswer._meta.label_lower,
            object_id=str(answer.pk),
            action__in=STEP_LABELS,
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    return [
        AnswerStep(
            label=STEP_LABELS[event.action],
            at=event.at,
            actor=(event.actor.get_full_name() or event.actor.username) if event.actor else "",
            reason=event.data.get("reason", ""),
        )
        for event in events
    ]


def request_status(request: ReportRequest) -> list[RecipientStatus]:
    """Every unit asked, in code order: answered by the deadline, late, returned and not
    yet sent again, or missing (the periodic board's rule, selectors.filing_status)."""
    answers = {answer.unit_id: answer for answer in request.answers.all()}
    rows = []
    for unit in request.recipients.order_by("code"):
        answer = answers.get(unit.pk)
        status = filing_status(
            returned=answer is not None and answer.status == S.RETURNED,
            first_submitted_on=timezone.localdate(answer.first_submitted_at) if answer else None,
            due=request.due_date,
        )
        rows.append(RecipientStatus(unit, status, answer))
    return rows


def requests_listed(*, unit_ids: set[int] | None) -> QuerySet:
    """Requests, newest first, each with how many units were asked (`asked`), have sent an
    answer standing (`answered`), of which `to_review` wait for Finance-Planning, or must
    send one again (`returned`); for units (`unit_ids`;
    None: the district) those addressed to them, with their own answers (`own_answers`)."""
    asked = ReportRequest.recipients.through.objects
    # The units asked in a subquery: joined beside the answers they would multiply them.
    asked_count = (
        asked.filter(reportrequest_id=OuterRef("pk"))
        .order_by()
        .values("reportrequest_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    listed = ReportRequest.objects.annotate(
        asked=Coalesce(Subquery(asked_count), 0),
        answered=Count("answers", filter=~Q(answers__status=S.RETURNED)),
        returned=Count("answers", filter=Q(answers__status=S.RETURNED)),
        to_review=Count("answers", filter=Q(answers__status=S.SUBMITTED)),
    )
    if unit_ids is None:
        return listed
    mine = asked.filter(unit_id__in=unit_ids)
    return listed.filter(id__in=mine.values("reportrequest_id")).prefetch_related(
        Prefetch(
            "recipients",
            queryset=Unit.objects.filter(id__in=unit_ids).order_by("code"),
            to_attr="own_units",
        ),
        Prefetch(
            "answers",
            queryset=RequestAnswer.objects.filter(unit_id__in=unit_ids),
            to_attr="own_answers",
        ),
    )
