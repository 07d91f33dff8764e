"""Figures of a reporting period: what was disbursed within it (the month's, the quarter's
change), the same day of the year before, and the targets by date met or not.

Read by the periodic report of Finance-Planning and the treasury's result tables; every
amount comes from `Figures` (ARCHITECTURE principle 1), every comparison is in đồng.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil

from django.db.models import Q

from giaingan.figures.selectors import (
    Base,
    FigureRow,
    Figures,
    Grouping,
    reaches_share,
    targets_for,
)


def eve(day: dt.date) -> dt.date:
    """The day before `day`: the figures 'before the period' are as of its eve."""
    return day - dt.timedelta(days=1)


def same_day_last_year(day: dt.date) -> dt.date:
    """The same day a year earlier; 29/02 reads 28/02."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def share_amount(plan: int, percent) -> int:
    """The least whole đồng amount that reaches `percent`% of `plan` (0 without a plan)."""
    if plan <= 0:
        return 0
    return ceil(Fraction(percent) * plan / 100)


def compare_rates(disbursed: int, plan: int, other_disbursed: int, other_plan: int) -> int | None:
    """1 when disbursed/plan is above other_disbursed/other_plan, -1 below, 0 equal, exactly
    (in đồng, never on rounded rates); None when either has no plan."""
    if plan <= 0 or other_plan <= 0:
        return None
    mine, theirs = Fraction(disbursed, plan), Fraction(other_disbursed, other_plan)
    return (mine > theirs) - (mine < theirs)


@dataclass(frozen=True)
class PeriodRow:
    """A group's figures as of the date and what it disbursed within the period."""

    key: int | None
    code: str
    name: str
    plan: int
    disbursed: int
    outstanding_advance: int
    change: int  # disbursed within the period: disbursed now minus disbursed on its eve

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "plan": self.plan,
            "disbursed": self.disbursed,
            "outstanding_advance": self.outstanding_advance,
            "change": self.change,
        }


@dataclass(frozen=True)
class PeriodTable:
    by: Grouping
    rows: list[PeriodRow]
    total: PeriodRow


@dataclass(frozen=True)
class TargetCheck:
    """A target by date: the share due, the amount it asks of the plan, what was disbursed
    by its date (or by the report's date when it is still ahead) and whether it was met."""

    due_date: dt.date
    share_percent: str  # Decimal as text, e.g. "60.00": kept exact in a stored report
    plan: int
    required: int
    disbursed: int
    due: bool  # its date is on or before the report's date
    met: bool

    def as_dict(self) -> dict:
        return {
            "due_date": self.due_date.isoformat(),
            "share_percent": self.share_percent,
            "plan": self.plan,
            "required": self.required,
            "disbursed": self.disbursed,
            "due": self.due,
            "met": self.met,
        }


@dataclass
class PeriodFigures:
    """The figures of plan year `year` as of `as_of` for a period that began on `since`."""

    year: int
    as_of: dt.date
    since: dt.date
    base: Base
    scope: Q | None = None
    _now: Figures | None = field(default=None, repr=False)
    _before: Figures | None = field(default=None, repr=False)

    @property
    def now(self) -> Figures:
        if self._now is None:
            self._now = Figures(year=self.year, as_of=self.as_of, base=self.base, scope=self.scope)
        return self._now

    @property
    def before(self) -> Figures:
        if self._before is None:
            self._before = Figures(
                year=self.year, as_of=eve(self.since), base=self.base, scope=self.scope
            )
        return self._before

    def table(self, by: Grouping | str) -> PeriodTable:
        """Plan, disbursed, outstanding advance and the period's change per group, the
        groups in the order of `Figures.table` (by code), with their total."""
        by = Grouping(by)
        now = self.now.table(by)
        earlier = {row.key: row.disbursed for row in self.before.table(by).rows}
        rows = [_period_row(row, row.disbursed - earlier.get(row.key, 0)) for row in now.rows]
        # A group that had figures before the period and none now still counts in the change.
        gone = set(earlier) - {row.key for row in now.rows}
        change_gone = -sum(earlier[key] for key in gone)
        total = _period_row(now.total, sum(row.change for row in rows) + change_gone)
        return PeriodTable(by=by, rows=rows, total=total)

    def total(self) -> PeriodRow:
        return self.table(Grouping.SOURCE).total

    def last_year(self) -> PeriodFigures:
        """The same period a year earlier: plan year N-1 as of the same day of N-1."""
        return PeriodFigures(
            year=self.year - 1,
            as_of=same_day_last_year(self.as_of),
            since=same_day_last_year(self.since),
            base=self.base,
            scope=self.scope,
        )

    def targets(self) -> list[TargetCheck]:
        """Every target by date of the year: those due by `as_of` judged on the figures of
        their own date, those ahead on today's, in đồng."""
        checks = []
        current = self.total()
        for target in targets_for(self.year):
            due = target.due_date <= self.as_of
            if due:
                then = Figures(
                    year=self.year, as_of=target.due_date, base=self.base, scope=self.scope
                )
                total = then.table(Grouping.SOURCE).total
                plan, disbursed = total.plan, total.disbursed
            else:
                plan, disbursed = current.plan, current.disbursed
            checks.append(
                TargetCheck(
                    due_date=target.due_date,
                    share_percent=f"{target.share_percent:.2f}",
                    plan=plan,
                    required=share_amount(plan, target.share_percent),
                    disbursed=disbursed,
                    due=due,
                    met=reaches_share(disbursed, plan, target.share_percent),
                )
            )
        return checks


def _period_row(row: FigureRow, change: int) -> PeriodRow:
    return PeriodRow(
        key=row.key,
        code=row.code,
        name=row.name,
        plan=row.plan,
        disbursed=row.disbursed,
        outstanding_advance=row.outstanding_advance,
        change=change,
    )


def period_figures(
    *,
    year: int,
    as_of: dt.date,
    since: dt.date,
    base: Base | str = Base.ASSIGNED,
    scope: Q | None = None,
) -> PeriodFigures:
    return PeriodFigures(year=year, as_of=as_of, since=since, base=Base(base), scope=scope)
