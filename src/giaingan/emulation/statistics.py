"""What a movement achieved, and what a unit has been awarded over the years.

Disbursement figures come from `giaingan.figures` (one truth): the projects of the awarded
collectives and those of the rest, each collective on the projects it is judged on (as the
evaluation judges it: an investor or a commune on its investments, an office on the projects
it governs), every project counted once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from giaingan.emulation.judging import judged_as
from giaingan.emulation.models import (
    Award,
    Category,
    Movement,
    Nomination,
    Purpose,
)
from giaingan.figures.selectors import Base, FigureRow, Figures, Grouping, units_scope
from giaingan.lib.text import name_key


@dataclass(frozen=True)
class CategoryCount:
    category: str
    label: str
    proposed: int
    awarded: int
    prize_total: int


@dataclass
class MovementStatistics:
    movement: Movement
    as_of: dt.date
    participants: int
    by_category: list[CategoryCount] = field(default_factory=list)
    reviews: int = 0
    awarded: FigureRow | None = None  # disbursement of the awarded collectives' projects
    others: FigureRow | None = None  # of the other collectives' projects

    @property
    def awards(self) -> int:
        return sum(row.awarded for row in self.by_category)

    @property
    def prize_total(self) -> int:
        return sum(row.prize_total for row in self.by_category)


def movement_statistics(movement: Movement, as_of: dt.date | None = None) -> MovementStatistics:
    """Awards by category, the review list, and how awarded units disbursed against the rest."""
    as_of = as_of or movement.completion_deadline
    nominations = Nomination.objects.filter(proposal__movement=movement)
    proposed = dict(
        nominations.filter(purpose=Purpose.AWARD)
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    won = {
        category: (count, total or 0)
        for category, count, total in Award.objects.filter(movement=movement)
        .values_list("nomination__category")
        .annotate(n=Count("id"), total=Sum("prize_amount"))
        .values_list("nomination__category", "n", "total")
    }
    stats = MovementStatistics(
        movement=movement,
        as_of=as_of,
        participants=movement.registrations.count(),
        # A unit and a person of it are two entries of the review list.
        reviews=nominations.filter(purpose=Purpose.REVIEW)
        .exclude(proposal__status="nhap")
        .values("unit", "person_name")
        .distinct()
        .count(),
    )
    stats.by_category = [
        CategoryCount(
            category=value,
            label=str(label),
            proposed=proposed.get(value, 0),
            awarded=won.get(value, (0, 0))[0],
            prize_total=won.get(value, (0, 0))[1],
        )
        for value, label in Category.choices
        if proposed.get(value) or won.get(value)
    ]
    # The projects of the awarded collectives against those of the others, each collective
    # on the projects it is judged on (an office on those it governs): a project once.
    awarded_units = set(
        Award.objects.filter(movement=movement, person_name="").values_list("unit_id", flat=True)
    )
    awarded: dict[Grouping, set[int]] = defaultdict(set)
    others: dict[Grouping, set[int]] = defaultdict(set)
    for registration in movement.registrations.select_related("unit").exclude(
        category=Category.INDIVIDUAL
    ):
        side = awarded if registration.unit_id in awarded_units else others
        side[judged_as(registration)].add(registration.unit_id)
    cutoff = min(as_of, movement.completion_deadline)
    awarded_scope = units_scope(awarded)
    stats.awarded = _total(movement, cutoff, awarded_scope)
    stats.others = _total(movement, cutoff, units_scope(others) & ~awarded_scope)
    return stats


def _total(movement: Movement, as_of: dt.date, scope: Q) -> FigureRow:
    figures = Figures(year=movement.plan_year, as_of=as_of, base=Base.ASSIGNED, scope=scope)
    return figures.table(Grouping.PROJECT).total


def award_history(*, unit_id: int | None = None, person_name: str = "") -> list[Award]:
    """Every award a unit (or a person of it) received, newest first."""
    awards = Award.objects.select_related("decision", "movement", "unit", "nomination")
    if unit_id is not None:
        awards = awards.filter(unit_id=unit_id)
    awards = awards.order_by("-decision__decided_on", "gold_book_number")
    if person_name:
        key = name_key(person_name)
        return [
            award for award in awards.exclude(person_name="") if name_key(award.person_name) == key
        ]
    return list(awards)
