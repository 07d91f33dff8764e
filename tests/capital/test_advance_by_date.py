"""An advance is recovered only from what was advanced by the recovery's own date: the
outstanding advance of a project, source and year is never below zero on any day, whatever
order the treasury's lines are recorded in (a recovery dated before the advance it recovers,
or between an advance and a later recovery that already took it, is refused)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import LineKind, TreasuryLine
from giaingan.lib.problems import InvalidInput
from tests.conftest import advance, make_project, pay, plan

D = dt.date
EXAMPLES = itertools.count(1)


@pytest.fixture
def project(district):
    project = make_project("DA1", district["board"], district["tandoan"])
    plan(project, 1_000_000_000)
    return project


def test_a_recovery_dated_before_the_advance_is_refused(project):
    advance(project, 100_000_000, on=D(2024, 6, 1), number="TU-1")
    with pytest.raises(InvalidInput) as refused:
        pay(project, 60_000_000, on=D(2024, 5, 2), recovered=50_000_000, number="TT-1")
    assert "dư ứng" in str(refused.value) and "02/05/2024" in str(refused.value)
    assert not TreasuryLine.objects.filter(document_number="TT-1").exists()


def test_a_recovery_that_a_later_one_already_took_is_refused(project):
    """Advanced 100 on 1/6, recovered 100 on 1/7, advanced 100 again on 1/8: 50 more
    recovered on 15/6 would leave -50 outstanding from 1/7 to 1/8, though the total is 50."""
    advance(project, 100_000_000, on=D(2024, 6, 1), number="TU-1")
    pay(project, 100_000_000, on=D(2024, 7, 1), recovered=100_000_000, number="TT-1")
    advance(project, 100_000_000, on=D(2024, 8, 1), number="TU-2")
    with pytest.raises(InvalidInput):
        pay(project, 50_000_000, on=D(2024, 6, 15), recovered=50_000_000, number="TT-2")
    # After the second advance it may be recovered.
    pay(project, 50_000_000, on=D(2024, 8, 15), recovered=50_000_000, number="TT-3")


def test_a_recovery_on_the_advances_day_or_later_is_kept(project):
    advance(project, 100_000_000, on=D(2024, 6, 1), number="TU-1")
    pay(project, 60_000_000, on=D(2024, 6, 1), recovered=60_000_000, number="TT-1")
    pay(project, 40_000_000, on=D(2024, 5, 20), number="TT-0")  # no recovery: any day
    pay(project, 40_000_000, on=D(2024, 6, 20), recovered=40_000_000, number="TT-2")
    assert TreasuryLine.objects.count() == 4


def test_an_advance_reversed_under_a_recovery_made_since_is_refused(project):
    advance(project, 100_000_000, on=D(2024, 6, 1), number="TU-1")
    advance(project, 100_000_000, on=D(2024, 9, 1), number="TU-2")
    pay(project, 150_000_000, on=D(2024, 7, 1), recovered=100_000_000, number="TT-1")
    with pytest.raises(InvalidInput):
        advance(project, -50_000_000, on=D(2024, 6, 10), number="DC-1", reverses="TU-1")


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=120),  # day of the year's second half
            st.booleans(),  # an advance, or a payment recovering
            st.integers(min_value=1, max_value=5),  # tens of millions
        ),
        min_size=1,
        max_size=8,
    )
)
def test_outstanding_advance_is_never_negative_on_any_day(district, lines):
    project = make_project(f"DA-H{next(EXAMPLES)}", district["board"], district["tandoan"])
    plan(project, 1_000_000_000)
    for index, (offset, is_advance, tens) in enumerate(lines):
        day = D(2024, 6, 1) + dt.timedelta(days=offset)
        amount = tens * 10_000_000
        try:
            if is_advance:
                advance(project, amount, on=day, number=f"{project.code}-TU-{index}")
            else:
                pay(project, amount, on=day, recovered=amount, number=f"{project.code}-TT-{index}")
        except InvalidInput:
            pass
    rows = TreasuryLine.objects.filter(project=project).order_by("value_date")
    days = sorted({row.value_date for row in rows})
    for day in days:
        advanced = sum(r.amount for r in rows if r.kind == LineKind.ADVANCE and r.value_date <= day)
        recovered = sum(r.recovered_advance for r in rows if r.value_date <= day)
        assert advanced - recovered >= 0, day
