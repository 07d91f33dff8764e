"""On random ledgers, every grouping sums to the same total and equals a plain recomputation,
and the figures read through LedgerMonth equal those read from the ledger alone."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import FundingSource, LineKind, PlanEntry, PlanKind, TreasuryLine
from giaingan.capital.months import ledger_months_rebuild, span_start
from giaingan.figures.laggards import slowest, slowest_projects
from giaingan.figures.selectors import (
    Base,
    Figures,
    Grouping,
    _month_series,
    _plus,
    _rate,
    disbursement_table,
    month_cut,
    month_filters,
    tile_pieces,
)
from giaingan.lib.money import rate_percent
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project

D = dt.date
DAYS = st.dates(min_value=D(2022, 12, 1), max_value=D(2025, 12, 31))
# A report is often dated at a month's end, where the month sums alone answer it.
MONTH_ENDS = st.builds(
    lambda year, month: D(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1),
    st.sampled_from([2023, 2024, 2025]),
    st.integers(1, 12),
)
AS_OF = st.one_of(DAYS, MONTH_ENDS)
SOURCES = ["NSTW", "NSDP-HUYEN"]

plan_rows = st.lists(
    st.tuples(
        st.integers(0, 3),  # project
        st.sampled_from(SOURCES),
        st.sampled_from([2023, 2024]),
        st.sampled_from(PlanKind.values),
        DAYS,
        st.integers(1, 10**12),
    ),
    max_size=15,
)
line_rows = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(SOURCES),
        st.sampled_from([2023, 2024]),
        st.sampled_from(LineKind.values),
        DAYS,
        st.integers(1, 10**12),
        st.integers(0, 100),  # recovered share of the amount, in percent
    ),
    max_size=25,
)


class Done(Exception):
    pass


@pytest.fixture
def cast(district):
    projects = [
        make_project("P0", district["board"], district["tandoan"]),
        make_project("P1", district["board"], district["vanan"], agency=district["committee"]),
        make_project("P2", district["tandoan"], district["tandoan"]),
        make_project("P3", district["tandoan"], None),
    ]
    sources = {source.code: source for source in FundingSource.objects.filter(code__in=SOURCES)}
    return projects, sources


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plans=plan_rows, lines=line_rows, as_of=AS_OF, base=st.sampled_from(list(Base)))
def test_groupings_agree_with_a_plain_recomputation(cast, plans, lines, as_of, base):
    projects, sources = cast
    try:
        with transaction.atomic():
            expected = _write_and_recompute(projects, sources, plans, lines, as_of, base)
            for grouping in Grouping:
                table = disbursement_table(year=2024, as_of=as_of, by=grouping, base=base)
                assert (
                    table.total.plan,
                    table.total.disbursed,
                    table.total.outstanding_advance,
                ) == (expected["total"])
                assert sum(row.plan for row in table.rows) == table.total.plan
                assert sum(row.disbursed for row in table.rows) == table.total.disbursed
                assert table.total.rate_percent == rate_percent(
                    table.total.disbursed, table.total.plan
                )
                if grouping == Grouping.PROJECT:
                    got = {
                        row.code: (row.plan, row.disbursed, row.outstanding_advance)
                        for row in table.rows
                    }
                    assert got == expected["projects"]
                for row in table.rows:
                    assert (row.rank is None) == (row.plan <= 0)
            points = Figures(year=2024, as_of=as_of, base=base).series().get(None)
            if as_of >= D(2024, 1, 1) and points:
                assert (points[-1].plan, points[-1].disbursed) == expected["total"][:2]
            raise Done
    except Done:
        pass


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plans=plan_rows, lines=line_rows, as_of=AS_OF, base=st.sampled_from(list(Base)))
@example(  # a 2024 advance of 01/02/2025: in the tables' advance, never in the series
    plans=[(0, "NSTW", 2023, "giao_dau_nam", D(2022, 12, 1), 1)],
    lines=[(0, "NSTW", 2024, "tam_ung", D(2025, 2, 1), 1, 0)],
    as_of=D(2025, 2, 28),
    base=Base.WITH_CARRYOVER,
)
def test_the_month_sums_give_the_figures_of_the_ledger_itself(cast, plans, lines, as_of, base):
    """Whole months from LedgerMonth plus the days after: the same tables, ranks and series
    as the ledger read row by row, on every base, grouping and kind of date."""
    projects, sources = cast
    try:
        with transaction.atomic():
            _write_and_recompute(projects, sources, plans, lines, as_of, base)
            months = Figures(year=2024, as_of=as_of, base=base)
            ledger = Figures(year=2024, as_of=as_of, base=base, summary=False)
            for grouping in Grouping:
                assert months.table(grouping) == ledger.table(grouping)
                assert months.series(grouping) == ledger.series(grouping)
            assert months.series() == ledger.series()
            raise Done
    except Done:
        pass


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plans=plan_rows, lines=line_rows, as_of=AS_OF, base=st.sampled_from(list(Base)))
def test_the_series_summed_a_month_apart_equals_its_rows_summed_once(
    cast, plans, lines, as_of, base
):
    """The series' statement sums each month's rows apart, then the months' sums: the same
    (group, month, plan, disbursed) as every row stacked and summed once, per grouping."""
    projects, sources = cast
    try:
        with transaction.atomic():
            _write_and_recompute(projects, sources, plans, lines, as_of, base)
            filters = month_filters(2024, month_cut(as_of), base, by_month=True)
            for keys in ([], ["source_id"], ["project__investor_id"]):
                summed = _month_series(filters, keys)
                assert sorted(summed, key=repr) == sorted(
                    _month_series(filters, keys, summed_ranges=False), key=repr
                )
                assert len({row[:2] for row in summed}) == len(summed)  # each month once
            raise Done
    except Done:
        pass


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plans=plan_rows,
    lines=line_rows,
    as_of=AS_OF,
    base=st.sampled_from(list(Base)),
    count=st.integers(1, 5),
)
@example(  # equal rates and plans: the table's order (by code) breaks the tie
    plans=[
        (1, "NSTW", 2024, "giao_dau_nam", D(2024, 1, 5), 100),
        (0, "NSTW", 2024, "giao_dau_nam", D(2024, 1, 5), 100),
        (2, "NSTW", 2024, "giao_dau_nam", D(2024, 1, 5), 300),
    ],
    lines=[(2, "NSTW", 2024, "thanh_toan", D(2024, 2, 5), 100, 0)],
    as_of=D(2024, 6, 30),
    base=Base.ASSIGNED,
    count=1,
)
def test_the_slowest_projects_are_those_of_the_project_table(
    cast, plans, lines, as_of, base, count
):
    """The dashboard's slowest projects, found without making the project table, are the
    table's slowest rows (same order, amounts, rate and gap to the target), unranked."""
    projects, sources = cast
    try:
        with transaction.atomic():
            _write_and_recompute(projects, sources, plans, lines, as_of, base)
            figures = Figures(year=2024, as_of=as_of, base=base)
            figures.pair_sums()  # as on the dashboard, where the forecast read them first
            expected = slowest(Figures(year=2024, as_of=as_of, base=base).table().rows, count)
            assert slowest_projects(figures, count) == [replace(row, rank=None) for row in expected]
            raise Done
    except Done:
        pass


