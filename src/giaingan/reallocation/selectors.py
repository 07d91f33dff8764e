"""Reads of needs and proposals, in the advisor's terms."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from giaingan.capital.models import Project
from giaingan.figures.advisor import Move, Need, WhatIf, what_if
from giaingan.figures.forecast import forecast_hooks, project_forecast
from giaingan.reallocation.models import CapitalNeed, ReallocationProposal


def needs_for(*, year: int, as_of: dt.date) -> list[Need]:
    """The needs registered for plan year `year` on or before `as_of`."""
    return [
        Need(project_id=project, source_id=source, amount=amount, can_finish_first=first)
        for project, source, amount, first in CapitalNeed.objects.filter(
            plan_year=year, registered_on__lte=as_of
        ).values_list("project_id", "source_id", "amount", "can_finish_first")
    ]


def needs_list(*, year: int, scope: Q | None = None) -> QuerySet[CapitalNeed]:
    """The needs of plan year `year` for the projects of `scope` (None: every project)."""
    needs = CapitalNeed.objects.filter(plan_year=year).select_related("project", "source")
    if scope is not None:
        needs = needs.filter(project__in=_projects(scope))
    return needs.order_by("-registered_on", "project__code")


def _projects(scope: Q) -> QuerySet:
    return Project.objects.filter(scope).values("id")


def proposal_moves(proposal: ReallocationProposal) -> list[Move]:
    return [
        Move(giver=giver, taker=taker, source=source, amount=amount, reason=reason)
        for giver, taker, source, amount, reason in proposal.moves.values_list(
            "giver_id", "taker_id", "source_id", "amount", "reason"
        )
    ]


def proposal_outcome(proposal: ReallocationProposal) -> WhatIf:
    """The district's forecast at the proposal's date, before and after its moves."""
    hooks = forecast_hooks(year=proposal.plan_year, as_of=proposal.as_of)
    before = project_forecast(
        year=proposal.plan_year,
        as_of=proposal.as_of,
        accepted_unpaid=hooks.accepted_unpaid,
        scheduled=hooks.scheduled,
    )
    return what_if(
        forecast=before,
        moves=proposal_moves(proposal),
        accepted_unpaid=hooks.accepted_unpaid,
        scheduled=hooks.scheduled,
    )
