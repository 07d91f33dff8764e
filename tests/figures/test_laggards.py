"""The slowest rows and those below a share, in whole numbers, are exactly the selectors'
rules on exact fractions: the same rows in the same order, the same count."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from giaingan.figures.laggards import share_below, slowest, slowest_and_behind
from giaingan.figures.selectors import FigureRow, below_share, slowest_rows

AMOUNTS = st.integers(-(10**15), 10**15)
PLANS = st.integers(-10, 10**15)
SHARES = st.decimals(min_value=0, max_value=1000, places=2)
# Small amounts make equal rates (and equal plans) common: the ties are where orders differ.
SMALL_ROWS = st.lists(st.tuples(st.integers(-3, 12), st.integers(-2, 12)), max_size=40)
LARGE_ROWS = st.lists(st.tuples(AMOUNTS, PLANS), max_size=40)


def rows_of(pairs):
    return [
        FigureRow(index, f"P{index:03d}", "", plan, disbursed)
        for index, (disbursed, plan) in enumerate(pairs)
    ]


@given(AMOUNTS, PLANS, SHARES)
def test_below_a_share_is_below_share(disbursed, plan, share):
    assert share_below(share)(disbursed, plan) == below_share(disbursed, plan, share)


@given(st.one_of(SMALL_ROWS, LARGE_ROWS), st.integers(0, 12))
def test_the_slowest_are_the_slowest_rows(pairs, count):
    rows = rows_of(pairs)
    assert [row.key for row in slowest(rows, count)] == [
        row.key for row in slowest_rows(rows, count)
    ]


@given(st.one_of(SMALL_ROWS, LARGE_ROWS), st.integers(0, 12), st.one_of(st.none(), SHARES))
def test_the_slowest_behind_are_the_slowest_of_those_below_the_share(pairs, count, share):
    rows = rows_of(pairs)
    found = slowest_and_behind(rows, count=count, percent=share)
    assert found.slowest == slowest_rows(rows, count)
    behind = [] if share is None else [r for r in rows if below_share(r.disbursed, r.plan, share)]
    assert found.behind == slowest_rows(behind, count)
    assert found.behind_count == len(behind)


def test_a_rate_a_hair_above_another_is_slower_only_in_dong():
    rows = rows_of([(100_000, 300_000), (33_334, 100_000), (0, 0), (66_666, 200_000)])
    # 33,333...%, 33,334%, no plan, 33,333%: all show as 33,33%.
    assert [row.code for row in slowest(rows, 2)] == ["P003", "P000"]
    found = slowest_and_behind(rows, count=10, percent=Decimal("33.334"))
    assert [row.code for row in found.behind] == ["P003", "P000"]
    assert found.behind_count == 2
