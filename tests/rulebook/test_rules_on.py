"""The rules in force on a date, typed, in one query."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from decimal import Decimal

import pytest

from giaingan.lib.problems import InvalidInput
from giaingan.rulebook.catalogue import RULES
from giaingan.rulebook.selectors import Rules, rules_on

D = dt.date
pytestmark = pytest.mark.django_db


def test_it_gives_every_rule_typed(django_assert_num_queries):
    with django_assert_num_queries(1):
        rules = rules_on(D(2024, 7, 1))
    assert rules == Rules(
        on=D(2024, 7, 1),
        base_salary=2_340_000,
        prize_coefficient_individual=Decimal("0.3"),
        prize_coefficient_collective=Decimal("0.6"),
        prize_rounding=10_000,
        vote_threshold=Decimal("0.5"),
        vote_denominator="all",
        quorum=Decimal("0.5"),
        publicity_working_days=5,
        appraisal_working_days=10,
        report_due_day_monthly=25,
        report_due_day_quarterly=25,
        report_due_day_annual=15,
    )


def test_it_takes_the_latest_row_not_after_the_day():
    assert rules_on(D(2024, 6, 30)).base_salary == 1_800_000
    assert rules_on(D(2024, 7, 1)).base_salary == 2_340_000
    assert rules_on(D(2030, 1, 1)).base_salary == 2_340_000


def test_it_refuses_a_day_before_the_first_base_salary():
    with pytest.raises(InvalidInput) as refused:
        rules_on(D(2019, 6, 30))
    reasons = [problem.reason for problem in refused.value.problems]
    assert "Chưa có quy định «Mức lương cơ sở» áp dụng ngày 30/06/2019." in reasons
    assert len(reasons) == len(RULES)


def test_it_names_only_the_rules_missing():
    with pytest.raises(InvalidInput) as refused:
        rules_on(D(2023, 12, 30))
    message = str(refused.value)
    assert "Mức lương cơ sở" not in message
    assert "Chưa có quy định «Tỷ lệ phiếu đồng ý phải vượt quá» áp dụng ngày 30/12/2023." in message


def test_the_catalogue_and_the_rules_name_the_same_keys():
    assert [spec.key for spec in RULES] == [f.name for f in fields(Rules) if f.name != "on"]
