"""Criteria and filters on money compare đồng, never a rounded percentage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from giaingan.figures.selectors import (
    RATE_BANDS,
    FigureRow,
    Target,
    below_share,
    full_plan,
    in_rate_band,
    rank_order,
    reaches_share,
    slowest_rows,
    total_row,
)

AMOUNTS = st.integers(-(10**15), 10**15)
PLANS = st.integers(-10, 10**15)
SHARES = st.decimals(min_value=0, max_value=1000, places=2)


@given(AMOUNTS, PLANS, SHARES)
def test_shares_compare_dong(disbursed, plan, share):
    exact = None if plan <= 0 else Fraction(disbursed * 100, plan)
    assert below_share(disbursed, plan, share) == (exact is not None and exact < Fraction(share))
    assert reaches_share(disbursed, plan, share) == (exact is not None and exact >= Fraction(share))
    assert full_plan(disbursed, plan) == (plan > 0 and disbursed >= plan)


def row(code, plan, disbursed, rank=None):
    return FigureRow(None, code, code, plan, disbursed, rank=rank)


def test_99_999_percent_is_in_the_band_below_100():
    almost = row("A", 100_000, 99_999)
    assert not in_rate_band(almost, "100")
    assert in_rate_band(almost, "90-100")
    assert in_rate_band(row("B", 100_000, 100_000), "100")
    assert in_rate_band(row("C", 0, 0), "none") and not in_rate_band(row("C", 0, 0), "0-30")
    assert in_rate_band(almost, "")


@given(st.integers(0, 10**12), st.integers(1, 10**12))
def test_every_row_with_a_plan_is_in_exactly_one_band(disbursed, plan):
    bands = [band for band in RATE_BANDS if in_rate_band(row("A", plan, disbursed), band)]
    assert len(bands) == 1


def test_the_slowest_rows_are_ordered_by_their_exact_rate():
    rows = [
        row("A", 300_000, 100_000),  # 33,333...%
        row("B", 100_000, 33_334),  # 33,334%: rounds to 33,33% too, but is faster
        row("C", 0, 0),
        row("D", 200_000, 66_666),  # 33,333%
    ]
    assert [r.code for r in slowest_rows(rows, 2)] == ["D", "A"]
    assert [r.code for r in slowest_rows(rows)] == ["D", "A", "B"]


def test_the_gap_to_a_target_is_negative_whenever_below_it_in_dong():
    target = Target(dt.date(2024, 9, 30), Decimal("30"))
    behind = total_row([row("A", 100_000, 29_999)], target)  # 29,999%: rounds to 30,00%
    assert behind.target_gap_points < 0
    level = total_row([row("A", 100_000, 30_000)], target)
    assert level.target_gap_points == 0


def test_one_ranking_order():
    rows = [row("B", 1, 1, rank=2), row("C", 0, 0), row("A", 1, 1, rank=2), row("D", 1, 1, 1)]
    assert [r.code for r in sorted(rows, key=rank_order)] == ["D", "A", "B", "C"]
