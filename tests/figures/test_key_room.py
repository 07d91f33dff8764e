"""`KeyRoom.left`, read for every treasury line checked, answers from the plan's last total
once every decision is in force: the same as the plan in force on the day, by definition."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from giaingan.figures.room import KeyRoom, Steps
from giaingan.lib.dates import disbursement_deadline

YEAR = 2024
days = st.dates(dt.date(YEAR - 1, 10, 1), dt.date(YEAR + 2, 1, 31))
dated = st.lists(st.tuples(days, st.integers(-(10**12), 10**12)), max_size=6)


def plan_in_force(plan: list[tuple[dt.date, int]], day: dt.date) -> int:
    return sum(amount for on, amount in plan if on <= day)


@given(
    plan=dated,
    late=dated,
    day=days,
    disbursed=st.integers(0, 10**12),
    late_spent=st.integers(0, 10**12),
)
def test_what_is_left_is_the_plan_in_force_less_what_was_disbursed(
    plan, late, day, disbursed, late_spent
):
    room = KeyRoom(YEAR, Steps.of(plan), Steps.of(late), disbursed=disbursed)
    room.disbursed_late = late_spent
    if day > dt.date(YEAR + 1, 12, 31):
        expected = 0
    else:
        expected = plan_in_force(plan, day) - disbursed
        if day > disbursement_deadline(YEAR):
            expected = min(expected, plan_in_force(late, day) - late_spent)
    assert room.left(day) == expected


def test_a_line_dated_before_a_cut_is_held_to_the_plan_of_its_day():
    room = KeyRoom(
        YEAR, Steps.of([(dt.date(YEAR, 1, 5), 900), (dt.date(YEAR, 6, 1), -400)]), Steps()
    )
    assert room.left(dt.date(YEAR, 3, 1)) == 900
    assert room.left(dt.date(YEAR, 6, 1)) == 500
    assert room.left(dt.date(YEAR, 1, 4)) == 0
