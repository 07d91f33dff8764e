"""A district where one project will leave capital unused and a key project needs more."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_project, pay, plan

BILLION = 1_000_000_000


@pytest.fixture
def slow_and_fast(district):
    """2023 shapes the season (40% of the year's money by 30/09, a 100% year). In 2024,
    SLOW (10 bn) has paid 0.5 bn by 15/10; FAST, a key project (5 bn), 4.5 bn; both from
    the district budget. TINH (provincial budget, 5 bn) paid nothing."""
    old = make_project("OLD", district["board"])
    plan(old, 10 * BILLION, on=dt.date(2022, 12, 20), year=2023)
    pay(old, 4 * BILLION, on=dt.date(2023, 6, 1), year=2023)
    pay(old, 6 * BILLION, on=dt.date(2024, 1, 15), year=2023)
    slow = make_project("SLOW", district["board"])
    fast = make_project("FAST", district["tandoan"], is_key=True)
    other = make_project("TINH", district["board"])
    plan(slow, 10 * BILLION)
    plan(fast, 5 * BILLION)
    plan(other, 5 * BILLION, source_code="NSDP-TINH")
    pay(slow, BILLION // 2, on=dt.date(2024, 8, 1))
    pay(fast, 4_500_000_000, on=dt.date(2024, 9, 20))
    return {"slow": slow, "fast": fast, "other": other}
