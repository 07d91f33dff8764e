"""Working days: Monday to Friday, less public holidays, plus make-up days (ngày làm bù).

Pure: the holidays and make-up days come in as sets; `giaingan.rulebook.selectors` loads
them from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set
from dataclasses import dataclass

from giaingan.lib.dates import format_date

_ONE_DAY = dt.timedelta(days=1)
_SATURDAY = 5  # date.weekday(): Monday 0 ... Saturday 5, Sunday 6
_NONE: frozenset[dt.date] = frozenset()


def is_working_day(
    day: dt.date, holidays: Set[dt.date] = _NONE, makeup_days: Set[dt.date] = _NONE
) -> bool:
    """A make-up day is worked; otherwise a weekday that is not a holiday."""
    if day in makeup_days:
        return True
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(
    start: dt.date,
    days: int,
    holidays: Set[dt.date] = _NONE,
    makeup_days: Set[dt.date] = _NONE,
) -> dt.date:
    """The day that is `days` working days after `start`, not counting `start` (0: `start`)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += _ONE_DAY
        if is_working_day(day, holidays, makeup_days):
            days -= 1
    return day


def working_days_between(
    start: dt.date,
    end: dt.date,
    holidays: Set[dt.date] = _NONE,
    makeup_days: Set[dt.date] = _NONE,
) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier.

    The inverse of `add_working_days`: between(s, add(s, n)) == n.
    """
    if end < start:
        return -working_days_between(end, start, holidays, makeup_days)
    count = _weekdays_through(end) - _weekdays_through(start)
    # Counted in O(special days), not O(days): adjust the plain weekday count.
    count -= sum(
        1
        for day in holidays
        if start < day <= end and day.weekday() < _SATURDAY and day not in makeup_days
    )
    count += sum(1 for day in makeup_days if start < day <= end and day.weekday() >= _SATURDAY)
    return count


def _weekdays_through(day: dt.date) -> int:
    """Weekdays from 01/01/0001 (a Monday) up to and including `day`."""
    ordinal = day.toordinal()
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


class OutsideCalendar(ValueError):
    """A computation went beyond the dates a calendar was loaded for."""


@dataclass(frozen=True)
class Calendar:
    """Holidays and make-up days known for every day from `first` to `last` (None: no end).

    Asking about a day outside that range raises `OutsideCalendar` instead of guessing.
    """

    first: dt.date
    last: dt.date | None
    holidays: frozenset[dt.date] = _NONE
    makeup_days: frozenset[dt.date] = _NONE

    def is_working_day(self, day: dt.date) -> bool:
        self._check(day, day)
        return is_working_day(day, self.holidays, self.makeup_days)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        self._check(start, start)
        if self.last is not None and days > 0:
            # Step inside the range only, so a short calendar fails instead of looping on.
            counted = working_days_between(start, self.last, self.holidays, self.makeup_days)
            if counted < days:
                self._check(start, self.last + _ONE_DAY)
        return add_working_days(start, days, self.holidays, self.makeup_days)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        self._check(min(start, end), max(start, end))
        return working_days_between(start, end, self.holidays, self.makeup_days)

    def _check(self, low: dt.date, high: dt.date) -> None:
        if low < self.first or (self.last is not None and high > self.last):
            until = f" đến ngày {format_date(self.last)}" if self.last is not None else ""
            raise OutsideCalendar(
                f"Lịch ngày làm việc chỉ được nạp từ ngày {format_date(self.first)}{until}, "
                f"không tính được cho ngày {format_date(low if low < self.first else high)}."
            )
