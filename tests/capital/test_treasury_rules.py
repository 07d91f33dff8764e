from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.audit.models import Event
from giaingan.capital.ledger import existing_document_numbers
from giaingan.capital.models import LineKind, TreasuryLine
from giaingan.lib.problems import InvalidInput
from giaingan.org.models import Unit, UnitKind
from tests.conftest import advance, make_project, pay, plan, source

D = dt.date


class Done(Exception):
    pass


def project_treasury() -> Unit:
    """The district's only treasury."""
    return Unit.objects.get(kind=UnitKind.TREASURY)


@pytest.fixture
def project(district):
    project = make_project("DA1", district["board"], district["tandoan"])
    plan(project, 1_000_000_000)
    return project


def test_it_records_a_payment_and_logs_it(project):
    line = pay(project, 300_000_000, on=D(2024, 5, 2), number="KB-1")
    assert line.disbursed == 300_000_000
    assert Event.objects.get(action="capital.treasury_line.recorded").object_id == str(line.pk)


def test_a_payment_recovers_advance(project):
    advance(project, 200_000_000, on=D(2024, 3, 1))
    line = pay(project, 300_000_000, on=D(2024, 6, 1), recovered=150_000_000)
    assert line.disbursed == 150_000_000


def test_recovery_never_exceeds_the_outstanding_advance(project):
    advance(project, 100_000_000, on=D(2024, 3, 1))
    with pytest.raises(InvalidInput) as refused:
        pay(project, 300_000_000, on=D(2024, 6, 1), recovered=150_000_000)
    assert "dư ứng" in str(refused.value)
    assert TreasuryLine.objects.count() == 1


def test_recovery_without_an_advance_is_refused(project):
    with pytest.raises(InvalidInput):
        pay(project, 300_000_000, on=D(2024, 6, 1), recovered=1)


def test_a_correction_reverses_part_of_a_line(project):
    pay(project, 300_000_000, on=D(2024, 6, 1), number="KB-1")
    correction = pay(project, -100_000_000, on=D(2024, 6, 3), number="KB-1-DC", reverses="KB-1")
    assert correction.reverses.document_number == "KB-1"
    assert sum(line.disbursed for line in TreasuryLine.objects.all()) == 200_000_000
    assert Event.objects.filter(action="capital.treasury_line.corrected").count() == 1


def test_corrections_cannot_reverse_more_than_the_original(project):
    pay(project, 300_000_000, on=D(2024, 6, 1), number="KB-1")
    pay(project, -200_000_000, on=D(2024, 6, 3), number="DC-1", reverses="KB-1")
    with pytest.raises(InvalidInput):
        pay(project, -200_000_000, on=D(2024, 6, 4), number="DC-2", reverses="KB-1")


def test_a_negative_line_must_name_its_original(project):
    with pytest.raises(InvalidInput) as refused:
        pay(project, -1, on=D(2024, 6, 1))
    assert "chứng từ gốc" in str(refused.value)


def test_a_correction_must_match_its_original(project, district):
    pay(project, 300_000_000, on=D(2024, 6, 1), number="KB-1")
    with pytest.raises(InvalidInput):
        advance(project, -1, on=D(2024, 6, 3), number="DC-1", reverses="KB-1")


def test_reversing_a_recovered_advance_is_refused(project):
    advance(project, 100_000_000, on=D(2024, 3, 1), number="TU-1")
    pay(project, 200_000_000, on=D(2024, 6, 1), recovered=100_000_000)
    with pytest.raises(InvalidInput) as refused:
        advance(project, -100_000_000, on=D(2024, 6, 3), number="DC-1", reverses="TU-1")
    assert "dư ứng âm" in str(refused.value)


def test_a_line_may_be_dated_in_january_of_the_next_year(project):
    pay(project, 1, on=D(2025, 1, 31))
    assert TreasuryLine.objects.get().plan_year == 2024


def test_a_line_dated_before_its_plan_year_is_refused(project):
    with pytest.raises(InvalidInput):
        pay(project, 1, on=D(2023, 12, 31))


def test_document_numbers_are_unique(project):
    pay(project, 1, on=D(2024, 6, 1), number="KB-1")
    with pytest.raises(InvalidInput) as refused:
        pay(project, 2, on=D(2024, 6, 1), number="KB-1")
    assert "nội dung khác" in str(refused.value)


def test_the_same_line_again_is_skipped(project):
    pay(project, 1, on=D(2024, 6, 1), number="KB-1")
    pay(project, 1, on=D(2024, 6, 1), number="KB-1")
    assert TreasuryLine.objects.count() == 1


def test_the_database_refuses_recovery_in_an_advance(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        TreasuryLine.objects.create(
            treasury=project_treasury(),
            document_number="X",
            value_date=D(2024, 1, 2),
            project=project,
            source=source(),
            plan_year=2024,
            kind=LineKind.ADVANCE,
            amount=10,
            recovered_advance=5,
        )


def test_the_database_refuses_a_negative_line_without_an_original(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        TreasuryLine.objects.create(
            treasury=project_treasury(),
            document_number="X",
            value_date=D(2024, 1, 2),
            project=project,
            source=source(),
            plan_year=2024,
            kind=LineKind.PAYMENT,
            amount=-10,
        )


def test_lines_are_never_edited(project):
    line = pay(project, 5, on=D(2024, 6, 1))
    line.amount = 6
    with pytest.raises(Exception, match="không được sửa"):
        line.save()


@given(
    held=st.sets(st.integers(0, 300), max_size=60),
    asked=st.sets(st.integers(0, 300), min_size=1, max_size=20),
    prefix=st.sampled_from(["KB-", "KBVQ/", "Đ-"]),
)
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_existing_document_numbers_finds_exactly_those_the_ledger_holds(
    project, held, asked, prefix
):
    """By the range the numbers span or, when that range holds many others, one by one."""
    try:
        with transaction.atomic():
            for number in sorted(held):
                advance(project, 1_000, on=D(2024, 3, 1), number=f"{prefix}{number:04}")
            numbers = {f"{prefix}{number:04}" for number in asked} | {"KHAC-1"}
            assert existing_document_numbers(project_treasury().pk, numbers) == {
                f"{prefix}{number:04}" for number in asked & held
            }
            raise Done
    except Done:
        pass
