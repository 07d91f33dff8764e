"""Whatever the grouping, the register's groups add up to the same totals, and those are the
open list's: its count, its overdue ones, the distinct projects and the plan they hold."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.monitoring.models import Obstacle, ObstacleKind, ObstacleStatus
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record, obstacle_update
from giaingan.monitoring.selectors import GROUPINGS, obstacle_list, obstacle_register

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2024, 9, 30)
PLANS = {"BQ-1": 1_000_000_000, "BQ-2": 600_000_000, "TD-1": 400_000_000}
DAYS = st.dates(min_value=dt.date(2024, 5, 1), max_value=dt.date(2024, 11, 30))


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(PLANS)),
            st.sampled_from(ObstacleKind.values),
            st.sampled_from(["tandoan", "vanan", "board"]),
            DAYS,  # opened
            st.integers(0, 90),  # days to its due date
            st.one_of(st.none(), st.integers(0, 120)),  # days to clearing, if cleared
        ),
        max_size=10,
    )
)
def test_every_grouping_adds_up_to_the_open_list(people, district, projects, rows):
    Obstacle.objects.all().delete()
    for code, kind, unit, opened, to_due, to_clear in rows:
        obstacle = obstacle_record(
            user=people["tckh"],
            data=ObstacleInput(
                project=projects[code],
                kind=kind,
                description="Vướng mắc.",
                responsible_unit=district[unit],
                opened_on=opened,
                due_date=opened + dt.timedelta(days=to_due),
            ),
        )
        if to_clear is not None:
            obstacle_update(
                user=people["tckh"],
                obstacle=obstacle,
                status=ObstacleStatus.CLEARED,
                resolution="Xong.",
                cleared_on=opened + dt.timedelta(days=to_clear),
            )
    listed = list(obstacle_list(as_of=AS_OF))
    held = {obstacle.project.code for obstacle in listed}
    expected = {
        "open": len(listed),
        "overdue": sum(1 for obstacle in listed if obstacle.due_date < AS_OF),
        "projects": len(held),
        "plan_held": sum(PLANS[code] for code in held),
    }
    for by in GROUPINGS:
        register = obstacle_register(as_of=AS_OF, by=by)
        total = register.total
        assert {name: getattr(total, name) for name in expected} == expected
        for name in ("open", "overdue", "cleared"):
            assert sum(getattr(group, name) for group in register.groups) == getattr(total, name)
        assert total.cleared == sum(
            1
            for _c, _k, _u, opened, _d, to_clear in rows
            if opened <= AS_OF
            and to_clear is not None
            and opened + dt.timedelta(days=to_clear) <= AS_OF
        )
