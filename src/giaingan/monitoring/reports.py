"""Periodic reports: a unit opens one for a period, fills it, submits it; Finance-Planning
returns it with a reason or accepts it. Each step is one transaction on a locked row,
written to the event log, and the next actor is notified."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.capital.models import Project
from giaingan.figures.selectors import Figures
from giaingan.lib.money import format_number, shown_rate
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.users import signed_in
from giaingan.monitoring.models import PeriodicReport, ReportStatus
from giaingan.monitoring.periods import Period, period_parse
from giaingan.monitoring.rules import REPORTING_ROLES, project_belongs_to
from giaingan.notifications.services import notify
from giaingan.org.models import Role, Unit
from giaingan.org.rules import located_in

S = ReportStatus
EDITABLE = (S.DRAFT, S.RETURNED)


@dataclass(frozen=True)
class Step:
    permission: str
    on_report: bool  # the permission is checked against the report (its unit)
    needs_reason: bool = False


# The workflow as data: (from, to) -> who may take the step.
TRANSITIONS: dict[tuple[str, str], Step] = {
    (S.DRAFT, S.SUBMITTED): Step("monitoring.file_report", on_report=True),
    (S.RETURNED, S.SUBMITTED): Step("monitoring.file_report", on_report=True),
    (S.SUBMITTED, S.RETURNED): Step("monitoring.review_report", on_report=False, needs_reason=True),
    (S.SUBMITTED, S.ACCEPTED): Step("monitoring.review_report", on_report=False),
}


@dataclass(frozen=True)
class ReportInput:
    """What the unit writes itself; the ledger's figures are not typed in."""

    work_done_value: int = 0
    accepted_unpaid_value: int = 0
    reported_disbursed: int | None = None
    progress: str = ""
    obstacles_text: str = ""
    proposals: str = ""


@dataclass(frozen=True)
class ReportFigures:
    plan: int
    disbursed: int
    rate_percent: Any  # Decimal | None: as people read it, cut (99,999% is 99,99%)


def unit_projects(unit_id: int) -> Q:
    """The unit's own projects, as a filter on Project (see rules.project_belongs_to)."""
    return Q(investor_id=unit_id) | located_in([unit_id])


def report_as_of(report: PeriodicReport) -> dt.date:
    """The date a report's figures are as of: its due date, or the day it is sent if that
    is earlier (a report sent on 23/07 cannot speak for the payments of 24-25/07). Written
    to `report_date` when it is sent; while the unit can still edit it, up to today."""
    if report.status not in EDITABLE:
        return report.report_date
    return min(report.due_date, timezone.localdate())


def report_ledger(report: PeriodicReport, *, as_of: dt.date | None = None) -> Figures:
    """The figures of the report's projects (its project, or the unit's own) as of
    `report_as_of` (or `as_of`), for the plan year of its period: one per page, for its
    figures and the treasury's beside the unit's own (`reconcile.report_reconciliation`)."""
    scope = Q(id=report.project_id) if report.project_id else unit_projects(report.unit_id)
    return Figures(
        year=period_parse(report.period).year, as_of=as_of or report_as_of(report), scope=scope
    )


def report_figures(report: PeriodicReport, *, ledger: Figures | None = None) -> ReportFigures:
    """Plan, disbursed and rate as of the report date: frozen once submitted, from `figures`
    (`ledger`: the page's own `report_ledger`) while the unit can still edit it."""
    if report.status not in EDITABLE and report.plan is not None and report.disbursed is not None:
        return ReportFigures(
            report.plan, report.disbursed, shown_rate(report.disbursed, report.plan)
        )
    plan, disbursed, _advance = (ledger or report_ledger(report)).totals()
    return ReportFigures(plan, disbursed, shown_rate(disbursed, plan))


def report_open(
    *, user: Any, unit: Unit, period: Period, project: Project | None = None
) -> PeriodicReport:
    """The unit's report for `period` (on `project`, or for the whole unit): the one already
    open, or a new draft."""
    if not user.has_perm("monitoring.file_report", unit):
        raise PermissionDenied
    if project is not None and not project_belongs_to(project, unit.pk):
        raise InvalidInput(
            [
                Problem(
                    f"Dự án {project.code} không thuộc {unit.name}: đơn vị chỉ báo cáo dự án "
                    "của mình.",
                    column="dự án",
                    value=project.code,
                )
            ]
        )
    found = PeriodicReport.objects.filter(
        unit=unit, project=project, cadence=period.cadence, period=period.code
    ).first()
    if found is not None:
        return found
    due = period.due_date()
    try:
        with transaction.atomic():
            report = PeriodicReport.objects.create(
                unit=unit,
                project=project,
                cadence=period.cadence,
                period=period.code,
                due_date=due,
                report_date=due,
                created_by=signed_in(user),
            )
            log_action(
                "monitoring.report.opened",
                user=user,
                obj=report,
                data={"period": period.code, "project": project.code if project else None},
            )
    except IntegrityError:  # opened by a colleague a moment ago
        return PeriodicReport.objects.get(
            unit=unit, project=project, cadence=period.cadence, period=period.code
        )
    return report


