from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from giaingan.audit.models import Event
from giaingan.capital.ledger import PlanInput
from giaingan.capital.models import PlanEntry, PlanKind
from giaingan.capital.services import plan_decision_record
from giaingan.lib.problems import InvalidInput
from tests.conftest import make_project, plan, source, transfer

D = dt.date


@pytest.fixture
def projects(district):
    return (
        make_project("DA1", district["board"], district["tandoan"]),
        make_project("DA2", district["tandoan"], district["tandoan"]),
    )


def test_it_records_a_decision_and_logs_it(projects):
    entries = plan(projects[0], 1_000_000_000, number="4888/QĐ-UBND")
    assert [(e.decision_number, e.amount) for e in entries] == [("4888/QĐ-UBND", 1_000_000_000)]
    event = Event.objects.get(action="capital.plan_decision.recorded")
    assert event.data["decision_number"] == "4888/QĐ-UBND"


def test_a_transfer_must_net_to_zero_per_source(projects):
    plan(projects[0], 500_000_000)
    with pytest.raises(InvalidInput) as refused:
        transfer([(projects[0], -200_000_000), (projects[1], 150_000_000)], on=D(2024, 10, 15))
    assert "cân bằng" in str(refused.value)
    assert PlanEntry.objects.filter(kind=PlanKind.TRANSFER).count() == 0


def test_a_balanced_transfer_moves_money(projects):
    plan(projects[0], 500_000_000)
    transfer([(projects[0], -200_000_000), (projects[1], 200_000_000)], on=D(2024, 10, 15))
    assert PlanEntry.objects.filter(kind=PlanKind.TRANSFER).count() == 2


def test_a_transfer_cannot_cross_sources(projects):
    plan(projects[0], 500_000_000)
    number = "77/QĐ-UBND"
    lines = [
        PlanInput(
            number, D(2024, 10, 1), PlanKind.TRANSFER, projects[0].pk, source().pk, 2024, -100
        ),
        PlanInput(
            number, D(2024, 10, 1), PlanKind.TRANSFER, projects[1].pk, source("NSTW").pk, 2024, 100
        ),
    ]
    with pytest.raises(InvalidInput):
        plan_decision_record(lines=lines)


def test_no_plan_goes_below_zero(projects):
    plan(projects[0], 100_000_000)
    with pytest.raises(InvalidInput) as refused:
        plan(projects[0], -150_000_000, kind=PlanKind.ADJUSTMENT, on=D(2024, 6, 1))
    assert "âm" in str(refused.value)


def test_a_decrease_dated_before_the_allocation_is_refused(projects):
    plan(projects[0], 100_000_000, on=D(2024, 6, 1))
    with pytest.raises(InvalidInput):
        plan(projects[0], -50_000_000, kind=PlanKind.ADJUSTMENT, on=D(2024, 3, 1))


def test_a_decrease_within_the_plan_is_recorded(projects):
    plan(projects[0], 100_000_000)
    plan(projects[0], -100_000_000, kind=PlanKind.ADJUSTMENT, on=D(2024, 6, 1))
    assert sum(PlanEntry.objects.values_list("amount", flat=True)) == 0


@pytest.mark.parametrize("kind", [PlanKind.INITIAL, PlanKind.SUPPLEMENT, PlanKind.CARRY_OVER])
def test_negative_amounts_only_in_adjustments_and_transfers(projects, kind):
    plan(projects[0], 100_000_000)
    with pytest.raises(InvalidInput):
        plan(projects[0], -1, kind=kind)


def test_the_same_decision_line_twice_is_skipped(projects):
    plan(projects[0], 100_000_000, number="1/QĐ")
    plan(projects[0], 100_000_000, number="1/QĐ")
    assert PlanEntry.objects.count() == 1


def test_the_same_decision_line_with_another_amount_is_refused(projects):
    plan(projects[0], 100_000_000, number="1/QĐ")
    with pytest.raises(InvalidInput):
        plan(projects[0], 200_000_000, number="1/QĐ")


def test_entries_are_never_edited_or_deleted(projects):
    entry = plan(projects[0], 100_000_000)[0]
    entry.amount = 1
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        PlanEntry.objects.update(amount=1)
    with pytest.raises(ValidationError):
        PlanEntry.objects.all().delete()
    assert PlanEntry.objects.get().amount == 100_000_000


def test_the_database_refuses_a_negative_initial_allocation(projects):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanEntry.objects.create(
            decision_number="X",
            decision_date=D(2024, 1, 1),
            kind=PlanKind.INITIAL,
            project=projects[0],
            source=source(),
            plan_year=2024,
            amount=-5,
        )


def test_the_catalogue_module_matches_the_migration(db):
    from giaingan.capital.catalogue import FUNDING_SOURCES
    from giaingan.capital.models import FundingSource

    assert sorted(FundingSource.objects.values_list("code", "name", "budget_level")) == sorted(
        FUNDING_SOURCES
    )
