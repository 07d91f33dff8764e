"""Working days from the holidays in the database: weekends, Tết, make-up Saturdays."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.lib.workdays import OutsideCalendar
from giaingan.rulebook.models import Holiday
from giaingan.rulebook.selectors import (
    add_working_days,
    calendar_gap_warning,
    calendar_gaps,
    working_calendar,
    working_days_between,
)

D = dt.date
pytestmark = pytest.mark.django_db


def test_it_skips_a_weekend():
    # Posted Friday 07/02/2025: five working days later is the next Friday.
    assert add_working_days(D(2025, 2, 7), 5) == D(2025, 2, 14)
    assert add_working_days(D(2025, 2, 7), 1) == D(2025, 2, 10)
    assert working_days_between(D(2025, 2, 7), D(2025, 2, 10)) == 1


def test_it_skips_tet_2025():
    # Friday 24/01/2025, then Tết from Monday 27/01 to Friday 31/01.
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert add_working_days(D(2025, 1, 24), 5) == D(2025, 2, 7)
    assert working_days_between(D(2025, 1, 24), D(2025, 2, 2)) == 0


def test_a_make_up_saturday_counts():
    # 26/04/2025 is worked; 30/04, 01/05 and the swapped 02/05 are off.
    assert add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)
    assert add_working_days(D(2025, 4, 25), 4) == D(2025, 5, 5)
    assert working_days_between(D(2025, 4, 25), D(2025, 5, 4)) == 3


def test_add_then_between_round_trips():
    start = D(2024, 1, 1)
    for days in range(0, 400, 7):
        assert working_days_between(start, add_working_days(start, days)) == days


def test_between_backwards_is_negative():
    assert working_days_between(D(2025, 2, 14), D(2025, 2, 7)) == -5


def test_a_calendar_loads_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = working_calendar(D(2025, 1, 1), D(2025, 12, 31))
    with django_assert_num_queries(0):
        assert calendar.add_working_days(D(2025, 2, 7), 10) == D(2025, 2, 21)
        assert calendar.working_days_between(D(2025, 1, 1), D(2025, 1, 31)) == 17
        assert not calendar.is_working_day(D(2025, 9, 2))


def test_a_calendar_refuses_days_it_did_not_load():
    calendar = working_calendar(D(2025, 1, 1), D(2025, 1, 31))
    with pytest.raises(OutsideCalendar, match="31/01/2025"):
        calendar.add_working_days(D(2025, 1, 20), 30)
    with pytest.raises(OutsideCalendar):
        calendar.working_days_between(D(2024, 12, 31), D(2025, 1, 10))


def test_calendar_gaps_name_the_years_without_days_off():
    # The calendar holds 2024-2026; 2027's days off are not announced yet.
    assert calendar_gaps(D(2024, 1, 1), D(2026, 12, 31)) == []
    assert calendar_gaps(D(2026, 11, 28), D(2027, 1, 29)) == [2027]
    assert "năm 2027 chưa có" in calendar_gap_warning(D(2026, 12, 28), D(2027, 1, 6))
    assert calendar_gap_warning(D(2025, 2, 7), D(2025, 2, 14)) == ""
    # A make-up Saturday alone does not make a year's calendar.
    Holiday.objects.create(date=D(2027, 1, 9), name="Làm bù", is_working_day=True)
    assert calendar_gaps(D(2027, 1, 1), D(2027, 1, 31)) == [2027]
    Holiday.objects.create(date=D(2027, 1, 1), name="Tết Dương lịch")
    assert calendar_gaps(D(2027, 1, 1), D(2027, 1, 31)) == []