@given(st.integers(-(10**18), 10**18), st.integers(-(10**18), 10**18))
def test_the_integer_rate_is_rate_percent(part, whole):
    ours, theirs = _rate(part, whole), rate_percent(part, whole)
    assert (str(ours), ours) == (str(theirs), theirs)


def _write_and_recompute(projects, sources, plans, lines, as_of, base):
    totals = defaultdict(lambda: [0, 0, 0])
    committee = Unit.objects.get(code="UBND")  # the district's, which issues its decisions
    plan_entries = []
    for number, (p, source, year, kind, day, amount) in enumerate(plans):
        plan_entries.append(
            PlanEntry(
                issuer=committee,
                decision_number=f"QD-{number}",
                decision_date=day,
                kind=kind,
                project=projects[p],
                source=sources[source],
                plan_year=year,
                amount=amount,
            )
        )
        counts = (year == 2024 and kind != PlanKind.CARRY_OVER) or (
            base == Base.WITH_CARRYOVER and year == 2023 and kind == PlanKind.CARRY_OVER
        )
        if counts and day <= as_of:
            totals[projects[p].code][0] += amount
    PlanEntry.objects.bulk_create(plan_entries)
    treasury_unit = Unit.objects.get(kind=UnitKind.TREASURY)  # the district's only one
    treasury = []
    for number, (p, source, year, kind, day, amount, share) in enumerate(lines):
        recovered = amount * share // 100 if kind == LineKind.PAYMENT else 0
        treasury.append(
            TreasuryLine(
                treasury=treasury_unit,
                document_number=f"KB-{number}",
                value_date=day,
                project=projects[p],
                source=sources[source],
                plan_year=year,
                kind=kind,
                amount=amount,
                recovered_advance=recovered,
            )
        )
        # A 2024 line dated after 31/01/2025 spends carried-over capital: never year 2024's.
        paid = (year == 2024 and day <= min(as_of, D(2025, 1, 31))) or (
            base == Base.WITH_CARRYOVER and year == 2023 and D(2024, 2, 1) <= day <= as_of
        )
        # With carry-over, last year's advances stay outstanding whenever they were paid.
        # On the assigned base, the advances of the lines it counts.
        advanced = (
            year == 2024 and day <= min(as_of, D(2025, 1, 31))
            if base == Base.ASSIGNED
            else year in (2023, 2024) and day <= as_of
        )
        if paid:
            totals[projects[p].code][1] += amount - recovered
        if advanced:
            totals[projects[p].code][2] += (amount if kind == LineKind.ADVANCE else 0) - recovered
    TreasuryLine.objects.bulk_create(treasury)
    ledger_months_rebuild()  # bulk_create bypasses the books, which keep it otherwise
    grand = [sum(values[i] for values in totals.values()) for i in range(3)]
    return {
        "projects": {code: tuple(values) for code, values in totals.items()},
        "total": tuple(grand),
    }


def _months_of(pieces) -> list[D]:
    """Every month in the rows of `pieces`, once per row that holds it."""
    covered = []
    for span, first, end in pieces:
        # An open piece: its rows as far back as three years before its end.
        month = first or D(end.year - 3, 1, 1)
        while month < end:
            if month == span_start(month, span):
                covered.extend(_plus(month, k) for k in range(span))
            month = _plus(month, 1)
    return sorted(covered)


@given(
    start=st.one_of(st.none(), st.dates(D(2022, 1, 1), D(2026, 12, 1))),
    cut=st.dates(D(2023, 1, 1), D(2026, 12, 1)),
)
def test_the_spans_tile_each_month_once(start, cut):
    """Years, quarters and months read for [start, cut): every month once and none outside
    (from three years back where the range is open), in at most 2 + 3 + 2 ranges of rows."""
    cut = cut.replace(day=1)
    start = None if start is None else start.replace(day=1)
    pieces = tile_pieces(start, cut)
    month, expected = start or D(cut.year - 3, 1, 1), []
    while month < cut:
        expected.append(month)
        month = _plus(month, 1)
    assert _months_of(pieces) == expected
    assert len(pieces) <= 5
