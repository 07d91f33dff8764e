"""What a movement achieved, and what a unit has been awarded over the years.

Disbursement figures come from `giaingan.figures` (one truth): awarded units and the rest are
two investor tables of the same Figures object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from giaingan.emulation.models import (
    Award,
    Category,
    Movement,
    Nomination,
    Purpose,
)
from giaingan.figures.selectors import Base, FigureRow, Figures
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
    awarded: FigureRow | None = None  # disbursement of the awarded units, together
    others: FigureRow | None = None  # of the other participants

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
        reviews=nominations.filter(purpose=Purpose.REVIEW)
        .exclude(proposal__status="nhap")
        .values("unit")
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
    registered = set(movement.registrations.values_list("unit_id", flat=True))
    awarded_units = set(
        Award.objects.filter(movement=movement, person_name="").values_list("unit_id", flat=True)
    )
    figures = Figures(
        year=movement.plan_year,
        as_of=min(as_of, movement.completion_deadline),
        base=Base.ASSIGNED,
        scope=Q(investor_id__in=registered),
    )
    table = figures.table("investor")
    stats.awarded = table.subset([row for row in table.rows if row.key in awarded_units]).total
    stats.others = table.subset([row for row in table.rows if row.key not in awarded_units]).total
    return stats


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
