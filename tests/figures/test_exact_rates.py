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
    rank_rows,
    reaches_share,
    slowest_rows,
    total_row,
)
from giaingan.lib.money import rate_percent

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


def test_ranks_compare_dong_not_the_rounded_rate():
    """100% and 99,996% (both rounded to 100,00) are not one rank; nor are 50,5948% and
    50,5879% (both 50,59 rounded, shown 50,59% and 50,58%): the demo's Phòng Kinh tế và Hạ
    tầng and xã Lương Năng as of 30/09/2024."""
    full = row("A", 100_000, 100_000)
    almost = row("B", 100_000, 99_996)
    kt_ht = row("C", 7_260_000_000, 3_673_186_000)
    luong_nang = row("D", 5_290_000_000, 2_676_147_000)
    for r in (full, almost, kt_ht, luong_nang):
        r.rate_percent = rate_percent(r.disbursed, r.plan)
    assert almost.rate_percent == full.rate_percent
    assert kt_ht.rate_percent == luong_nang.rate_percent
    rank_rows([luong_nang, almost, kt_ht, full])
    assert [full.rank, almost.rank, kt_ht.rank, luong_nang.rank] == [1, 2, 3, 4]


def test_equal_rates_in_dong_share_a_rank():
    rows = [row("A", 3, 1), row("B", 6, 2), row("C", 4, 1), row("D", 0, 0)]
    for r in rows:
        r.rate_percent = rate_percent(r.disbursed, r.plan)
    rank_rows(rows)
    assert [r.rank for r in rows] == [1, 1, 3, None]


@given(st.lists(st.tuples(st.integers(-10, 10**18), st.integers(-(10**17), 10**18)), max_size=30))
def test_ranks_follow_the_exact_rate(pairs):
    rows = [row(str(i), plan, disbursed) for i, (plan, disbursed) in enumerate(pairs)]
    for r in rows:
        r.rate_percent = rate_percent(r.disbursed, r.plan)
    rank_rows(rows)
    planned = [r for r in rows if r.plan > 0]
    for r in planned:
        exact = Fraction(r.disbursed, r.plan)
        assert r.rank == 1 + sum(Fraction(o.disbursed, o.plan) > exact for o in planned)
    assert all(r.rank is None for r in rows if r.plan <= 0)


def test_rates_a_float_cannot_tell_apart_still_rank_apart():
    """(10^18 - 1) / 10^18 and 1 are the same float: the exact key still ranks them 1 and 2,
    and 1/3 and 2/6, equal in đồng, still share a rank."""
    whole = 10**18
    rows = [
        row("A", whole, whole - 1),
        row("B", whole, whole),
        row("C", 3 * whole // 10, whole // 10),
        row("D", 6, 2),
        row("E", whole, whole - 2),
    ]
    assert rows[0].disbursed / rows[0].plan == rows[1].disbursed / rows[1].plan
    for r in rows:
        r.rate_percent = rate_percent(r.disbursed, r.plan)
    rank_rows(rows)
    assert [r.rank for r in rows] == [2, 1, 4, 4, 3]


@given(
    st.integers(10**15, 10**18),
    st.lists(st.integers(0, 50), min_size=1, max_size=20),
)
def test_neighbouring_rates_rank_by_the_exact_rate(plan, gaps):
    """Rates one đồng apart on plans of 10^15..10^18: mostly equal as floats."""
    rows = [row(str(i), plan, plan - gap) for i, gap in enumerate(gaps)]
    for r in rows:
        r.rate_percent = rate_percent(r.disbursed, r.plan)
    rank_rows(rows)
    for r in rows:
        assert r.rank == 1 + sum(o.disbursed > r.disbursed for o in rows)
