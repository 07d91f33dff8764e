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
    percent_decimal,
    period_ranges,
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


EVERY_MONTH = [dt.date(year, month, 1) for year in range(2019, 2028) for month in range(1, 13)]


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


RANGE_MONTHS = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 1)).map(
    lambda day: day.replace(day=1)
)
RANGES = st.lists(
    st.tuples(
        st.sampled_from([2022, 2023, 2024, 2025]),
        st.sampled_from([1, 3, 12]),
        st.one_of(st.none(), RANGE_MONTHS),
        RANGE_MONTHS,
    ).filter(lambda piece: piece[2] is None or piece[2] < piece[3]),
    max_size=6,
)
# (years_before, spans): the per-project statement's merge, the month-by-month series.
SPLITTINGS = st.sampled_from([(1, (1, 3, 12)), (0, (1,))])


def months_after(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@given(RANGES, SPLITTINGS)
@example([(2024, 1, None, dt.date(2024, 10, 1))], (0, (1,)))
@example(  # each ends before the split starts
    [(2024, 1, None, dt.date(2022, 6, 1)), (2024, 3, dt.date(2020, 4, 1), dt.date(2023, 1, 1))],
    (1, (1, 3, 12)),
)
@example(  # from before the split's start to after it
    [(2024, 3, dt.date(2022, 4, 1), dt.date(2024, 7, 1)), (2023, 12, None, dt.date(2025, 1, 1))],
    (1, (1, 3, 12)),
)
@example([(2024, 3, None, dt.date(2024, 7, 1))], (0, (1,)))  # a quarter stays whole
def test_period_ranges_read_the_same_rows_once_a_period_apart(pieces, splitting):
    years_before, spans = splitting
    ranges = key_ranges(pieces)  # as the figures give them: none overlapping
    split = period_ranges(ranges, years_before=years_before, spans=spans)
    # The same rows, each once: no gap, no overlap, in the same plan year and span.
    for year in (2022, 2023, 2024, 2025):
        for span in (1, 3, 12):
            for month in EVERY_MONTH:
                wanted = sum(holds(piece, year, span, month) for piece in ranges)
                held = sum(holds(piece, year, span, month) for piece in split)
                assert held == wanted, (year, span, month, split)
    assert {piece[:2] for piece in split} == {piece[:2] for piece in ranges}
    for year, span, first, end in split:
        start = dt.date(year - years_before, 1, 1)
        if span in spans and end > start:
            # From the split's start on, a range of a span split is one period.
            assert first is not None and first >= start
            assert end <= months_after(first, span)
        if first is None or first < start:
            # Before it, a range stays whole (to the start, when it goes on past it).
            assert (year, span, first, end) in ranges or end == start
    # The spans not split keep their ranges as they were.
    kept = [piece for piece in ranges if piece[1] not in spans]
    assert [piece for piece in split if piece[1] not in spans] == kept
