"""What may still be disbursed ("Còn được giải ngân") on a project, source and plan year.

The treasury pays only within the plan in force on the day of the document (Law on Public
Investment 2019, Art. 68): the key's disbursement (advances + payments - recovered
advance) may never pass its plan as decided by that day. A year-N line is dated up to
31/01/N+1; after that, up to 31/12/N+1, it may only spend what may still be spent: the
capital carried over by a `keo_dai` decision of that project and source, or capital
supplemented after 30/09/N.

One set of functions, used by the ledger's rule (`capital.ledger.TreasuryBook`) and by the
pages that show the figure; `reversal_left` says what of one line is not yet corrected.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from django.db.models import F, Q, Sum

from giaingan.capital.models import PlanEntry, PlanKind, TreasuryLine
from giaingan.lib.dates import disbursement_deadline

Key = tuple[int, int, int]  # project id, source id, plan year


def late_supplement_after(plan_year: int) -> dt.date:
    """Capital supplemented after this day may be disbursed until 31/12/N+1."""
    return dt.date(plan_year, 9, 30)


def extension_end(plan_year: int) -> dt.date:
    """The last day a year-N line may be dated, within what may still be spent."""
    return dt.date(plan_year + 1, 12, 31)


@dataclass
class Steps:
    """A running total by date: `amount_on(day)` is the sum of what was dated up to it."""

    days: list[dt.date] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, dated: Iterable[tuple[dt.date, int]]) -> Steps:
        merged: dict[dt.date, int] = defaultdict(int)
        for day, amount in dated:
            merged[day] += amount
        days = sorted(merged)
        return cls(days, list(accumulate(merged[day] for day in days)))

    def amount_on(self, day: dt.date) -> int:
        at = bisect_right(self.days, day)
        return self.totals[at - 1] if at else 0

    def lowest_from(self, day: dt.date) -> int:
        """The least running total on `day` or any later date (the plan may be cut later)."""
        at = bisect_right(self.days, day)
        return min([self.amount_on(day), *self.totals[at:]])


@dataclass
class KeyRoom:
    """The ledger of one key as the rule needs it; `disbursed` grows as lines are checked."""

    plan_year: int
    plan: Steps  # the plan in force by date, carry-over (`keo_dai`) left out
    late: Steps  # what may be spent after 31/01/N+1: `keo_dai`, supplements after 30/09/N
    disbursed: int = 0  # every line of the key
    carried_over: int = 0  # `keo_dai` entries of the key
    # Read for every line checked: computed once per key. From `settled_from` on, the plan
    # in force is `settled` (its last decision's total).
    deadline: dt.date = field(init=False)
    last_day: dt.date = field(init=False)
    settled_from: dt.date = field(init=False)
    settled: int = field(init=False)

    def __post_init__(self) -> None:
        self.deadline = disbursement_deadline(self.plan_year)
        self.last_day = extension_end(self.plan_year)
        days, totals = self.plan.days, self.plan.totals
        self.settled_from = days[-1] if days else dt.date.min
        self.settled = totals[-1] if totals else 0

    disbursed_late: int = 0  # lines dated after 31/01/N+1

    def left(self, day: dt.date) -> int:
        """What a line of the key dated `day` may still disburse."""
        if self.settled_from <= day <= self.deadline:  # the usual line: after the decisions
            return self.settled - self.disbursed
        if day > self.last_day:
            return 0
        left = self.plan.amount_on(day) - self.disbursed
        if day > self.deadline:
            left = min(left, self.late.amount_on(day) - self.disbursed_late)
        return left

    def add(self, day: dt.date, disbursed: int) -> None:
        self.disbursed += disbursed
        if day > self.deadline:
            self.disbursed_late += disbursed


def key_rooms(project_ids: Iterable[int]) -> dict[Key, KeyRoom]:
    """The `KeyRoom` of every key of these projects that has a plan entry or a line:
    two grouped queries, whatever the number of lines."""
    ids = set(project_ids)
    plan_rows: dict[Key, list[tuple[dt.date, int]]] = defaultdict(list)
    late_rows: dict[Key, list[tuple[dt.date, int]]] = defaultdict(list)
    carried: dict[Key, int] = defaultdict(int)
    entries = (
        PlanEntry.objects.filter(project_id__in=ids)
        .values_list("project_id", "source_id", "plan_year", "kind", "decision_date")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    for project, source, year, kind, day, amount in entries:
        key = (project, source, year)
        if kind == PlanKind.CARRY_OVER:
            late_rows[key].append((day, amount))
            carried[key] += amount
            continue
        plan_rows[key].append((day, amount))
        if kind == PlanKind.SUPPLEMENT and day > late_supplement_after(year):
            late_rows[key].append((day, amount))
    rooms = {
        key: KeyRoom(
            key[2], Steps.of(plan_rows[key]), Steps.of(late_rows[key]), carried_over=carried[key]
        )
        for key in plan_rows.keys() | late_rows.keys()
    }
    lines = TreasuryLine.objects.filter(project_id__in=ids).order_by()
    found = lines.values_list("project_id", "source_id", "plan_year").annotate(
        disbursed=Sum(F("amount") - F("recovered_advance"))
    )
    years: set[int] = set()
    for project, source, year, disbursed in found:
        key = (project, source, year)
        room = rooms.get(key)
        if room is None:
            room = rooms[key] = KeyRoom(year, Steps(), Steps())
        room.disbursed = disbursed or 0
        years.add(year)
    if years:
        late = Q()
        for year in years:
            late |= Q(plan_year=year, value_date__gt=disbursement_deadline(year))
        for project, source, year, disbursed in (
            lines.filter(late)
            .values_list("project_id", "source_id", "plan_year")
            .annotate(disbursed=Sum(F("amount") - F("recovered_advance")))
        ):
            rooms[(project, source, year)].disbursed_late = disbursed or 0
    return rooms


def cut_rooms(keys: Iterable[Key], on: dt.date) -> dict[Key, int]:
    """What a cut dated `on` may take from each key's plan, as the ledger stands: the plan
    may go neither below zero nor below what is disbursed from it (every line of the key,
    whatever its date) on that day or any later one, later decisions included (the plan
    book's rule, `capital.ledger`). Two grouped queries."""
    keys = set(keys)
    rooms = key_rooms({key[0] for key in keys})
    found = {}
    for key in keys:
        room = rooms.get(key)
        found[key] = 0 if room is None else max(room.plan.lowest_from(on) - room.disbursed, 0)
    return found


def disbursement_room(*, project_id: int, source_id: int, plan_year: int, on: dt.date) -> int:
    """ "Còn được giải ngân": what a line of this key dated `on` may still disburse."""
    room = key_rooms([project_id]).get((project_id, source_id, plan_year))
    if room is None:
        return 0
    return max(room.left(on), 0)


def unreversed(line: TreasuryLine) -> tuple[int, int]:
    """Amount and recovered advance of `line` not yet reversed by its corrections
    ("Còn lại sau điều chỉnh"): one grouped query."""
    totals = TreasuryLine.objects.filter(reverses_id=line.pk).aggregate(
        amount=Sum("amount"), recovered=Sum("recovered_advance")
    )
    return (
        line.amount + (totals["amount"] or 0),
        line.recovered_advance + (totals["recovered"] or 0),
    )
