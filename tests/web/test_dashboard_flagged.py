"""The dashboard counts every project expected to leave plan unused and lists the ten with
the most left, largest first (equal amounts by code)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from giaingan.figures.forecast import district_forecast
from tests.conftest import make_project, pay, plan

pytestmark = pytest.mark.django_db

BILLION = 1_000_000_000


def test_the_ten_largest_unused_plans_and_the_count(client_for, district):
    old = make_project("OLD", district["board"])
    plan(old, 10 * BILLION, on=dt.date(2022, 12, 20), year=2023)
    pay(old, 4 * BILLION, on=dt.date(2023, 6, 1), year=2023)
    pay(old, 6 * BILLION, on=dt.date(2024, 1, 15), year=2023)
    for number in range(1, 14):  # F07 and F08 have the same plan: the code decides
        project = make_project(f"F{number:02d}", district["board"])
        plan(project, (number if number != 8 else 7) * BILLION)
    forecast = district_forecast(year=2024, as_of=dt.date(2024, 9, 30))
    flagged = sorted(
        (row for row in forecast.projects if row.estimate.flagged),
        key=lambda row: (-row.estimate.unused, row.code),
    )
    assert len(flagged) == 13
    page = client_for("chutich").get("/tong-quan/?year=2024&as_of=30/09/2024").text
    section = page[page.index('data-testid="flagged"') :]
    section = section[: section.index("</section>")]
    assert "(13 dự án," in section
    listed = re.findall(r'href="/du-an/(F\d\d)/"', section)
    assert listed == [row.code for row in flagged[:10]]
    assert listed[4:8] == ["F09", "F07", "F08", "F06"]
