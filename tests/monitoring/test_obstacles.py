"""Obstacles: registered, cleared, and the register as of a date with the plan held up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.audit.models import Event
from giaingan.figures import held
from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.models import Obstacle, ObstacleKind, ObstacleStatus
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record, obstacle_update
from giaingan.monitoring.selectors import obstacle_register
from giaingan.org.rules import project_scope

pytestmark = pytest.mark.django_db


def record(
    people,
    project,
    kind,
    *,
    login="tckh",
    opened=dt.date(2024, 6, 1),
    due=dt.date(2024, 8, 31),
    unit=None,
):
    return obstacle_record(
        user=people[login],
        data=ObstacleInput(
            project=project,
            kind=kind,
            description="Còn 3 hộ chưa đồng ý phương án bồi thường.",
            responsible_unit=unit or project.main_commune,
            opened_on=opened,
            due_date=due,
        ),
    )


def test_the_register_counts_open_and_cleared_as_of_the_date(people, projects):
    site_1 = record(people, projects["BQ-1"], ObstacleKind.SITE_CLEARANCE)
    record(people, projects["BQ-1"], ObstacleKind.SITE_CLEARANCE, opened=dt.date(2024, 7, 1))
    record(people, projects["TD-1"], ObstacleKind.SITE_CLEARANCE)
    record(people, projects["BQ-2"], ObstacleKind.DESIGN)
    obstacle_update(
        user=people["tckh"],
        obstacle=site_1,
        status=ObstacleStatus.CLEARED,
        resolution="Xã vận động, các hộ đã nhận tiền.",
        cleared_on=dt.date(2024, 9, 10),
    )
    later = obstacle_register(as_of=dt.date(2024, 9, 30)).as_dict()
    site = next(group for group in later["groups"] if group["kind"] == "site_clearance")
    # BQ-1 still has its second obstacle: held once, with TD-1.
    assert site == {
        "kind": "site_clearance",
        "label": "Giải phóng mặt bằng, bồi thường",
        "open": 2,
        "cleared": 1,
        "projects": 2,
        "plan_held": 1_400_000_000,
    }
    assert later["total"] == {"open": 3, "cleared": 1, "projects": 3, "plan_held": 2_000_000_000}
    assert [group["kind"] for group in later["groups"]] == list(ObstacleKind.values)
    earlier = obstacle_register(as_of=dt.date(2024, 6, 15)).as_dict()
    site = next(group for group in earlier["groups"] if group["kind"] == "site_clearance")
    assert (site["open"], site["cleared"], site["projects"]) == (2, 0, 2)


def test_the_register_groups_by_responsible_unit_and_commune(people, district, projects):
    record(people, projects["BQ-1"], ObstacleKind.SITE_CLEARANCE)
    record(people, projects["BQ-2"], ObstacleKind.CONTRACTOR, unit=district["board"])
    by_unit = obstacle_register(as_of=dt.date(2024, 9, 30), by="responsible")
    assert [(g.key, g.open, g.plan_held) for g in by_unit.groups] == [
        ("BQLDA", 1, 600_000_000),
        ("XA-TD", 1, 1_000_000_000),
    ]
    by_commune = obstacle_register(as_of=dt.date(2024, 9, 30), by="commune")
    assert [(g.key, g.label) for g in by_commune.groups] == [
        ("XA-TD", "UBND xã Tân Đoàn"),
        ("XA-VA", "UBND xã Văn An"),
    ]


def test_a_commune_sees_only_its_projects_in_the_register(people, projects):
    record(people, projects["BQ-2"], ObstacleKind.DESIGN)
    record(people, projects["TD-1"], ObstacleKind.DESIGN)
    seen = obstacle_register(as_of=dt.date(2024, 9, 30), scope=project_scope(people["xa.tandoan"]))
    assert (seen.total.open, seen.total.plan_held) == (1, 400_000_000)


def test_clearing_needs_how_and_when_and_writes_nothing_otherwise(people, projects):
    obstacle = record(people, projects["BQ-1"], ObstacleKind.SITE_CLEARANCE)
    with pytest.raises(InvalidInput) as caught:
        obstacle_update(user=people["tckh"], obstacle=obstacle, status=ObstacleStatus.CLEARED)
    assert "cách đã tháo gỡ" in str(caught.value)
    assert "ngày tháo gỡ" in str(caught.value)
    with pytest.raises(InvalidInput) as caught:
        obstacle_update(
            user=people["tckh"],
            obstacle=obstacle,
            status=ObstacleStatus.CLEARED,
            resolution="x",
            cleared_on=dt.date(2024, 5, 1),
        )
    assert "từ ngày phát sinh (01/06/2024)" in str(caught.value)
    obstacle.refresh_from_db()
    assert obstacle.status == ObstacleStatus.OPEN


def test_escalated_still_holds_capital_and_reopening_forgets_the_date(people, projects):
    obstacle = record(people, projects["TD-1"], ObstacleKind.PROCEDURES)
    obstacle_update(user=people["xa.tandoan"], obstacle=obstacle, status=ObstacleStatus.ESCALATED)
    assert obstacle_register(as_of=dt.date(2024, 9, 30)).total.plan_held == 400_000_000
    obstacle_update(
        user=people["tckh"],
        obstacle=obstacle,
        status=ObstacleStatus.CLEARED,
        resolution="Tỉnh đã cho ý kiến.",
        cleared_on=dt.date(2024, 9, 1),
    )
    obstacle_update(user=people["tckh"], obstacle=obstacle, status=ObstacleStatus.IN_PROGRESS)
    obstacle.refresh_from_db()
    assert obstacle.cleared_on is None
    assert Event.objects.filter(action="monitoring.obstacle.updated").count() == 3


def test_bad_input_is_refused_whole(people, projects):
    with pytest.raises(InvalidInput) as caught:
        obstacle_record(
            user=people["tckh"],
            data=ObstacleInput(
                project=projects["BQ-1"],
                kind="flood",
                description=" ",
                responsible_unit=projects["BQ-1"].investor,
                opened_on=dt.date(2024, 6, 1),
                due_date=dt.date(2024, 5, 1),
            ),
        )
    text = str(caught.value)
    assert "Loại vướng mắc" in text and "mô tả" in text and "Hạn tháo gỡ" in text
    assert not Obstacle.objects.exists()


@pytest.mark.parametrize("login", ["chutich", "khobac", "noivu", "hoidong1", "xem"])
def test_readers_cannot_register_or_update(people, projects, login):
    with pytest.raises(PermissionDenied):
        record(people, projects["BQ-1"], ObstacleKind.OTHER, login=login)
    obstacle = record(people, projects["BQ-1"], ObstacleKind.OTHER)
    with pytest.raises(PermissionDenied):
        obstacle_update(user=people[login], obstacle=obstacle, status=ObstacleStatus.IN_PROGRESS)


def test_an_investor_registers_on_its_own_projects_only(people, projects):
    record(people, projects["BQ-2"], ObstacleKind.CONTRACTOR, login="bqlda")
    with pytest.raises(PermissionDenied):
        record(people, projects["TD-1"], ObstacleKind.CONTRACTOR, login="bqlda")
    # Tân Đoàn: its own project and the board's project built in the commune.
    record(people, projects["TD-1"], ObstacleKind.WEATHER, login="xa.tandoan")
    record(people, projects["BQ-1"], ObstacleKind.SITE_CLEARANCE, login="xa.tandoan")
    with pytest.raises(PermissionDenied):
        record(people, projects["BQ-2"], ObstacleKind.OTHER, login="xa.tandoan")


PLANS = {"BQ-1": 1_000_000_000, "BQ-2": 600_000_000, "TD-1": 400_000_000}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(PLANS)), st.sampled_from(ObstacleKind.values), st.booleans()
        ),
        max_size=8,
    )
)
def test_plan_held_is_the_plan_of_the_distinct_projects_still_open(people, projects, rows):
    Obstacle.objects.all().delete()
    for code, kind, cleared in rows:
        obstacle = record(people, projects[code], kind)
        if cleared:
            obstacle_update(
                user=people["tckh"],
                obstacle=obstacle,
                status=ObstacleStatus.CLEARED,
                resolution="Xong.",
                cleared_on=dt.date(2024, 9, 1),
            )
    register = obstacle_register(as_of=dt.date(2024, 9, 30))
    for group in register.groups:
        held = {code for code, kind, cleared in rows if kind == group.key and not cleared}
        assert group.plan_held == sum(PLANS[code] for code in held)
        assert group.projects == len(held)
        assert group.open == sum(
            1 for _c, kind, cleared in rows if kind == group.key and not cleared
        )
        assert group.cleared == sum(
            1 for _c, kind, cleared in rows if kind == group.key and cleared
        )
    still = {code for code, _kind, cleared in rows if not cleared}
    assert register.total.plan_held == sum(PLANS[code] for code in still)


def test_plan_held_reads_the_whole_ledger_past_many_projects(people, projects, monkeypatch):
    record(people, projects["BQ-1"], ObstacleKind.SITE_CLEARANCE)
    record(people, projects["TD-1"], ObstacleKind.SITE_CLEARANCE)
    narrow = obstacle_register(as_of=dt.date(2024, 9, 30)).as_dict()
    monkeypatch.setattr(held, "MANY_IDS", 1)
    assert obstacle_register(as_of=dt.date(2024, 9, 30)).as_dict() == narrow
    assert narrow["total"]["plan_held"] == 1_400_000_000
