"""Finding issued reports: the registry's list, filtered, as the user may read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from giaingan.reporting.models import IssuedReport, Paper
from giaingan.reporting.rules import reads_periodic, reads_treasury_tables


@dataclass(frozen=True)
class RegistryFilters:
    paper: str = ""
    kind: str = ""
    year: int | None = None  # the plan year
    as_of_from: dt.date | None = None
    as_of_to: dt.date | None = None
    text: str = ""  # a number or part of one


def readable_papers(user) -> list[str]:
    papers = []
    if reads_periodic(user):
        papers.append(Paper.PERIODIC.value)
    if reads_treasury_tables(user):
        papers.append(Paper.TREASURY.value)
    return papers


def registry(user, filters: RegistryFilters) -> QuerySet[IssuedReport]:
    """The issued reports `user` may read that match `filters`, newest first."""
    found = IssuedReport.objects.filter(paper__in=readable_papers(user)).select_related("author")
    if filters.paper:
        found = found.filter(paper=filters.paper)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.year:
        found = found.filter(plan_year=filters.year)
    if filters.as_of_from:
        found = found.filter(as_of__gte=filters.as_of_from)
    if filters.as_of_to:
        found = found.filter(as_of__lte=filters.as_of_to)
    if filters.text:
        found = found.filter(number__icontains=filters.text)
    return found.order_by("-issued_at", "-id")
