"""A table's rows are built in whole hundredths for speed: the same Decimals, to the digit
and the sign, as `rate_percent` and the gap to the target computed plainly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from giaingan.figures.selectors import (
    NAMELESS,
    FigureRow,
    Target,
    figure_rows,
    key_ranges,
    month_by_month,
    percent_decimal,
    rank_rows,
)
from giaingan.lib.money import rate_percent, shown_rate

AMOUNTS = st.integers(-(10**13), 10**15)
PLANS = st.integers(-10, 10**15)
SHARES = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=100, places=2),
    st.sampled_from([Decimal("60"), Decimal("60.0"), Decimal("33.333"), Decimal("40.125")]),
)
SUMS = st.lists(st.tuples(PLANS, AMOUNTS, AMOUNTS), max_size=30)


def plain_row(key: int, plan: int, disbursed: int, outstanding: int, share) -> FigureRow:
    """The row as the figures computed it before: Decimal arithmetic throughout."""
    rate = rate_percent(disbursed, plan)
    gap = None if rate is None or share is None else shown_rate(disbursed, plan) - share
    code, name = NAMELESS
    return FigureRow(key, code, name, plan, disbursed, outstanding, rate, None, gap)


def same(left: Decimal | None, right: Decimal | None) -> bool:
    """Equal and written alike: 60.00 is not 60, -0.00 is not 0.00."""
    return (left is None and right is None) or (
        left is not None and right is not None and left.as_tuple() == right.as_tuple()
    )


@given(SUMS, SHARES)
@example([(10**9, -1, 0)], None)  # a rate of -0.00 %, as rate_percent gives it
@example([(3, 2, 0), (200, 199, 5)], Decimal("60.00"))  # 66.67 %, 99.50 %
@example([(20_000, 1, 0), (40_000, 3, 0)], Decimal("0"))  # 0.005 %, 0.0075 %: half-up
@example([(0, 5, 0), (-3, 5, 0)], Decimal("40"))  # no plan: no rate, no gap
def test_rows_have_the_plain_rates_and_gaps(sums, share):
    target = None if share is None else Target(due_date=dt.date(2024, 9, 30), share_percent=share)
    rows = figure_rows(
        {key: list(amounts) for key, amounts in enumerate(sums)}, {None: NAMELESS}, target
    )
    assert len(rows) == len(sums)
    for key, (row, (plan, disbursed, outstanding)) in enumerate(zip(rows, sums, strict=True)):
        expected = plain_row(key, plan, disbursed, outstanding, share)
        assert (row.key, row.plan, row.disbursed, row.outstanding_advance) == (
            key,
            plan,
            disbursed,
            outstanding,
        )
        assert same(row.rate_percent, expected.rate_percent), (row, expected)
        assert same(row.target_gap_points, expected.target_gap_points), (row, expected)
        assert row.rank is None


@given(st.integers(-(10**9), 10**9))
def test_percent_decimal_is_hundredths_with_two_decimals(hundredths):
    value = percent_decimal(hundredths)
    assert value == Decimal(hundredths) / 100
    assert value.as_tuple().exponent == -2
    assert percent_decimal(hundredths) == value


@given(SUMS, SHARES)
def test_ranks_of_fast_rows_are_those_of_plain_rows(sums, share):
    target = None if share is None else Target(due_date=dt.date(2024, 9, 30), share_percent=share)
    fast = figure_rows(
        {key: list(amounts) for key, amounts in enumerate(sums)}, {None: NAMELESS}, target
    )
    plain = [plain_row(key, *amounts, share) for key, amounts in enumerate(sums)]
    rank_rows(fast)
    rank_rows(plain)
    assert [row.rank for row in fast] == [row.rank for row in plain]


MONTHS = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 1)).map(
    lambda day: day.replace(day=1)
)
PIECES = st.lists(
    st.tuples(
        st.sampled_from([2023, 2024]),
        st.sampled_from([1, 3, 12]),
        st.one_of(st.none(), MONTHS),
        MONTHS,
    ),
    max_size=8,
)


def holds(piece, year, span, month) -> bool:
    piece_year, piece_span, first, end = piece
    return (
        (piece_year, piece_span) == (year, span)
        and (first is None or first <= month)
        and month < end
    )


EVERY_MONTH = [dt.date(year, month, 1) for year in range(2021, 2028) for month in range(1, 13)]


@given(PIECES)
@example(
    [(2024, 1, dt.date(2024, 1, 1), dt.date(2024, 3, 1)), (2024, 1, None, dt.date(2023, 6, 1))]
)
def test_key_ranges_hold_the_same_rows_once(pieces):
    ranges = key_ranges(pieces)
    for year in (2023, 2024):
        for span in (1, 3, 12):
            for month in EVERY_MONTH:
                wanted = any(holds(piece, year, span, month) for piece in pieces)
                held = sum(holds(found, year, span, month) for found in ranges)
                assert held == int(wanted), (year, span, month, ranges)
    assert len(ranges) <= len(pieces)


MONTH_STARTS = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 1)).map(
    lambda day: day.replace(day=1)
)
PIECES = st.lists(
    st.tuples(
        st.sampled_from([2023, 2024]),
        st.sampled_from([1, 3, 12]),
        st.one_of(st.none(), MONTH_STARTS),
        MONTH_STARTS,
    ).filter(lambda piece: piece[2] is None or piece[2] < piece[3]),
    max_size=6,
)


def covered(ranges, year, span, month) -> int:
    return sum(
        1
        for ranged_year, ranged_span, first, end in ranges
        if (ranged_year, ranged_span) == (year, span)
        and (first is None or first <= month)
        and month < end
    )


@given(PIECES)
@example(
    [(2024, 1, None, dt.date(2024, 10, 1)), (2024, 3, dt.date(2024, 1, 1), dt.date(2024, 7, 1))]
)
def test_month_by_month_reads_the_same_rows_a_month_apart(pieces):
    ranges = key_ranges(pieces)
    split = month_by_month(ranges)
    for year in (2023, 2024):
        for span in (1, 3, 12):
            for index in range(2021 * 12, 2027 * 12):
                month = dt.date(index // 12, index % 12 + 1, 1)
                assert covered(split, year, span, month) == covered(ranges, year, span, month)
    for year, span, first, end in split:
        if span == 1 and end > dt.date(year, 1, 1):
            # From its plan year's January on, a month range is one month.
            assert first is not None and first >= dt.date(year, 1, 1)
            assert end <= dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
