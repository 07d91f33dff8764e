"""The figures of a set of projects (the projects a person answers for): the projects added
up as one unit, with the set's own completion date and targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import (
    DisbursementTarget,
    FundingSource,
    LineKind,
    PlanEntry,
    PlanKind,
    TreasuryLine,
)
from giaingan.capital.months import ledger_months_rebuild
from giaingan.figures.selectors import project_set_measures, unit_measures
from tests.conftest import make_project, pay, plan
from tests.figures.test_completion_date import reference

D = dt.date
DAYS = st.dates(min_value=D(2023, 12, 1), max_value=D(2025, 3, 31))
YEAR_END = D(2025, 1, 31)


def test_a_set_is_complete_when_its_last_project_is(district):
    road = make_project("DA-1", district["board"])
    school = make_project("DA-2", district["board"])
    plan(road, 1_000)
    plan(school, 1_000)
    pay(road, 1_000, on=D(2024, 6, 3))
    pay(school, 1_000, on=D(2024, 9, 2))
    found = project_set_measures(
        year=2024, as_of=YEAR_END, sets={7: [road.pk, school.pk, road.pk], 8: [road.pk], 9: []}
    )
    assert set(found) == {7, 8}  # an empty set has no measure
    assert (found[7].row.plan, found[7].row.disbursed) == (2_000, 2_000)  # road once
    assert found[7].completion_date == D(2024, 9, 2)
    assert found[8].completion_date == D(2024, 6, 3)
    assert found[7].row.rate_percent == Decimal("100.00")


class Done(Exception):
    pass


plan_rows = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(
            [(PlanKind.INITIAL, 1), (PlanKind.SUPPLEMENT, 1), (PlanKind.ADJUSTMENT, -1)]
        ),
        DAYS,
        st.integers(1, 10**6),
    ),
    max_size=8,
)
line_rows = st.lists(st.tuples(st.integers(0, 3), DAYS, st.integers(1, 10**6)), max_size=12)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plans=plan_rows, lines=line_rows, chosen=st.sets(st.integers(0, 3)), as_of=DAYS)
def test_a_set_is_its_projects_added_up_day_by_day(district, plans, lines, chosen, as_of):
    """Any set against the day-by-day reference; the board's two projects as a set are the
    board itself, as `unit_measures` judges an investor."""
    owners = [district["board"], district["board"], district["tandoan"], district["tandoan"]]
    source = FundingSource.objects.get(code="NSDP-HUYEN")
    cutoff = min(as_of, YEAR_END)
    try:
        with transaction.atomic():
            DisbursementTarget.objects.create(
                plan_year=2024, due_date=D(2024, 6, 30), share_percent=Decimal(40)
            )
            projects = [make_project(f"P{i}", owner) for i, owner in enumerate(owners)]
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
            TreasuryLine.objects.bulk_create(
                TreasuryLine(
                    treasury=district["treasury"],
                    document_number=f"KB-{n}",
                    value_date=day,
                    project=projects[p],
                    source=source,
                    plan_year=2024,
                    kind=LineKind.PAYMENT,
                    amount=amount,
                )
                for n, (p, day, amount) in enumerate(lines)
            )
            ledger_months_rebuild()  # bulk_create skips the month sums the tables read
            members = sorted(chosen)
            sets = {1: [projects[p].pk for p in members], 2: [projects[0].pk, projects[1].pk]}
            found = project_set_measures(year=2024, as_of=cutoff, sets=sets)
            set_plans = [
                (day, sign * amount) for p, (_k, sign), day, amount in plans if p in chosen
            ]
            set_lines = [(day, amount) for p, day, amount in lines if p in chosen]
            if not members:
                assert 1 not in found
            else:
                measure = found[1]
                assert measure.row.plan == sum(a for day, a in set_plans if day <= cutoff)
                assert measure.row.disbursed == sum(a for day, a in set_lines if day <= cutoff)
                assert measure.completion_date == reference(set_plans, set_lines, cutoff)
                if cutoff >= D(2024, 6, 30):
                    ((target, due_plan, due_paid),) = measure.milestones
                    assert due_plan == sum(a for d, a in set_plans if d <= target.due_date)
                    assert due_paid == sum(a for d, a in set_lines if d <= target.due_date)
            board = unit_measures(
                year=2024, as_of=cutoff, by="investor", units=[district["board"].pk]
            ).get(district["board"].pk)
            if board is not None:
                mine = found[2]
                assert (mine.row.plan, mine.row.disbursed) == (board.row.plan, board.row.disbursed)
                assert mine.row.rate_percent == board.row.rate_percent
                assert mine.completion_date == board.completion_date
                assert mine.milestones == board.milestones
            raise Done
    except Done:
        pass
