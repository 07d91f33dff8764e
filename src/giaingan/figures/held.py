"""The plan capital a set of projects holds, and the projects that owe a report: read by the
month's cycle (obstacles, periodic reports) from the same figures as every other page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping

from django.db.models import Q, QuerySet

from giaingan.capital.models import PlanEntry, PlanKind
from giaingan.figures.selectors import MANY_IDS, Base, Figures


def plan_in_force(
    *,
    groups: Mapping[Hashable, Iterable[int]],
    as_of: dt.date,
    base: Base | str = Base.ASSIGNED,
    figures: Figures | None = None,
) -> dict[Hashable, int]:
    """{group: the plan in force as of `as_of` (year of `as_of`, đồng) of its distinct
    projects}. A project in two groups counts whole in each; within a group, once.

    One `Figures` for every project named, so the groups cost one scan of the ledger; past
    MANY_IDS projects, the whole ledger's per-project sums cost less than the IN list.
    A page that already holds the whole ledger's `figures` for the same year, date and base
    passes them, and the ledger is not scanned again.
    """
    members = {key: set(ids) for key, ids in groups.items()}
    every = set().union(*members.values()) if members else set()
    if not every:
        return {key: 0 for key in members}
    if figures is None or (figures.year, figures.as_of, figures.base, figures.scope) != (
        as_of.year,
        as_of,
        Base(base),
        None,
    ):
        scope = Q(id__in=sorted(every)) if len(every) <= MANY_IDS else None
        figures = Figures(year=as_of.year, as_of=as_of, base=base, scope=scope)
    sums = figures.sums("project_id")
    return {
        key: sum(sums[project][0] for project in ids if project in sums)
        for key, ids in members.items()
    }


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
