"""On random acceptances, dossiers and paying lines, accepted-not-paid equals a plain walk
of each dossier's acceptances, oldest paid first, and the years add up to the whole."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import FundingSource, LineKind, TreasuryLine
from giaingan.contracts.models import Acceptance, Contract, DossierPayment, PaymentDossier
from giaingan.figures.forecast import (
    district_forecast,
    forecast_hooks,
    project_forecast,
    seasonal_profile,
)
from giaingan.figures.payables import (
    accepted_unpaid_by_project,
    dossier_paid,
    payables_by_project,
)
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project, pay, plan

D = dt.date
DAYS = st.dates(min_value=D(2023, 11, 1), max_value=D(2025, 2, 28))
acceptance_rows = st.lists(
    st.tuples(
        st.integers(0, 1),  # project
        DAYS,
        st.integers(1, 10**12),
        st.one_of(st.none(), st.integers(0, 2)),  # dossier of the project, or none yet
    ),
    max_size=12,
)
payment_rows = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.integers(0, 2),
        st.integers(1, 100),  # percent of what the dossier has left unpaid
        st.integers(0, 60),  # days after the dossier was sent
        st.one_of(st.none(), st.integers(0, 30)),  # corrected so many days later
    ),
    max_size=8,
)


class Done(Exception):
    pass


@pytest.fixture
def contracts(district):
    contractor = Unit.objects.create(code="NT", name="Nhà thầu", kind=UnitKind.CONTRACTOR)
    result = []
    for index in range(2):
        project = make_project(f"P{index}", district["board"])
        result.append(
            Contract.objects.create(
                project=project,
                contractor=contractor,
                number=f"HĐ{index}",
                package="Gói",
                value=10**15 - 1,
                signed_on=D(2023, 1, 1),
                schedule_end=D(2026, 1, 1),
            )
        )
    return result


def write(contracts, acceptances, payments):
    """The rows, and per dossier: [(date, value)...], [(date, amount)...] for the walk."""
    treasury = Unit.objects.get(kind=UnitKind.TREASURY)
    source = FundingSource.objects.get(code="NSDP-HUYEN")
    groups = defaultdict(list)
    for number, (project, day, value, dossier) in enumerate(acceptances):
        groups[(project, dossier)].append((number, day, value))
    walks = {}
    for (project, dossier_index), rows in groups.items():
        contract = contracts[project]
        dossier = None
        if dossier_index is not None:
            dossier = PaymentDossier.objects.create(
                contract=contract,
                number=f"HS{dossier_index}",
                amount=sum(value for _, _, value in rows),
                sent_on=max(day for _, day, _ in rows),
            )
        for number, day, value in rows:
            Acceptance.objects.create(
                contract=contract,
                number=f"NT{number}",
                accepted_on=day,
                value=value,
                dossier=dossier,
            )
        walks[(project, dossier_index)] = (dossier, sorted((d, v) for _, d, v in rows), [])
    for number, (project, dossier_index, percent, after, corrected) in enumerate(payments):
        dossier, rows, paid = walks.get((project, dossier_index), (None, [], []))
        if dossier is None:
            continue
        left = dossier.amount - sum(amount for _, amount in paid)
        amount = left * percent // 100
        if amount <= 0:
            continue
        day = dossier.sent_on + dt.timedelta(days=after)
        line = TreasuryLine.objects.create(
            treasury=treasury,
            document_number=f"KB{number}",
            value_date=day,
            project=contracts[project].project,
            source=source,
            plan_year=2024,
            kind=LineKind.PAYMENT,
            amount=amount,
        )
        DossierPayment.objects.create(dossier=dossier, treasury_line=line)
        paid.append((day, amount))
        if corrected is not None:
            back = day + dt.timedelta(days=corrected)
            TreasuryLine.objects.create(
                treasury=treasury,
                document_number=f"KB{number}-DC",
                value_date=back,
                project=contracts[project].project,
                source=source,
                plan_year=2024,
                kind=LineKind.PAYMENT,
                amount=-amount,
                reverses=line,
            )
            paid.append((back, -amount))
    return walks


def walk(contracts, walks, as_of, year):
    """Per project: the unpaid value of the acceptances (of `year`), oldest paid first."""
    unpaid = defaultdict(int)
    for (project, _), (dossier, rows, paid) in walks.items():
        settled = sum(amount for day, amount in paid if day <= as_of) if dossier else 0
        for day, value in rows:
            if day > as_of:
                continue
            taken = min(value, settled)
            settled -= taken
            if year is None or day.year == year:
                unpaid[contracts[project].project_id] += value - taken
    return {project: value for project, value in unpaid.items() if value}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(acceptances=acceptance_rows, payments=payment_rows, as_of=DAYS)
def test_unpaid_is_a_walk_of_each_dossier_and_years_add_up(contracts, acceptances, payments, as_of):
    try:
        with transaction.atomic():
            walks = write(contracts, acceptances, payments)
            whole = accepted_unpaid_by_project(as_of=as_of)
            assert whole == walk(contracts, walks, as_of, None)
            years = defaultdict(int)
            for year in (2023, 2024, 2025):
                part = accepted_unpaid_by_project(as_of=as_of, year=year)
                assert part == walk(contracts, walks, as_of, year)
                for project, value in part.items():
                    years[project] += value
            assert dict(years) == whole
            for project_id, row in payables_by_project(as_of=as_of).items():
                assert row.accepted - row.paid == row.unpaid == whole.get(project_id, 0)
                assert 0 <= row.paid <= row.accepted
            raise Done
    except Done:
        pass


def test_a_reversed_payment_pays_nothing_whichever_dossier_was_read_last(contracts):
    """The example hypothesis found: two dossiers of one project, the first paid 1 đồng and
    reversed the same day, the second paid 1 đồng. Both dossiers are read together (no
    `dossier_id`), and the reversal must still count against the first."""
    day = D(2023, 11, 1)
    walks = write(
        contracts,
        acceptances=[(0, day, 100, 1), (0, day, 100, 0)],
        payments=[(0, 1, 1, 0, 0), (0, 0, 1, 0, None)],
    )
    first, second = walks[(0, 1)][0], walks[(0, 0)][0]
    assert dossier_paid(as_of=day) == {first.pk: 0, second.pk: 1}
    assert accepted_unpaid_by_project(as_of=day) == {contracts[0].project_id: 199}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    acceptances=acceptance_rows,
    payments=payment_rows,
    as_of=st.dates(min_value=D(2024, 1, 1), max_value=D(2025, 2, 28)),
    plans=st.tuples(st.integers(0, 10**13), st.integers(0, 10**13)),
    paid=st.tuples(st.integers(0, 100), st.integers(0, 100)),  # percent of the plan
    ends=st.tuples(DAYS, DAYS),  # each contract's scheduled end, before the deadline or not
)
def test_a_project_page_forecast_reads_its_own_contracts_and_equals_the_districts(
    contracts, acceptances, payments, as_of, plans, paid, ends
):
    """A project's page (`district_forecast` scoped to it) reads only its own contracts
    and the district's shared seasonal profile: the same figures as the forecast made with
    the whole district's hooks, and as the district's own row for the project."""
    try:
        with transaction.atomic():
            for contract, amount, percent, end in zip(contracts, plans, paid, ends, strict=True):
                Contract.objects.filter(pk=contract.pk).update(schedule_end=end)
                if amount:
                    plan(contract.project, amount)
                if amount * percent // 100:
                    pay(contract.project, amount * percent // 100, on=D(2024, 1, 1))
            write(contracts, acceptances, payments)
            district = forecast_hooks(year=2024, as_of=as_of)
            whole = district_forecast(year=2024, as_of=as_of).by_project()
            for contract in contracts:
                pk = contract.project_id
                scope = Q(pk=pk)
                own = forecast_hooks(year=2024, as_of=as_of, projects=scope)
                assert own.accepted_unpaid == {
                    k: v for k, v in district.accepted_unpaid.items() if k == pk
                }
                assert own.scheduled == {k: v for k, v in district.scheduled.items() if k == pk}
                page = district_forecast(year=2024, as_of=as_of, scope=scope)
                old_way = project_forecast(
                    year=2024,
                    as_of=as_of,
                    accepted_unpaid=district.accepted_unpaid,
                    scheduled=district.scheduled,
                    scope=scope,
                )
                assert page.profile == old_way.profile == seasonal_profile(year=2024, as_of=as_of)
                assert page.pairs == old_way.pairs
                assert page.total == old_way.total
                if pk in whole:
                    assert page.by_project()[pk].estimate == whole[pk].estimate
                else:
                    assert page.projects == []
            raise Done
    except Done:
        pass
