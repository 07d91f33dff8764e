"""The month's cycle on the dashboard and on a project's page, within the user's scope and
as of the page's date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from giaingan.monitoring.briefings import action_complete
from giaingan.monitoring.models import ObstacleKind
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record
from giaingan.monitoring.panels import cycle_panel
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reports import report_open, report_transition
from tests.monitoring.test_briefings import assign, hold

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("web:dashboard") + "?year=2024&as_of=20/10/2024"


@pytest.fixture
def cycle(people, district, projects):
    report = report_open(
        user=people["xa.tandoan"],
        unit=district["tandoan"],
        period=period_parse("2024-09"),
        project=projects["TD-1"],
    )
    report_transition(user=people["xa.tandoan"], report=report, to_status="submitted")
    obstacle = obstacle_record(
        user=people["tckh"],
        data=ObstacleInput(
            project=projects["BQ-2"],
            kind=ObstacleKind.SITE_CLEARANCE,
            description="Còn 5 hộ chưa bàn giao mặt bằng.",
            responsible_unit=district["vanan"],
            opened_on=dt.date(2024, 7, 1),
            due_date=dt.date(2024, 8, 31),
        ),
    )
    briefing = hold(people)
    late = assign(people, briefing, district["board"], due=dt.date(2024, 10, 15), obstacle=obstacle)
    closed = assign(people, briefing, district["tandoan"], due=dt.date(2024, 10, 10))
    action_complete(
        user=people["xa.tandoan"], action=closed, done_on=dt.date(2024, 10, 25), note="Xong."
    )
    return {"report": report, "obstacle": obstacle, "late": late, "closed": closed}


def test_the_panel_as_of_a_date(people, cycle):
    panel = cycle_panel(user=people["tckh"], as_of=dt.date(2024, 10, 20))
    assert panel.period == period_parse("2024-09")
    # Tân Đoàn sent its report late (today, after 25/09/2024); the board sent nothing.
    assert {unit.code: unit.status for unit in panel.waiting} == {
        "BQLDA": "missing",
        "XA-TD": "late",
    }
    assert [(group.key, group.open, group.plan_held) for group in panel.kinds] == [
        ("site_clearance", 1, 600_000_000)
    ]
    assert panel.obstacles_overdue == 1
    # On 20/10 both tasks are open (one is done on 25/10), both past their deadline.
    assert panel.actions_open == 2
    assert set(panel.actions_overdue) == {cycle["late"], cycle["closed"]}
    after = cycle_panel(user=people["tckh"], as_of=dt.date(2024, 10, 31))
    assert after.actions_overdue == [cycle["late"]] and after.actions_open == 1
    before = cycle_panel(user=people["tckh"], as_of=dt.date(2024, 9, 29))
    assert before.actions_open == 0  # the briefing was not held yet


def test_a_unit_sees_its_own_part(people, cycle):
    board = cycle_panel(user=people["bqlda"], as_of=dt.date(2024, 10, 20))
    assert [unit.code for unit in board.waiting] == ["BQLDA"]
    assert board.actions_overdue == [cycle["late"]]
    assert [group.key for group in board.kinds] == ["site_clearance"]  # BQ-2 is its project
    commune = cycle_panel(user=people["xa.tandoan"], as_of=dt.date(2024, 10, 20))
    assert [unit.code for unit in commune.waiting] == ["XA-TD"]
    assert commune.kinds == [] and commune.actions_overdue == [cycle["closed"]]


@pytest.mark.parametrize("name", ["chutich", "tckh", "xem", "bqlda"])
def test_the_dashboard_shows_the_cycle(client_for, cycle, name):
    page = client_for(name).get(DASHBOARD).text
    assert 'data-testid="cycle-panel"' in page
    assert 'data-group="site_clearance"' in page
    assert "Còn 5 hộ" not in page  # the panel counts; the register lists
    assert 'data-testid="actions-overdue">' in page


def test_the_project_page_shows_its_reports_obstacles_and_tasks(client_for, cycle, projects):
    page = client_for("tckh").get(reverse("web:project", args=["BQ-2"])).text
    assert 'data-testid="project-cycle"' in page
    assert "Còn 5 hộ chưa bàn giao mặt bằng." in page
    assert f'data-action="{cycle["late"].pk}"' in page and "Quá hạn" in page
    td = client_for("xa.tandoan").get(reverse("web:project", args=["TD-1"])).text
    assert reverse("monitoring:report", args=[cycle["report"].pk]) in td
    assert f'data-action="{cycle["late"].pk}"' not in td
