"""The month's cycle at a glance, for the dashboard and a project's page: where the last
monthly report stands, the open obstacles by kind with the capital they hold up, the open
and overdue action items, as of the page's date and within what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from giaingan.capital.models import Project
from giaingan.figures.selectors import Figures
from giaingan.monitoring.adhoc import request_status
from giaingan.monitoring.agenda import last_monthly_period
from giaingan.monitoring.models import (
    ActionItem,
    ActionStatus,
    Obstacle,
    PeriodicReport,
    ReportRequest,
)
from giaingan.monitoring.periods import Period
from giaingan.monitoring.rules import reporting_unit_ids
from giaingan.monitoring.selectors import (
    ObstacleGroup,
    UnitStatus,
    obstacle_register,
    period_status,
)
from giaingan.org.rules import own_unit_ids, project_scope, sees_district

LATE_OR_WAITING = ("late", "missing", "returned")


@dataclass
class CyclePanel:
    as_of: dt.date
    period: Period | None
    counts: dict[str, int]
    waiting: list[UnitStatus]  # late, missing or returned, for the user's scope
    kinds: list[ObstacleGroup]  # the kinds with an open obstacle
    held_total: ObstacleGroup | None
    obstacles_overdue: int
    actions_open: int
    actions_overdue: list[ActionItem] = field(default_factory=list)
    # Ad hoc report requests not answered by every unit asked (within the user's scope):
    # (request, the units not answered yet, late past its deadline).
    requests_waiting: list[tuple[ReportRequest, list, bool]] = field(default_factory=list)


def actions_as_of(as_of: dt.date) -> tuple[Q, Q]:
    """(open, overdue) filters on ActionItem at the end of `as_of`: assigned by then and not
    done by then; overdue when its deadline passed before that day."""
    still_open = Q(briefing__held_on__lte=as_of) & (
        Q(status=ActionStatus.OPEN) | Q(done_on__gt=as_of)
    )
    return still_open, still_open & Q(due_date__lt=as_of)


def cycle_panel(*, user, as_of: dt.date, figures: Figures | None = None) -> CyclePanel:
    """The panel; `figures` are the page's own, reused when they cover the same ledger."""
    district = sees_district(user)
    period = last_monthly_period(as_of)
    counts: dict[str, int] = {}
    waiting: list[UnitStatus] = []
    if period is not None:
        status = period_status(period, unit_ids=None if district else reporting_unit_ids(user))
        counts = status.counts()
        waiting = [unit for unit in status.units if unit.status in LATE_OR_WAITING]
    scope = project_scope(user)
    register = obstacle_register(as_of=as_of, by="kind", scope=scope, figures=figures)
    open_actions, overdue = actions_as_of(as_of)
    actions = ActionItem.objects.all()
    if not district:
        actions = actions.filter(responsible_unit_id__in=own_unit_ids(user))
    return CyclePanel(
        as_of=as_of,
        period=period,
        counts=counts,
        waiting=waiting,
        kinds=[group for group in register.groups if group.open],
        held_total=register.total,
        obstacles_overdue=register.total.overdue,
        actions_open=actions.filter(open_actions).count(),
        actions_overdue=list(
            actions.filter(overdue)
            .select_related("responsible_unit", "project")
            .order_by("due_date", "id")[:10]
        ),
        requests_waiting=requests_waiting(
            as_of=as_of, unit_ids=None if district else reporting_unit_ids(user)
        ),
    )


def requests_waiting(
    *, as_of: dt.date, unit_ids: set[int] | None, recent_days: int = 31
) -> list[tuple[ReportRequest, list, bool]]:
    """Ad hoc requests asked by `as_of`, due at most `recent_days` before it, that some unit
    (of `unit_ids`; None: any) has not answered: (request, those units, late)."""
    requests = ReportRequest.objects.filter(
        requested_on__lte=as_of, due_date__gte=as_of - dt.timedelta(days=recent_days)
    ).order_by("due_date", "pk")
    if unit_ids is not None:
        requests = requests.filter(recipients__in=unit_ids).distinct()
    found = []
    for request in requests[:10]:
        owing = [
            row.unit
            for row in request_status(request)
            if row.waiting and (unit_ids is None or row.unit.pk in unit_ids)
        ]
        if owing:
            found.append((request, owing, request.due_date < as_of))
    return found


@dataclass
class ProjectCycle:
    reports: QuerySet
    obstacles: QuerySet
    actions: list[tuple[ActionItem, bool]]


def project_cycle(project: Project, *, today: dt.date) -> ProjectCycle:
    """The project's reports, obstacles and action items, newest first, in its history."""
    actions = (
        ActionItem.objects.filter(project=project)
        .select_related("briefing", "responsible_unit")
        .order_by("-briefing__held_on", "due_date", "id")
    )
    return ProjectCycle(
        reports=PeriodicReport.objects.filter(project=project)
        .select_related("unit")
        .order_by("-period", "cadence"),
        obstacles=Obstacle.objects.filter(project=project)
        .select_related("responsible_unit")
        .order_by("-opened_on", "-id"),
        actions=[(action, action.overdue_on(today)) for action in actions],
    )
