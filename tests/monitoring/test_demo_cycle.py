"""The demo district's 2024 cycle: reports mostly on time, some late, one missing, one
returned; obstacles of several kinds with the capital they hold up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import F

from giaingan.demo.district import load_demo
from giaingan.monitoring.agenda import briefing_agenda, overdue_actions
from giaingan.monitoring.models import (
    ActionItem,
    ActionStatus,
    Briefing,
    Obstacle,
    PeriodicReport,
)
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reconcile import unit_reconciliations
from giaingan.monitoring.selectors import obstacle_register, period_status
from giaingan.notifications.models import Notification


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        counts = (PeriodicReport.objects.count(), Obstacle.objects.count())
        load_demo()
        yield counts
        transaction.set_rollback(True)


def statuses(code: str) -> dict[str, str]:
    return {unit.code: unit.status for unit in period_status(period_parse(code)).units}


def test_most_units_report_on_time_some_late_one_missing(demo, db):
    september = statuses("2024-09")
    assert len(september) >= 20
    assert september["XA-TRANNINH"] == "missing"
    assert september["XA-LIENHOI"] == "late"
    assert list(september.values()).count("submitted") == len(september) - 2


def test_a_returned_report_sent_again_and_one_still_waiting(demo, db):
    assert statuses("2024-09")["XA-TANDOAN"] == "submitted"
    assert statuses("2024-10")["XA-HOABINH"] == "returned"


def test_obstacles_of_several_kinds_hold_capital_up(demo, db):
    register = obstacle_register(as_of=dt.date(2024, 10, 31))
    by_kind = {group.key: group for group in register.groups}
    assert by_kind["site_clearance"].open == 2 and by_kind["site_clearance"].plan_held > 0
    assert by_kind["design"].cleared == 1 and by_kind["design"].open == 0
    assert by_kind["contractor"].open == 1
    communes = obstacle_register(as_of=dt.date(2024, 10, 31), by="commune")
    assert {"XA-TANDOAN", "XA-HOABINH"} <= {group.key for group in communes.groups}


def test_loading_again_adds_nothing_and_leaves_inboxes_read(demo, db):
    assert demo == (PeriodicReport.objects.count(), Obstacle.objects.count())
    assert not Notification.objects.filter(
        read_at__isnull=True, subject__contains="kỳ 2024"
    ).exists()


def test_briefings_with_tasks_done_one_late_and_one_overdue(demo, db):
    september = Briefing.objects.get(held_on=dt.date(2024, 9, 30))
    assert Briefing.objects.count() == 2 and september.conclusion
    late = list(overdue_actions(day=dt.date(2024, 11, 1)))
    assert [action.responsible_unit.code for action in late] == ["VQ-BQLDA"]
    assert late[0].obstacle.kind == "contractor" and late[0].briefing == september
    done = ActionItem.objects.filter(status=ActionStatus.DONE)
    assert done.count() == 4
    assert done.filter(done_on__gt=F("due_date")).count() == 2  # two done after the deadline
    agenda = briefing_agenda(september)
    assert agenda.behind_count > 0 and agenda.slowest
    assert "XA-TRANNINH" in {unit.code for unit in agenda.missing}


def test_quarterly_reports_and_a_figure_ahead_of_the_treasury(demo, db):
    quarter = statuses("2024-Q3")
    assert len(quarter) >= 20 and set(quarter.values()) == {"submitted"}
    status = period_status(period_parse("2024-09"))
    differing = {
        unit_id: pair for unit_id, pair in unit_reconciliations(status).items() if pair.differs
    }
    assert [pair.difference for pair in differing.values()] == [85_000_000]
    assert [unit.code for unit in status.units if unit.unit_id in differing] == ["XA-KHANHKHE"]
