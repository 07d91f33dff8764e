"""Report periods and their deadlines, read from the rulebook in force."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.periods import ANNUAL, MONTHLY, QUARTERLY, Period, period_parse
from giaingan.rulebook.services import rule_value_record

pytestmark = pytest.mark.django_db


def test_the_monthly_report_is_due_on_the_25th():
    assert period_parse("2024-09").due_date() == dt.date(2024, 9, 25)


def test_the_quarter_and_the_year_have_their_own_deadlines():
    assert period_parse("2024-Q3") == Period(2024, QUARTERLY, 3)
    assert period_parse("2024-Q3").due_date() == dt.date(2024, 9, 25)
    assert period_parse("2024") == Period(2024, ANNUAL, 1)
    assert period_parse("2024").due_date() == dt.date(2024, 12, 15)


def test_a_new_rule_moves_the_deadlines_from_its_date_on():
    rule_value_record(
        key="report_due_day_monthly",
        effective_from=dt.date(2024, 10, 1),
        value="31",
        legal_basis="Công văn đôn đốc của UBND huyện",
    )
    assert period_parse("2024-09").due_date() == dt.date(2024, 9, 25)
    assert period_parse("2024-10").due_date() == dt.date(2024, 10, 31)
    # November has 30 days: the deadline is its last day.
    assert period_parse("2024-11").due_date() == dt.date(2024, 11, 30)


def test_a_day_outside_the_month_is_refused_in_the_rulebook():
    with pytest.raises(InvalidInput) as caught:
        rule_value_record(
            key="report_due_day_monthly",
            effective_from=dt.date(2025, 1, 1),
            value="32",
            legal_basis="x",
        )
    assert "từ 1 đến 31" in str(caught.value)


@pytest.mark.parametrize("text", ["2024-13", "2024/09", "Q3-2024", "", "24-09", "1999-01"])
def test_a_bad_period_is_refused_with_the_form_to_write(text):
    with pytest.raises(InvalidInput) as caught:
        period_parse(text)
    assert "2024-09 (tháng)" in str(caught.value)


def test_codes_and_labels_round_trip():
    for code, label in [
        ("2024-09", "Tháng 09/2024"),
        ("2024-Q4", "Quý IV/2024"),
        ("2024", "Năm 2024"),
    ]:
        period = period_parse(code)
        assert period.code == code
        assert period.label == label
    assert Period(2024, MONTHLY, 2).end == dt.date(2024, 2, 29)


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(2024, 2100),
    month=st.integers(1, 12),
    quarter=st.integers(1, 4),
)
def test_every_period_round_trips_and_falls_due_inside_its_last_month(year, month, quarter):
    for period in (
        Period(year, MONTHLY, month),
        Period(year, QUARTERLY, quarter),
        Period(year, ANNUAL, 1),
    ):
        assert period_parse(period.code) == period
        due = period.due_date()
        assert (due.year, due.month) == (year, period.last_month)
        assert due <= period.end
        assert due.day == min(25 if period.cadence != ANNUAL else 15, period.end.day)
