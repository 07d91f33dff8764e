"""giaingan.lib.workdays on random holidays and make-up days."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaingan.lib.workdays import (
    Calendar,
    OutsideCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
)

D = dt.date
DAYS = st.dates(min_value=D(2024, 1, 1), max_value=D(2024, 12, 31))
SPECIAL = st.frozensets(st.dates(min_value=D(2024, 1, 1), max_value=D(2025, 6, 30)), max_size=60)


@given(DAYS, st.integers(1, 120), SPECIAL, SPECIAL)
def test_the_result_is_a_working_day(start, days, holidays, makeup_days):
    assert is_working_day(
        add_working_days(start, days, holidays, makeup_days), holidays, makeup_days
    )


@given(DAYS, st.integers(0, 120), SPECIAL, SPECIAL)
def test_it_strictly_increases(start, days, holidays, makeup_days):
    assert add_working_days(start, days + 1, holidays, makeup_days) > add_working_days(
        start, days, holidays, makeup_days
    )


@given(DAYS, st.integers(0, 120), SPECIAL, SPECIAL)
def test_between_undoes_add(start, days, holidays, makeup_days):
    end = add_working_days(start, days, holidays, makeup_days)
    assert working_days_between(start, end, holidays, makeup_days) == days
    assert working_days_between(end, start, holidays, makeup_days) == -days


@given(DAYS, DAYS, SPECIAL, SPECIAL)
def test_between_counts_day_by_day(start, end, holidays, makeup_days):
    low, high = min(start, end), max(start, end)
    counted = sum(
        is_working_day(low + dt.timedelta(days=offset), holidays, makeup_days)
        for offset in range(1, (high - low).days + 1)
    )
    expected = counted if end >= start else -counted
    assert working_days_between(start, end, holidays, makeup_days) == expected


@given(DAYS, st.integers(0, 60), SPECIAL, SPECIAL)
def test_a_calendar_agrees_with_the_functions(start, days, holidays, makeup_days):
    calendar = Calendar(first=D(2024, 1, 1), last=None, holidays=holidays, makeup_days=makeup_days)
    assert calendar.add_working_days(start, days) == add_working_days(
        start, days, holidays, makeup_days
    )


def test_weekends_are_off_and_make_up_days_are_worked():
    saturday = D(2025, 4, 26)
    assert not is_working_day(saturday)
    assert is_working_day(saturday, makeup_days={saturday})
    assert not is_working_day(D(2025, 4, 30), holidays={D(2025, 4, 30)})


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 1), -1)


def test_a_bounded_calendar_stops_at_its_end():
    calendar = Calendar(first=D(2025, 1, 1), last=D(2025, 1, 10))
    assert calendar.add_working_days(D(2025, 1, 1), 7) == D(2025, 1, 10)
    with pytest.raises(OutsideCalendar, match="10/01/2025"):
        calendar.add_working_days(D(2025, 1, 1), 8)
