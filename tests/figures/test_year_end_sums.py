"""The payables' year-end sums (the pile-up index) read from `LedgerMonth` equal those read
from every treasury line of the year, on random ledgers and dates, whole and per scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import FundingSource, LineKind, PlanKind, TreasuryLine
from giaingan.capital.months import ledger_months_rebuild
from giaingan.figures.payables import (
    payables_by_project,
    year_end_sums,
    year_end_sums_from_lines,
)
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project, pay, plan

D = dt.date
DAYS = st.dates(min_value=D(2023, 11, 1), max_value=D(2025, 3, 31))
MONTH_ENDS = st.builds(
    lambda year, month: D(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1),
    st.sampled_from([2023, 2024, 2025]),
    st.integers(1, 12),
)
SOURCES = ["NSTW", "NSDP-HUYEN"]
line_rows = st.lists(
    st.tuples(
        st.integers(0, 2),  # project
        st.sampled_from(SOURCES),
        st.sampled_from([2023, 2024]),
        st.sampled_from(LineKind.values),
        DAYS,
        st.integers(1, 10**12),
        st.integers(0, 100),  # recovered share of a payment, in percent
    ),
    max_size=25,
)


class Done(Exception):
    pass


@pytest.fixture
def cast(district):
    projects = [
        make_project("P0", district["board"], district["tandoan"]),
        make_project("P1", district["board"], district["vanan"]),
        make_project("P2", district["tandoan"], None),
    ]
    sources = {source.code: source for source in FundingSource.objects.filter(code__in=SOURCES)}
    return projects, sources


def plain(lines, projects, plan_year, as_of, chosen):
    """The sums walked line by line: per project with a line of the year by `as_of`."""
    sums = defaultdict(lambda: [0, 0])
    for p, _, year, _, day, amount, recovered in lines:
        if year != plan_year or day > as_of or p not in chosen:
            continue
        row = sums[projects[p].pk]
        row[0] += amount - recovered
        if D(plan_year, 12, 1) <= day <= D(plan_year + 1, 1, 31):
            row[1] += amount - recovered
    return sorted((pk, paid, year_end) for pk, (paid, year_end) in sums.items())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=line_rows,
    as_of=st.one_of(DAYS, MONTH_ENDS),
    plan_year=st.sampled_from([2023, 2024]),
    scoped=st.booleans(),
)
@example(
    lines=[(0, "NSTW", 2024, LineKind.PAYMENT, D(2024, 12, 5), 7, 0)],
    as_of=D(2025, 1, 31),
    plan_year=2024,
    scoped=False,
)
@example(
    lines=[(1, "NSTW", 2024, LineKind.PAYMENT, D(2025, 1, 3), 5, 0)],
    as_of=D(2025, 1, 10),
    plan_year=2024,
    scoped=True,
)
def test_year_end_sums_from_month_sums_equal_those_from_the_lines(
    cast, lines, as_of, plan_year, scoped
):
    projects, sources = cast
    treasury = Unit.objects.get(kind=UnitKind.TREASURY)
    written = []
    for p, source, year, kind, day, amount, share in lines:
        recovered = amount * share // 100 if kind == LineKind.PAYMENT else 0
        written.append((p, source, year, kind, day, amount, recovered))
    scope = Q(code__in=["P0", "P2"]) if scoped else None
    chosen = {0, 2} if scoped else {0, 1, 2}
    try:
        with transaction.atomic():
            TreasuryLine.objects.bulk_create(
                TreasuryLine(
                    treasury=treasury,
                    document_number=f"KB-{number}",
                    value_date=day,
                    project=projects[p],
                    source=sources[source],
                    plan_year=year,
                    kind=kind,
                    amount=amount,
                    recovered_advance=recovered,
                )
                for number, (p, source, year, kind, day, amount, recovered) in enumerate(written)
            )
            ledger_months_rebuild()  # bulk_create bypasses the books, which keep it otherwise
            got = sorted(year_end_sums(plan_year=plan_year, as_of=as_of, projects=scope))
            assert got == sorted(
                year_end_sums_from_lines(plan_year=plan_year, as_of=as_of, projects=scope)
            )
            assert got == plain(written, projects, plan_year, as_of, chosen)
            # Whole đồng on every database (PostgreSQL sums bigints as numeric).
            assert all(type(amount) is int for row in got for amount in row)
            raise Done
    except Done:
        pass


def test_the_pile_up_counts_december_and_january_through_the_books(cast):
    """Through the books (which keep `LedgerMonth`): December and January lines are the
    year-end part, a line of the unfinished month is read from the lines."""
    projects, _ = cast
    plan(projects[0], 10_000)
    plan(projects[1], 10_000)
    pay(projects[0], 600, on=D(2024, 3, 10))
    pay(projects[0], 300, on=D(2024, 12, 20))
    pay(projects[0], 100, on=D(2025, 1, 5))
    # After the year's deadline, on capital carried over: disbursed, not the year's end.
    plan(projects[0], 50, on=D(2025, 1, 20), kind=PlanKind.CARRY_OVER)
    pay(projects[0], 50, on=D(2025, 2, 3))
    row = payables_by_project(as_of=D(2025, 1, 10), plan_year=2024)[projects[0].pk]
    assert (row.year_disbursed, row.year_end_disbursed) == (1000, 400)
    row = payables_by_project(as_of=D(2024, 12, 31), plan_year=2024)[projects[0].pk]
    assert (row.year_disbursed, row.year_end_disbursed) == (900, 300)
    row = payables_by_project(as_of=D(2025, 3, 31), plan_year=2024)[projects[0].pk]
    assert (row.year_disbursed, row.year_end_disbursed) == (1050, 400)
    assert projects[1].pk not in payables_by_project(as_of=D(2025, 3, 31), plan_year=2024)
