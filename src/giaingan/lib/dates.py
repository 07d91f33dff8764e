"""Dates as Vietnamese users write them."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

# Day first, as Vietnamese write a date: 01/06/2024, 01-06-2024 or 01.06.2024 (one mark
# between all three parts); a year first is ISO's yyyy-mm-dd.
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$", re.ASCII)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)


class DateError(ValueError):
    """A cell that is not a date; the message is Vietnamese."""


# The forms a typed date may take, as every message and help text names them.
DATE_FORMS = "dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy hoặc yyyy-mm-dd"
NOT_A_DATE = f"không phải ngày ({DATE_FORMS})"
# The same forms for Django's own date fields (the admin's), as strptime formats.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


# The dates the app reads: plan years run from 1990 to 2100 and the figures look a year
# either side, so 9999 or 0001 would end in a crash (no year 10000 or 0), not an answer.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
OUT_OF_RANGE = "ngày ngoài khoảng dùng được (từ năm 1900 đến năm 2199)"


def parse_date(value: object) -> dt.date:
    """Read `dd/mm/yyyy` (or `dd-mm-yyyy`, `dd.mm.yyyy`), `yyyy-mm-dd` or an Excel date cell, between FIRST_DAY and
    LAST_DAY; DateError (Vietnamese) otherwise."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise DateError("ngày không được có giờ")
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if value is None or isinstance(value, (int, float)):
        raise DateError(NOT_A_DATE)
    return _in_range(_parse_text(str(value).strip()))


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateError(OUT_OF_RANGE)
    return day


@lru_cache(maxsize=4096)  # a statement holds a few hundred distinct dates
def _parse_text(text: str) -> dt.date:
    if (
        len(text) == 10
        and text.isascii()
        and text[2] in "/-."
        and text[5] == text[2]
        and text[:2].isdigit()
    ):
        day, month, year = text[:2], text[3:5], text[6:]  # the common case, read fast
        if month.isdigit() and year.isdigit():
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                raise DateError("ngày không có thật") from None
    if match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise DateError(NOT_A_DATE)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError("ngày không có thật") from None


def format_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def disbursement_deadline(plan_year: int) -> dt.date:
    """The last day a year-N plan may be disbursed: 31 January of N+1."""
    return dt.date(plan_year + 1, 1, 31)
