"""On random ledgers, every grouping sums to the same total and equals a plain recomputation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import FundingSource, LineKind, PlanEntry, PlanKind, TreasuryLine
from giaingan.figures.selectors import Base, Grouping, disbursement_table
from giaingan.lib.money import rate_percent
from tests.conftest import make_project

D = dt.date
DAYS = st.dates(min_value=D(2022, 12, 1), max_value=D(2025, 12, 31))
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
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plans=plan_rows, lines=line_rows, as_of=DAYS, base=st.sampled_from(list(Base)))
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
            raise Done
    except Done:
        pass


def _write_and_recompute(projects, sources, plans, lines, as_of, base):
    totals = defaultdict(lambda: [0, 0, 0])
    plan_entries = []
    for number, (p, source, year, kind, day, amount) in enumerate(plans):
        plan_entries.append(
            PlanEntry(
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
    treasury = []
    for number, (p, source, year, kind, day, amount, share) in enumerate(lines):
        recovered = amount * share // 100 if kind == LineKind.PAYMENT else 0
        treasury.append(
            TreasuryLine(
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
        paid = (year == 2024 and day <= as_of) or (
            base == Base.WITH_CARRYOVER and year == 2023 and D(2024, 2, 1) <= day <= as_of
        )
        # With carry-over, last year's advances stay outstanding whenever they were paid.
        advanced = (year == 2024 or base == Base.WITH_CARRYOVER and year == 2023) and day <= as_of
        if paid:
            totals[projects[p].code][1] += amount - recovered
        if advanced:
            totals[projects[p].code][2] += (amount if kind == LineKind.ADVANCE else 0) - recovered
    TreasuryLine.objects.bulk_create(treasury)
    grand = [sum(values[i] for values in totals.values()) for i in range(3)]
    return {
        "projects": {code: tuple(values) for code, values in totals.items()},
        "total": tuple(grand),
    }
