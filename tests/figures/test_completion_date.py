"""The completion date: the first day from which the cumulative disbursement stays at or
above the plan in force on every later day up to the as-of date (DOMAIN.md, section 6)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import FundingSource, LineKind, PlanEntry, PlanKind, TreasuryLine
from giaingan.figures.selectors import completion_dates, completion_day
from tests.conftest import make_project, pay, plan, transfer

D = dt.date
DAYS = st.dates(min_value=D(2023, 12, 1), max_value=D(2025, 3, 31))
YEAR_END = D(2025, 1, 31)  # the disbursement deadline of the 2024 plan


def reference(plans, lines, as_of) -> D | None:
    """Day by day, in plain Python: complete on a day when the plan in force is positive
    and the cumulative disbursement reaches it; the date is the start of the last run of
    complete days that reaches `as_of`."""
    days = [day for day, _ in plans] + [day for day, _ in lines]
    if not days:
        return None
    day, found = min(days), None
    while day <= as_of:
        in_force = sum(amount for when, amount in plans if when <= day)
        paid = sum(amount for when, amount in lines if when <= day)
        if in_force > 0 and paid >= in_force:
            found = found or day
        else:
            found = None
        day += dt.timedelta(days=1)
    return found


def test_a_supplement_moves_the_date_to_when_it_got_back(district):
    road = make_project("DA-1", district["board"])
    plan(road, 1_000)
    pay(road, 1_000, on=D(2024, 6, 3))
    plan(road, 500, on=D(2024, 8, 1), kind=PlanKind.SUPPLEMENT)
    pay(road, 500, on=D(2024, 10, 7))
    done = completion_dates(year=2024, as_of=YEAR_END, by="project")
    assert done[road.pk] == D(2024, 10, 7)
    # As of a day between, it had been done, then undone by the supplement.
    assert completion_dates(year=2024, as_of=D(2024, 7, 31), by="project")[road.pk] == D(2024, 6, 3)
    assert completion_dates(year=2024, as_of=D(2024, 9, 30), by="project")[road.pk] is None


def test_a_reversal_below_the_plan_moves_the_date(district):
    road = make_project("DA-1", district["board"])
    plan(road, 1_000)
    first = pay(road, 1_000, on=D(2024, 6, 3))
    pay(road, -200, on=D(2024, 7, 1), reverses=first.document_number)
    pay(road, 200, on=D(2024, 9, 16))
    done = completion_dates(year=2024, as_of=YEAR_END, by="project")
    assert done[road.pk] == D(2024, 9, 16)


def test_a_transfer_out_that_brings_it_to_full_dates_completion_on_its_day(district):
    road = make_project("DA-1", district["board"])
    school = make_project("DA-2", district["board"])
    plan(road, 1_000)
    plan(school, 1_000)
    pay(road, 800, on=D(2024, 5, 2))
    transfer([(road, -200), (school, 200)], on=D(2024, 8, 20))
    done = completion_dates(year=2024, as_of=YEAR_END, by="project")
    assert done[road.pk] == D(2024, 8, 20)
    assert done[school.pk] is None


def test_below_full_at_the_as_of_date_is_no_date(district):
    road = make_project("DA-1", district["board"])
    plan(road, 1_000)
    pay(road, 999, on=D(2024, 6, 3))
    assert completion_dates(year=2024, as_of=YEAR_END, by="project")[road.pk] is None


def test_the_change_points_may_come_in_any_order():
    changes = [(D(2024, 3, 1), [0, 10]), (D(2024, 1, 1), [10, 0]), (D(2024, 2, 1), [5, 0])]
    assert completion_day(changes) is None
    assert completion_day([*changes, (D(2024, 4, 1), [0, 5])]) == D(2024, 4, 1)
    assert completion_day([]) is None
    assert completion_day([(D(2024, 1, 1), [0, 5])]) is None  # no plan, never complete


PLAN_KINDS = st.sampled_from(
    [
        (PlanKind.INITIAL, 1),
        (PlanKind.SUPPLEMENT, 1),
        (PlanKind.ADJUSTMENT, 1),
        (PlanKind.ADJUSTMENT, -1),
        (PlanKind.TRANSFER, -1),
        (PlanKind.TRANSFER, 1),
    ]
)
plan_rows = st.lists(
    st.tuples(st.integers(0, 2), PLAN_KINDS, DAYS, st.integers(1, 10**6)), max_size=8
)
line_rows = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.sampled_from([LineKind.PAYMENT, LineKind.ADVANCE]),
        DAYS,
        st.integers(1, 10**6),
        st.integers(0, 100),  # advance recovered by a payment, in percent of it
        # A reversal of part of the line (percent) some days later, or none.
        st.one_of(st.none(), st.tuples(st.integers(0, 200), st.integers(1, 100))),
    ),
    max_size=12,
)


class Done(Exception):
    pass


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plans=plan_rows, lines=line_rows, as_of=DAYS)
def test_the_completion_date_is_the_day_by_day_reference(district, plans, lines, as_of):
    """Two projects of the board and one of Tân Đoàn, by investor and by project."""
    owners = [district["board"], district["board"], district["tandoan"]]
    source = FundingSource.objects.get(code="NSDP-HUYEN")
    cutoff = min(as_of, YEAR_END)
    try:
        with transaction.atomic():
            projects = [make_project(f"P{i}", owner) for i, owner in enumerate(owners)]
            per_project = defaultdict(lambda: ([], []))
            PlanEntry.objects.bulk_create(
                PlanEntry(
                    issuer=district["committee"],
                    decision_number=f"QD-{n}",
                    decision_date=day,
                    kind=kind,
                    project=projects[p],
                    source=source,
                    plan_year=2024,
                    amount=sign * amount,
                )
                for n, (p, (kind, sign), day, amount) in enumerate(plans)
            )
            for p, (_kind, sign), day, amount in plans:
                per_project[p][0].append((day, sign * amount))
            originals, reversals = [], []
            for n, (p, kind, day, amount, share, reversal) in enumerate(lines):
                recovered = amount * share // 100 if kind == LineKind.PAYMENT else 0
                original = TreasuryLine(
                    treasury=district["treasury"],
                    document_number=f"KB-{n}",
                    value_date=day,
                    project=projects[p],
                    source=source,
                    plan_year=2024,
                    kind=kind,
                    amount=amount,
                    recovered_advance=recovered,
                )
                originals.append(original)
                per_project[p][1].append((day, amount - recovered))
                if reversal is not None:
                    later, part = reversal
                    back = -max(1, amount * part // 100)
                    back_recovered = -(recovered * part // 100)
                    when = day + dt.timedelta(days=later)
                    reversals.append((original, n, when, back, back_recovered))
                    per_project[p][1].append((when, back - back_recovered))
            TreasuryLine.objects.bulk_create(originals)
            TreasuryLine.objects.bulk_create(
                TreasuryLine(
                    treasury=district["treasury"],
                    document_number=f"KB-{n}-DC",
                    value_date=when,
                    project=original.project,
                    source=source,
                    plan_year=2024,
                    kind=original.kind,
                    amount=back,
                    recovered_advance=back_recovered,
                    reverses=original,
                )
                for original, n, when, back, back_recovered in reversals
            )

            by_project = completion_dates(year=2024, as_of=as_of, by="project")
            for p, project in enumerate(projects):
                expected = reference(*per_project[p], cutoff)
                assert by_project.get(project.pk) == expected
            by_investor = completion_dates(year=2024, as_of=as_of, by="investor")
            for unit, members in [(district["board"], [0, 1]), (district["tandoan"], [2])]:
                group_plans = [row for p in members for row in per_project[p][0]]
                group_lines = [row for p in members for row in per_project[p][1]]
                assert by_investor.get(unit.pk) == reference(group_plans, group_lines, cutoff)
            raise Done
    except Done:
        pass


@pytest.mark.parametrize("as_of", [D(2024, 12, 31), D(2025, 6, 30)])
def test_days_after_the_as_of_date_or_the_deadline_do_not_count(district, as_of):
    road = make_project("DA-1", district["board"])
    plan(road, 1_000)
    pay(road, 1_000, on=D(2024, 6, 3))
    plan(road, 1, on=D(2025, 1, 15), kind=PlanKind.SUPPLEMENT)
    done = completion_dates(year=2024, as_of=as_of, by="project")
    assert done[road.pk] == (D(2024, 6, 3) if as_of < D(2025, 1, 15) else None)
