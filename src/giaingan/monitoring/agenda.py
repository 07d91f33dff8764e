"""Reads for briefings and action items: a briefing's agenda built from the figures as of
the day it is held (the slowest projects, those behind the dated target, the capital held
up per obstacle kind, the open obstacles, the overdue actions, the missing reports), and
the action items as each unit follows them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from giaingan.capital.models import Project
from giaingan.figures.laggards import slowest_and_behind
from giaingan.figures.selectors import FigureRow, Figures, Target
from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.models import ActionItem, ActionStatus, Briefing
from giaingan.monitoring.periods import MONTHLY, Period
from giaingan.monitoring.reports import unit_projects
from giaingan.monitoring.selectors import (
    WAITING,
    ObstacleRegister,
    UnitStatus,
    obstacle_list,
    obstacle_register,
    period_status,
)

SHOWN = 10  # rows of each agenda list; the counts say how many there are in all


@dataclass
class Agenda:
    as_of: dt.date
    year: int
    total: FigureRow
    slowest: list[FigureRow]
    target: Target | None
    behind: list[FigureRow]
    behind_count: int
    register: ObstacleRegister
    obstacles: list = field(default_factory=list)
    obstacles_open: int = 0
    obstacles_overdue: int = 0
    overdue_actions: list[ActionItem] = field(default_factory=list)
    period: Period | None = None
    missing: list[UnitStatus] = field(default_factory=list)


def briefing_scope(briefing: Briefing) -> Q | None:
    """The projects the briefing is about: one unit's own (an investor's, or those built in
    a commune), or the whole district."""
    return None if briefing.scope_unit_id is None else unit_projects(briefing.scope_unit_id)


def last_monthly_period(day: dt.date) -> Period | None:
    """The latest monthly period whose deadline has passed by `day` (this month's when the
    25th is behind us, else last month's); None before any deadline rule."""
    month = Period(day.year, MONTHLY, day.month)
    previous = (
        Period(day.year - 1, MONTHLY, 12)
        if day.month == 1
        else Period(day.year, MONTHLY, day.month - 1)
    )
    for period in (month, previous):
        try:
            if period.due_date() <= day:
                return period
        except InvalidInput:
            return None
    return None


def briefing_agenda(briefing: Briefing) -> Agenda:
    """What the meeting goes through, from the figures as of the day it is held."""
    as_of = briefing.held_on
    scope = briefing_scope(briefing)
    figures = Figures(year=as_of.year, as_of=as_of, scope=scope)
    table = figures.table("project")
    target = table.target
    # Compared in đồng: 29,999% of the plan is behind a 30% target.
    lagging = slowest_and_behind(
        table.rows, count=SHOWN, percent=None if target is None else target.share_percent
    )
    register = obstacle_register(as_of=as_of, by="kind", scope=scope, figures=figures)
    overdue_actions = (
        ActionItem.objects.filter(
            status=ActionStatus.OPEN, due_date__lt=as_of, briefing__held_on__lt=as_of
        )
        .filter(_action_scope(scope))
        .select_related("responsible_unit", "project", "briefing")
        .order_by("due_date", "id")
    )
    period = last_monthly_period(as_of)
    missing = []
    if period is not None:
        unit_ids = None if briefing.scope_unit_id is None else {briefing.scope_unit_id}
        missing = [
            unit
            for unit in period_status(period, unit_ids=unit_ids).units
            if unit.status in WAITING
        ]
    return Agenda(
        as_of=as_of,
        year=as_of.year,
        total=table.total,
        slowest=lagging.slowest,
        target=target,
        behind=lagging.behind,
        behind_count=lagging.behind_count,
        register=register,
        obstacles=list(obstacle_list(as_of=as_of, scope=scope)[:SHOWN]),
        obstacles_open=register.total.open,
        obstacles_overdue=register.total.overdue,
        overdue_actions=list(overdue_actions),
        period=period,
        missing=missing,
    )


def _action_scope(scope: Q | None) -> Q:
    if scope is None:
        return Q()
    return Q(project__in=Project.objects.filter(scope).values("id"))


def action_list(
    *, unit_ids: set[int] | None = None, only_open: bool = False, project: Project | None = None
) -> QuerySet:
    """Action items, the earliest deadline first: of some units (None: every unit), open
    ones only if asked, of one project if asked."""
    actions = ActionItem.objects.select_related("responsible_unit", "project", "briefing")
    if unit_ids is not None:
        actions = actions.filter(responsible_unit_id__in=unit_ids)
    if only_open:
        actions = actions.filter(status=ActionStatus.OPEN)
    if project is not None:
        actions = actions.filter(project=project)
    return actions.order_by("status", "due_date", "id")


def overdue_actions(*, day: dt.date, unit_ids: set[int] | None = None) -> QuerySet:
    """Open action items whose deadline passed before `day`."""
    return action_list(unit_ids=unit_ids, only_open=True).filter(due_date__lt=day)
