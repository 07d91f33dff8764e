"""The plan in force read from the plan entries alone is the plan column of `Figures`, on
every base, any date, for the whole ledger or some projects, whatever the lines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import (
    SIGNED_PLAN_KINDS,
    FundingSource,
    LineKind,
    PlanEntry,
    PlanKind,
    TreasuryLine,
)
from giaingan.capital.months import ledger_months_rebuild
from giaingan.figures.held import plan_by_project, plan_in_force
from giaingan.figures.selectors import Base, Figures
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project

D = dt.date
DAYS = st.dates(min_value=D(2022, 12, 1), max_value=D(2025, 3, 31))
SOURCES = ["NSTW", "NSDP-HUYEN"]
PLANS = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(SOURCES),
        st.sampled_from([2023, 2024]),
        st.sampled_from(PlanKind.values),
        DAYS,
        st.integers(-(10**11), 10**12),  # an adjustment or transfer may take away
    ),
    max_size=12,
)
LINES = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from([2023, 2024]), DAYS, st.integers(1, 10**9)),
    max_size=6,
)


class Done(Exception):
    """Rolls each example's rows back."""


@pytest.fixture
def cast(district):
    projects = [
        make_project(f"P{number}", district["board"], district["tandoan"]) for number in range(4)
    ]
    sources = {source.code: source for source in FundingSource.objects.filter(code__in=SOURCES)}
    return projects, sources


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plans=PLANS,
    lines=LINES,
    as_of=DAYS,
    base=st.sampled_from(list(Base)),
    some=st.sets(st.integers(0, 3)),
)
def test_the_plan_entries_give_the_plan_of_the_figures(cast, plans, lines, as_of, base, some):
    projects, sources = cast
    committee = Unit.objects.get(code="UBND")
    treasury = Unit.objects.get(kind=UnitKind.TREASURY)
    try:
        with transaction.atomic():
            PlanEntry.objects.bulk_create(
                PlanEntry(
                    issuer=committee,
                    decision_number=f"QD-{number}",
                    decision_date=day,
                    kind=kind,
                    project=projects[p],
                    source=sources[source],
                    plan_year=year,
                    amount=amount if kind in SIGNED_PLAN_KINDS else abs(amount),
                )
                for number, (p, source, year, kind, day, amount) in enumerate(plans)
            )
            TreasuryLine.objects.bulk_create(
                TreasuryLine(
                    treasury=treasury,
                    document_number=f"KB-{number}",
                    value_date=day,
                    project=projects[p],
                    source=sources["NSTW"],
                    plan_year=year,
                    kind=LineKind.PAYMENT,
                    amount=amount,
                )
                for number, (p, year, day, amount) in enumerate(lines)
            )
            ledger_months_rebuild()
            ids = {projects[p].pk for p in some}
            for scope in (None, Q(id__in=sorted(ids))):
                figures = Figures(year=2024, as_of=as_of, base=base, scope=scope)
                expected = {key: sums[0] for key, sums in figures.sums("project_id").items()}
                got = plan_by_project(year=2024, as_of=as_of, base=base, scope=scope)
                # The figures also list projects with lines and no plan: a plan of 0.
                assert got == {key: plan for key, plan in expected.items() if key in got}
                assert all(plan == 0 for key, plan in expected.items() if key not in got)
            whole = Figures(year=2024, as_of=as_of, base=base)
            groups = {"some": ids, "all": {project.pk for project in projects}}
            assert plan_in_force(groups=groups, as_of=as_of, base=base) == plan_in_force(
                groups=groups, as_of=as_of, base=base, figures=whole
            )
            raise Done
    except Done:
        pass
