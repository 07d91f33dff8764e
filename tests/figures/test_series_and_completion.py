from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from giaingan.capital.models import DisbursementTarget, PlanKind
from giaingan.figures.selectors import completion_dates, monthly_series
from tests.conftest import make_project, pay, plan

D = dt.date


@pytest.fixture
def projects(district):
    return (
        make_project("DA1", district["board"], district["tandoan"]),
        make_project("DA2", district["tandoan"], district["tandoan"]),
    )


def test_the_monthly_series_is_cumulative(projects):
    DisbursementTarget.objects.create(plan_year=2024, due_date=D(2024, 3, 31), share_percent=15)
    plan(projects[0], 1_000, on=D(2023, 12, 22))
    plan(projects[0], 1_000, on=D(2024, 2, 10), kind=PlanKind.SUPPLEMENT)
    pay(projects[0], 100, on=D(2024, 1, 5))
    pay(projects[0], 300, on=D(2024, 3, 31))
    pay(projects[0], 50, on=D(2024, 4, 2))
    points = monthly_series(year=2024, as_of=D(2024, 4, 1))[None]
    assert [(p.month, p.plan, p.disbursed) for p in points] == [
        ("2024-01", 1_000, 100),
        ("2024-02", 2_000, 100),
        ("2024-03", 2_000, 400),
        ("2024-04", 2_000, 400),
    ]
    assert points[2].rate_percent == Decimal("20.00")
    assert [p.target_percent for p in points] == [None, None, Decimal("15.00"), Decimal("15.00")]


def test_the_series_runs_into_january_of_the_next_year(projects):
    plan(projects[0], 1_000)
    pay(projects[0], 1_000, on=D(2025, 1, 20))
    points = monthly_series(year=2024, as_of=D(2025, 1, 31))[None]
    assert len(points) == 13
    assert (points[-1].month, points[-1].disbursed) == ("2025-01", 1_000)


def test_the_series_by_group(projects):
    plan(projects[0], 1_000)
    plan(projects[1], 2_000)
    pay(projects[1], 500, on=D(2024, 2, 1))
    series = monthly_series(year=2024, as_of=D(2024, 2, 29), by="project")
    assert series[projects[1].pk][-1].disbursed == 500
    assert series[projects[0].pk][-1].disbursed == 0


def test_completion_is_the_first_day_the_plan_was_reached(projects):
    plan(projects[0], 1_000)
    pay(projects[0], 600, on=D(2024, 9, 1))
    pay(projects[0], 400, on=D(2024, 11, 15))
    plan(projects[1], 2_000)
    pay(projects[1], 1, on=D(2024, 11, 15))
    done = completion_dates(year=2024, as_of=D(2025, 1, 31), by="project")
    assert done == {projects[0].pk: D(2024, 11, 15), projects[1].pk: None}


def test_a_supplement_after_completion_moves_the_goal(projects):
    plan(projects[0], 1_000)
    pay(projects[0], 1_000, on=D(2024, 9, 1))
    plan(projects[0], 500, on=D(2024, 10, 1), kind=PlanKind.SUPPLEMENT)
    pay(projects[0], 500, on=D(2025, 1, 31))
    done = completion_dates(year=2024, as_of=D(2025, 1, 31), by="project")
    assert done[projects[0].pk] == D(2025, 1, 31)
    early = completion_dates(year=2024, as_of=D(2024, 9, 30), by="project")
    assert early[projects[0].pk] == D(2024, 9, 1)