def report_save(*, user: Any, report: PeriodicReport, data: ReportInput) -> PeriodicReport:
    """Write the unit's own fields while the report is a draft or returned."""
    if not user.has_perm("monitoring.file_report", report):
        raise PermissionDenied
    problems = []
    for field, label in (
        ("work_done_value", "giá trị khối lượng thực hiện"),
        ("accepted_unpaid_value", "giá trị đã nghiệm thu chưa thanh toán"),
        ("reported_disbursed", "giá trị giải ngân theo số liệu đơn vị"),
    ):
        if (getattr(data, field) or 0) < 0:
            problems.append(
                Problem(
                    "Số tiền không được âm.",
                    column=label,
                    value=format_number(getattr(data, field)),
                )
            )
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        # Locked: a submission racing the save must see the saved fields or none.
        locked = PeriodicReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in EDITABLE:
            raise InvalidInput(
                [
                    Problem(
                        f"Báo cáo đang ở trạng thái «{locked.get_status_display()}», không sửa được."
                    )
                ]
            )
        for field in ReportInput.__dataclass_fields__:
            setattr(locked, field, getattr(data, field))
        locked.save()
        log_action("monitoring.report.saved", user=user, obj=locked, data={"period": locked.period})
    return locked


def allowed_report_steps(report: Any, user: Any) -> list[str]:
    """The statuses `user` may move this report (periodic, or an ad hoc answer: anything with
    a `status` and a `unit_id`) to from where it stands."""
    return [
        target
        for (source, target), step in TRANSITIONS.items()
        if source == report.status
        and user.has_perm(step.permission, report if step.on_report else None)
    ]


def report_step_check(*, user: Any, report: Any, to_status: str, reason: str) -> str:
    """The workflow's rule for one step of a report, periodic or an ad hoc answer (`report`
    locked by the caller): the step exists from where it stands, `user` may take it, and a
    return says why. The reason, stripped."""
    step = TRANSITIONS.get((report.status, to_status))
    if step is None:
        raise InvalidInput(
            [
                Problem(
                    f"Báo cáo đang ở trạng thái «{report.get_status_display()}», không chuyển "
                    f"sang «{S(to_status).label if to_status in S.values else to_status}» được."
                )
            ]
        )
    if not user.has_perm(step.permission, report if step.on_report else None):
        raise PermissionDenied
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise InvalidInput([Problem("Cần ghi lý do trả lại báo cáo.", column="lý do")])
    return reason


def report_transition(
    *,
    user: Any,
    report: PeriodicReport,
    to_status: str,
    reason: str = "",
    at: dt.datetime | None = None,
) -> PeriodicReport:
    """Submit, return (with a reason) or accept a report; notify who acts next. `at` replays
    a step taken earlier (the demo's year); by default, now."""
    with transaction.atomic():
        # Locked: two reviewers acting at once must not both move it.
        locked = (
            PeriodicReport.objects.select_for_update(of=("self",))
            .select_related("unit", "project")
            .get(pk=report.pk)
        )
        reason = report_step_check(
            user=user,
            report=locked,
            to_status=to_status,
            reason=reason,
        )
        now = at or timezone.now()
        actor = signed_in(user)
        if to_status == S.SUBMITTED:
            # The figures the unit sent, frozen as of the day it sends them or its due date,
            # whichever is earlier (`report_as_of`).
            locked.report_date = min(locked.due_date, timezone.localdate(now))
            ledger = report_ledger(locked, as_of=locked.report_date)
            figures = report_figures(locked, ledger=ledger)
            locked.plan, locked.disbursed = figures.plan, figures.disbursed
            locked.submitted_at, locked.submitted_by = now, actor
            locked.first_submitted_at = locked.first_submitted_at or now
        else:
            locked.reviewed_at, locked.reviewed_by = now, actor
            if to_status == S.RETURNED:
                locked.return_reason = reason
        locked.status = to_status
        locked.save()
        log_action(
            f"monitoring.report.{to_status}",
            user=user,
            obj=locked,
            data={"period": locked.period, "reason": reason},
            at=now,
        )
        _notify(locked, to_status, at=now)
    return locked


def _notify(report: PeriodicReport, to_status: str, *, at: dt.datetime) -> None:
    url = reverse("monitoring:report", args=[report.pk])
    subject_name = report.project.code if report.project_id else report.unit.name
    title = f"{report.title} ({subject_name})"
    if to_status == S.SUBMITTED:
        notify(
            report_reviewers(),
            subject=f"{report.unit.name} đã gửi {report.phrase} ({subject_name})",
            url=url,
            at=at,
        )
        return
    filers = unit_filers(report.unit_id)
    if to_status == S.RETURNED:
        notify(
            filers,
            subject=f"{title} bị trả lại",
            body=f"Lý do: {report.return_reason}",
            url=url,
            at=at,
        )
    else:
        notify(filers, subject=f"{title} đã được tiếp nhận", url=url, at=at)


def report_reviewers() -> QuerySet:
    """Who reviews the units' reports, periodic or ad hoc: Finance-Planning's officers."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role=Role.FINANCE_PLANNING)
        .distinct()
    )


def unit_filers(unit_id: int) -> QuerySet:
    """Who files the unit's reports: its investor's and commune's officers."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, memberships__unit_id=unit_id, memberships__role__in=REPORTING_ROLES
        )
        .distinct()
    )
