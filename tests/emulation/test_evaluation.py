"""A movement's participants judged from the ledger's own figures."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from giaingan.capital.models import DisbursementTarget, PlanKind
from giaingan.emulation.evaluation import movement_evaluate
from giaingan.emulation.models import Category, Movement, RestrictionKind, UnitRestriction
from giaingan.emulation.services import movement_register
from giaingan.figures.selectors import disbursement_table
from giaingan.lib.problems import InvalidInput
from tests.conftest import make_project, pay, plan, transfer

D = dt.date
DEADLINE = D(2025, 1, 31)


@pytest.fixture
def movement(district):
    movement = Movement.objects.create(
        code="DTC-2024",
        name="Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        plan_year=2024,
        starts_on=D(2024, 4, 15),
        ends_on=DEADLINE,
    )
    for unit, category in [
        (district["board"], Category.INVESTOR),
        (district["tandoan"], Category.COMMUNE),
    ]:
        movement_register(
            movement=movement, unit=unit, category=category, registered_on=D(2024, 4, 20)
        )
    return movement


def judged(movement, as_of=DEADLINE):
    return {evaluation.code: evaluation for evaluation in movement_evaluate(movement, as_of)}


def met(evaluation):
    return {criterion.key: criterion.met for criterion in evaluation.criteria}


def test_full_plan_reached_before_the_deadline_is_proposed_for_an_award(movement, district):
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000)
    pay(road, 1_000, on=D(2024, 11, 20))
    board = judged(movement)["BQLDA"]
    assert (board.plan, board.disbursed, board.completion_date) == (1_000, 1_000, D(2024, 11, 20))
    assert met(board) == {
        "disbursed_full_plan": True,
        "finished_before_deadline": True,
        "targets_met": True,
        "eligible": True,
    }
    assert board.proposal == "award"


def test_reaching_the_plan_on_the_deadline_day_is_not_before_it(movement, district):
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000)
    pay(road, 400, on=D(2024, 12, 1))
    pay(road, 600, on=DEADLINE)
    board = judged(movement)["BQLDA"]
    assert met(board)["disbursed_full_plan"] is True
    assert met(board)["finished_before_deadline"] is False
    assert board.proposal == "none"


def test_a_supplement_after_reaching_the_plan_takes_it_below(movement, district):
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000)
    pay(road, 1_000, on=D(2024, 9, 1))
    plan(road, 500, on=D(2024, 10, 1), kind=PlanKind.SUPPLEMENT)
    board = judged(movement)["BQLDA"]
    assert (board.plan, str(board.rate_percent), board.completion_date) == (1_500, "66.67", None)
    assert board.proposal == "review"


def test_a_transfer_out_counts(movement, district):
    slow = make_project("DA1", district["board"], district["tandoan"])
    fast = make_project("DA2", district["tandoan"], district["tandoan"])
    plan(slow, 1_000)
    plan(fast, 1_000)
    pay(slow, 600, on=D(2024, 9, 1))
    transfer([(slow, -400), (fast, 400)], on=D(2024, 10, 15))
    board = judged(movement)["BQLDA"]
    assert (board.plan, board.disbursed) == (600, 600)
    # The plan in force was 1.000 until the transfer out brought it to the 600 paid: the
    # unit completed on the transfer's day, not on the day of the payments.
    assert board.completion_date == D(2024, 10, 15)
    assert met(board)["finished_before_deadline"] is True


def test_the_review_list_follows_the_dashboard_figures(movement, district):
    road = make_project("DA1", district["board"], district["tandoan"])
    hall = make_project("DA2", district["tandoan"], district["tandoan"])
    plan(road, 1_000)
    plan(hall, 1_000)
    pay(road, 999, on=D(2024, 12, 30))
    pay(hall, 1_000, on=D(2024, 12, 30))
    evaluations = judged(movement)
    dashboard = {
        row.code: row for row in disbursement_table(year=2024, as_of=DEADLINE, by="investor").rows
    }
    for code, evaluation in evaluations.items():
        assert (evaluation.plan, evaluation.disbursed, evaluation.rate_percent) == (
            dashboard[code].plan,
            dashboard[code].disbursed,
            dashboard[code].rate_percent,
        )
    assert evaluations["BQLDA"].proposal == "review"
    assert evaluations["XA-TD"].proposal == "award"


def test_a_missed_target_by_date_blocks_the_award(movement, district):
    DisbursementTarget.objects.create(plan_year=2024, due_date=D(2024, 6, 30), share_percent=40)
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000)
    pay(road, 300, on=D(2024, 6, 1))
    pay(road, 700, on=D(2024, 12, 1))
    board = judged(movement)["BQLDA"]
    assert met(board)["targets_met"] is False
    assert "30/06/2024" in next(c.evidence for c in board.criteria if c.key == "targets_met")
    assert board.proposal == "none"


def test_a_unit_under_inspection_cannot_be_proposed(movement, district):
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000)
    pay(road, 1_000, on=D(2024, 11, 20))
    UnitRestriction.objects.create(
        unit=district["board"], kind=RestrictionKind.INSPECTION, since=D(2025, 1, 10)
    )
    board = judged(movement)["BQLDA"]
    assert met(board)["eligible"] is False
    assert board.proposal == "none"
    assert judged(movement, as_of=D(2025, 1, 9))["BQLDA"].proposal == "award"


def test_a_participant_without_plan_has_nothing_to_judge(movement, district):
    commune = judged(movement)["XA-TD"]
    assert commune.plan == 0 and commune.proposal == "none"
    assert met(commune)["disbursed_full_plan"] is None


def test_money_after_the_deadline_does_not_count(movement, district):
    movement.deadline = D(2024, 12, 31)
    movement.save()
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000)
    pay(road, 1_000, on=D(2025, 1, 15))
    board = judged(movement)["BQLDA"]
    assert board.disbursed == 0 and board.proposal == "review"


def test_registration_is_once_and_within_the_movement(movement, district):
    with pytest.raises(InvalidInput):
        movement_register(
            movement=movement,
            unit=district["board"],
            category=Category.INVESTOR,
            registered_on=D(2024, 5, 1),
        )
    with pytest.raises(InvalidInput):
        movement_register(
            movement=movement,
            unit=district["vanan"],
            category=Category.COMMUNE,
            registered_on=D(2025, 3, 1),
        )


def test_the_command_prints_the_formats_json(movement, district):
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000)
    pay(road, 1_000, on=D(2024, 11, 20))
    out = io.StringIO()
    call_command("movement", "evaluate", "DTC-2024", "--as-of", "31/01/2025", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["movement"], data["as_of"]) == ("DTC-2024", "2025-01-31")
    board = next(p for p in data["participants"] if p["code"] == "BQLDA")
    assert set(board) == {
        "code",
        "name",
        "category",
        "plan",
        "disbursed",
        "rate_percent",
        "completion_date",
        "criteria",
        "proposal",
    }
    assert (board["rate_percent"], board["completion_date"], board["proposal"]) == (
        100.0,
        "2024-11-20",
        "award",
    )
    assert {"key", "met", "evidence"} == set(board["criteria"][0])
    csv_out = io.StringIO()
    call_command(
        "movement",
        "evaluate",
        "DTC-2024",
        "--as-of",
        "2025-01-31",
        "--format",
        "csv",
        stdout=csv_out,
    )
    header, *rows = csv_out.getvalue().splitlines()
    assert header.startswith("code,name,category,plan,disbursed,rate_percent,completion_date")
    assert header.endswith(",proposal") and len(rows) == 2
