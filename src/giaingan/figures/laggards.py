"""The rows furthest behind: the slowest by exact rate, and those below a share due, over a
province's 10^4 projects in whole numbers, without a Fraction per row.

`slowest` gives what `selectors.slowest_rows` gives and `share_below` what
`selectors.below_share` says (tests/figures/test_laggards.py holds them equal); they are
the same rules, costed for a briefing's agenda or a dashboard that reads every project.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from giaingan.figures.selectors import FigureRow, Figures, figure_rows
from giaingan.lib.collector import collector_paused


def share_below(percent: Decimal | int) -> Callable[[int, int], bool]:
    """`(disbursed, plan) -> bool`: a positive plan of which less than `percent`% is
    disbursed, exactly. The share is taken apart once: `percent` = n/d, so the test is
    `disbursed * 100 * d < n * plan` in whole đồng (29,999% of a plan is below 30%)."""
    share = Fraction(percent)
    numerator, denominator = share.numerator, share.denominator

    def below(disbursed: int, plan: int) -> bool:
        return plan > 0 and disbursed * 100 * denominator < numerator * plan

    return below


def slowest(rows: Sequence[Any], count: int = 10) -> list[Any]:
    """The `count` rows with a plan and the lowest exact rate; of equal rates the larger
    plan first, then the rows' own order.

    The rate is keyed as floor(disbursed * P² / plan), P the largest plan among the rows:
    two rates a/b < c/d with b, d <= P differ by at least 1/(b*d) >= 1/P², so their keys
    differ by at least one, and equal rates get equal keys: the order of the exact
    fractions, in integers."""
    rated = [row for row in rows if row.plan > 0]
    if not rated:
        return []
    scale = max(row.plan for row in rated) ** 2
    return heapq.nsmallest(
        count, rated, key=lambda row: (row.disbursed * scale // row.plan, -row.plan)
    )


@collector_paused()  # a key per project, 10^4 of them in a province, and no garbage
def slowest_projects(figures: Figures, count: int = 10) -> list[FigureRow]:
    """`slowest(figures.table("project").rows, count)` without making the table: the
    rows of the `count` slowest projects alone, unranked (a dashboard lists them without
    their rank). The table's order breaks the ties: by code, those without one last (in
    the order of the sums).

    The projects are ordered by `slowest`'s key first, and only those tied with the
    `count`-th are looked up by code."""
    sums = figures.sums("project_id")
    rated = [
        (project, plan, disbursed)
        for project, (plan, disbursed, _) in sums.items()
        if project is not None and plan > 0
    ]
    if not rated:
        return []
    scale = max(plan for _, plan, _ in rated) ** 2

    def key(row: tuple[int, int, int]) -> tuple[int, int]:
        return (row[2] * scale // row[1], -row[1])

    keyed = [(key(row), position, row[0]) for position, row in enumerate(rated)]
    if len(keyed) > count:
        last = heapq.nsmallest(count, keyed)[-1][0]
        keyed = [item for item in keyed if item[0] <= last]
    catalogue = figures.projects()
    codes = {}
    for _, _, project in keyed:
        entry = catalogue.get(project)
        codes[project] = "" if entry is None else entry.code
    keyed.sort(key=lambda item: (item[0], codes[item[2]] == "", codes[item[2]], item[1]))
    chosen = [project for _, _, project in keyed[:count]]
    names = {}
    for project in chosen:
        entry = catalogue.get(project)
        if entry is not None:
            names[project] = (entry.code, entry.name)
    rows = figure_rows({project: sums[project] for project in chosen}, names, figures.targets()[0])
    for row in rows:
        row.rank = None
    return rows


@dataclass
class Behind:
    """The slowest rows, those of them below the share due, and how many rows in all are
    below it."""

    slowest: list
    behind: list
    behind_count: int


def slowest_and_behind(rows: Sequence[Any], *, count: int, percent: Decimal | None) -> Behind:
    """`slowest(rows, count)`, and with a share due (`percent`, None: none yet) the
    `count` slowest rows below it and their number.

    The rows below a share are a prefix of the slowest-first order (a lower rate is below
    whatever share a higher one is below), so the slowest of them are those of the
    `count` slowest that are below it: one pass for both lists."""
    found = slowest(rows, count)
    if percent is None:
        return Behind(slowest=found, behind=[], behind_count=0)
    below = share_below(percent)
    return Behind(
        slowest=found,
        behind=[row for row in found if below(row.disbursed, row.plan)],
        behind_count=sum(1 for row in rows if below(row.disbursed, row.plan)),
    )
