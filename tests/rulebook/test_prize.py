"""Prize money: coefficient x the base salary in force on the decision date, rounded up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from giaingan.rulebook.selectors import Prize, prize_for
from giaingan.rulebook.services import rule_value_record

D = dt.date
pytestmark = pytest.mark.django_db


def test_it_uses_the_old_base_salary_until_30_june_2024():
    assert prize_for(collective=False, on=D(2024, 6, 30)) == Prize(
        amount=540_000, coefficient=Decimal("0.3"), base_salary=1_800_000, rounding=10_000
    )
    assert prize_for(collective=True, on=D(2024, 6, 30)).amount == 1_080_000


def test_it_rounds_up_from_1_july_2024():
    individual = prize_for(collective=False, on=D(2024, 7, 1))
    collective = prize_for(collective=True, on=D(2024, 7, 1))
    assert (individual.base_salary, individual.amount) == (2_340_000, 710_000)  # 702.000
    assert (collective.coefficient, collective.amount) == (Decimal("0.6"), 1_410_000)  # 1.404.000
    assert isinstance(individual.amount, int)


def test_an_amount_already_a_multiple_stays():
    # 0.3 x 1.800.000 = 540.000 is a multiple of 10.000 already: not pushed up a step.
    assert prize_for(collective=False, on=D(2024, 1, 15)).amount == 540_000
    rule_value_record(
        key="prize_rounding",
        effective_from=D(2024, 8, 1),
        value="1000",
        legal_basis="Thử nghiệm",
    )
    assert prize_for(collective=False, on=D(2024, 8, 1)).amount == 702_000


def test_a_later_rule_changes_the_answer_from_its_date_only():
    rule_value_record(
        key="base_salary",
        effective_from=D(2025, 7, 1),
        value="2.530.000",
        legal_basis="Nghị định mới",
    )
    assert prize_for(collective=False, on=D(2025, 6, 30)).amount == 710_000
    later = prize_for(collective=False, on=D(2025, 7, 1))
    assert later.base_salary == 2_530_000
    assert later.amount == 760_000  # 759.000 rounded up
    assert prize_for(collective=True, on=D(2026, 1, 1)).amount == 1_520_000  # 1.518.000


def test_it_needs_a_coefficient_in_force():
    from giaingan.lib.problems import InvalidInput

    with pytest.raises(InvalidInput, match="Hệ số tiền thưởng Giấy khen.*30/12/2023"):
        prize_for(collective=False, on=D(2023, 12, 30))
