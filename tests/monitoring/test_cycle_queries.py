"""The month's cycle reads ask the database for what they show: no SELECT DISTINCT made
useless by a model's default ordering (its columns join the DISTINCT, and every row comes
back), and a briefing's agenda in a bounded number of queries whatever the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giaingan.monitoring.agenda import briefing_agenda
from giaingan.monitoring.models import ObstacleKind
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record
from giaingan.monitoring.panels import cycle_panel
from giaingan.monitoring.periods import MONTHLY, Period
from giaingan.monitoring.selectors import GROUPINGS, obstacle_register, period_status
from tests.monitoring.test_briefings import assign, hold

pytestmark = pytest.mark.django_db


def obstacles(people, projects, district, count: int) -> None:
    for number in range(count):
        obstacle_record(
            user=people["tckh"],
            data=ObstacleInput(
                project=projects[["BQ-1", "BQ-2", "TD-1"][number % 3]],
                kind=ObstacleKind.values[number % len(ObstacleKind.values)],
                description=f"Vướng mắc {number}.",
                responsible_unit=district["tandoan"],
                opened_on=dt.date(2024, 6, 1),
                due_date=dt.date(2024, 8, 1) + dt.timedelta(days=number),
            ),
        )


def test_no_distinct_is_undone_by_an_ordering(people, district, projects):
    obstacles(people, projects, district, 4)
    with CaptureQueriesContext(connection) as captured:
        for by in GROUPINGS:
            obstacle_register(as_of=dt.date(2024, 9, 30), by=by)
        period_status(Period(2024, MONTHLY, 9))
        briefing_agenda(hold(people))
        cycle_panel(user=people["chutich"], as_of=dt.date(2024, 9, 30))
    distinct = [query["sql"] for query in captured if "SELECT DISTINCT" in query["sql"]]
    assert distinct
    assert [sql for sql in distinct if "ORDER BY" in sql] == []


def test_the_agenda_costs_the_same_queries_for_more_obstacles_and_tasks(people, district, projects):
    def queries() -> int:
        briefing = hold(people)
        with CaptureQueriesContext(connection) as captured:
            briefing_agenda(briefing)
        return len(captured)

    obstacles(people, projects, district, 2)
    few = queries()
    obstacles(people, projects, district, 30)
    earlier = hold(people, day=dt.date(2024, 8, 30))
    for _ in range(10):
        assign(people, earlier, district["board"], due=dt.date(2024, 9, 15))
    assert queries() == few
