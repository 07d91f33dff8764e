"""The plan capital a set of projects holds, and the projects that owe a report: read by the
month's cycle (obstacles, periodic reports) from the same figures as every other page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping

from django.db.models import Q, QuerySet

from giaingan.capital.models import PlanEntry, PlanKind
from giaingan.figures.selectors import MANY_IDS, Base, Figures, Total, ledger_filters


def plan_in_force(
    *,
    groups: Mapping[Hashable, Iterable[int]],
    as_of: dt.date,
    base: Base | str = Base.ASSIGNED,
    figures: Figures | None = None,
) -> dict[Hashable, int]:
    """{group: the plan in force as of `as_of` (year of `as_of`, đồng) of its distinct
    projects}. A project in two groups counts whole in each; within a group, once.

    A page that already holds the whole ledger's `figures` for the same year, date and base
    passes them, and nothing is read again. Otherwise the plan is read from the plan
    entries alone (`plan_by_project`): the treasury's lines, far more numerous, say nothing
    about the plan.
    """
    members = {key: set(ids) for key, ids in groups.items()}
    every = set().union(*members.values()) if members else set()
    if not every:
        return {key: 0 for key in members}
    if figures is not None and (figures.year, figures.as_of, figures.base, figures.scope) == (
        as_of.year,
        as_of,
        Base(base),
        None,
    ):
        plans = {project: sums[0] for project, sums in figures.sums("project_id").items()}
    else:
        scope = Q(id__in=sorted(every)) if len(every) <= MANY_IDS else None
        plans = plan_by_project(year=as_of.year, as_of=as_of, base=base, scope=scope)
    return {key: sum(plans.get(project, 0) for project in ids) for key, ids in members.items()}


def plan_by_project(
    *, year: int, as_of: dt.date, base: Base | str = Base.ASSIGNED, scope: Q | None = None
) -> dict[int, int]:
    """{project id: plan of year `year` in force as of `as_of` (đồng)} for the projects in
    `scope` (None: all) with a plan entry: the plan column of `Figures.sums("project_id")`
    (tests/figures hold them equal), read in one grouped query over the plan entries that
    `ledger_filters` counts, without the treasury's lines. A project whose plan was all
    transferred away is there with 0."""
    filters = ledger_filters(year, as_of, Base(base), scope)
    return dict(
        PlanEntry.objects.filter(filters.plan)
        .order_by()
        .values("project_id")
        .annotate(plan=Total("amount"))
        .values_list("project_id", "plan")
    )


def planned_projects(*, year: int, as_of: dt.date) -> QuerySet:
    """The ids of the projects with a plan of `year` decided by `as_of` (not carried over),
    as a subquery: those whose investor owes the year's periodic reports."""
    return (
        PlanEntry.objects.filter(plan_year=year, decision_date__lte=as_of)
        .exclude(kind=PlanKind.CARRY_OVER)
        .values("project_id")
    )


def disbursed_in_groups(
    *,
    groups: Mapping[Hashable, Iterable[int]],
    year: int,
    as_of: dt.date,
    base: Base | str = Base.ASSIGNED,
) -> dict[Hashable, int]:
    """{group: what the treasury has disbursed on plan year `year` as of `as_of` (đồng) for
    its distinct projects}: the figure a unit's own reported disbursement is set beside.
    One `Figures` for every project named, as `plan_in_force`."""
    members = {key: set(ids) for key, ids in groups.items()}
    every = set().union(*members.values()) if members else set()
    if not every:
        return {key: 0 for key in members}
    scope = Q(id__in=sorted(every)) if len(every) <= MANY_IDS else None
    sums = Figures(year=year, as_of=as_of, base=base, scope=scope).sums("project_id")
    return {
        key: sum(sums[project][1] for project in ids if project in sums)
        for key, ids in members.items()
    }
