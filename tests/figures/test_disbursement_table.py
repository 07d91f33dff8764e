from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from giaingan.capital.models import DisbursementTarget, PlanKind
from giaingan.figures.selectors import disbursement_table
from tests.conftest import advance, make_project, pay, plan, transfer

D = dt.date


@pytest.fixture
def projects(district):
    return {
        "road": make_project("DA1", district["board"], district["tandoan"]),
        "school": make_project("DA2", district["board"], district["vanan"]),
        "hall": make_project("DA3", district["tandoan"], district["tandoan"]),
    }


def rows_by_code(table):
    return {row.code: row for row in table.rows}


def test_plan_counts_decisions_up_to_the_date(projects):
    plan(projects["road"], 1_000_000_000, on=D(2023, 12, 22))
    plan(projects["road"], 500_000_000, on=D(2024, 7, 1), kind=PlanKind.SUPPLEMENT)
    before = disbursement_table(year=2024, as_of=D(2024, 6, 30))
    after = disbursement_table(year=2024, as_of=D(2024, 7, 1))
    assert rows_by_code(before)["DA1"].plan == 1_000_000_000
    assert rows_by_code(after)["DA1"].plan == 1_500_000_000


def test_disbursed_counts_each_dong_once(projects):
    plan(projects["road"], 1_000_000_000)
    advance(projects["road"], 300_000_000, on=D(2024, 3, 1))
    pay(projects["road"], 500_000_000, on=D(2024, 9, 1), recovered=200_000_000)
    row = rows_by_code(disbursement_table(year=2024, as_of=D(2024, 12, 31)))["DA1"]
    assert row.disbursed == 600_000_000  # 300 advanced + (500 - 200 recovered)
    assert row.outstanding_advance == 100_000_000
    assert row.rate_percent == Decimal("60.00")


def test_a_reversal_takes_money_back(projects):
    plan(projects["road"], 1_000_000_000)
    pay(projects["road"], 400_000_000, on=D(2024, 5, 1), number="KB-1")
    pay(projects["road"], -100_000_000, on=D(2024, 5, 20), number="KB-1-DC", reverses="KB-1")
    assert (
        rows_by_code(disbursement_table(year=2024, as_of=D(2024, 5, 19)))["DA1"].disbursed
        == 400_000_000
    )
    assert (
        rows_by_code(disbursement_table(year=2024, as_of=D(2024, 5, 20)))["DA1"].disbursed
        == 300_000_000
    )


def test_a_january_line_counts_for_the_previous_plan_year(projects):
    plan(projects["road"], 1_000_000_000)
    pay(projects["road"], 1_000_000_000, on=D(2025, 1, 31))
    assert disbursement_table(year=2024, as_of=D(2024, 12, 31)).total.disbursed == 0
    final = disbursement_table(year=2024, as_of=D(2025, 1, 31))
    assert final.total.rate_percent == Decimal("100.00")
    assert disbursement_table(year=2025, as_of=D(2025, 1, 31)).rows == []


def test_a_transfer_moves_plan_between_projects(projects):
    plan(projects["road"], 1_000_000_000)
    plan(projects["school"], 500_000_000)
    transfer(
        [(projects["road"], -300_000_000), (projects["school"], 300_000_000)], on=D(2024, 10, 15)
    )
    rows = rows_by_code(disbursement_table(year=2024, as_of=D(2024, 10, 15)))
    assert (rows["DA1"].plan, rows["DA2"].plan) == (700_000_000, 800_000_000)


def test_a_plan_transferred_away_to_zero_has_no_rate_or_rank(projects):
    plan(projects["road"], 300_000_000)
    plan(projects["school"], 500_000_000)
    transfer(
        [(projects["road"], -300_000_000), (projects["school"], 300_000_000)], on=D(2024, 10, 15)
    )
    row = rows_by_code(disbursement_table(year=2024, as_of=D(2024, 12, 31)))["DA1"]
    assert (row.plan, row.rate_percent, row.rank) == (0, None, None)
    assert row.as_dict()["rate_percent"] is None


def test_equal_rates_share_a_rank_and_the_next_rank_skips(projects, district):
    extra = make_project("DA4", district["tandoan"], district["vanan"])
    for project, paid in [
        (projects["road"], 50),
        (projects["school"], 80),
        (projects["hall"], 80),
        (extra, 10),
    ]:
        plan(project, 100)
        pay(project, paid, on=D(2024, 6, 1))
    ranks = {
        row.code: row.rank for row in disbursement_table(year=2024, as_of=D(2024, 12, 31)).rows
    }
    assert ranks == {"DA2": 1, "DA3": 1, "DA1": 3, "DA4": 4}


def test_rates_round_half_up_to_two_places(projects):
    plan(projects["road"], 8_000)
    pay(projects["road"], 1, on=D(2024, 6, 1))  # 0.0125 %
    assert disbursement_table(year=2024, as_of=D(2024, 12, 31)).total.rate_percent == Decimal(
        "0.01"
    )
    plan(projects["school"], 800)
    pay(projects["school"], 1, on=D(2024, 6, 1))  # 0.125 % -> 0.13
    row = rows_by_code(disbursement_table(year=2024, as_of=D(2024, 12, 31)))["DA2"]
    assert row.rate_percent == Decimal("0.13")


def test_it_groups_by_investor_agency_commune_and_source(projects, district):
    projects["road"].agency = district["committee"]
    projects["road"].save()
    plan(projects["road"], 1_000, source_code="NSTW")
    plan(projects["school"], 2_000)
    plan(projects["hall"], 4_000)
    pay(projects["hall"], 1_000, on=D(2024, 6, 1))
    as_of = D(2024, 12, 31)
    by_investor = {
        r.code: r.plan for r in disbursement_table(year=2024, as_of=as_of, by="investor").rows
    }
    assert by_investor == {"BQLDA": 3_000, "XA-TD": 4_000}
    by_commune = {
        r.code: r.plan for r in disbursement_table(year=2024, as_of=as_of, by="commune").rows
    }
    assert by_commune == {"XA-TD": 5_000, "XA-VA": 2_000}
    by_source = {
        r.code: r.plan for r in disbursement_table(year=2024, as_of=as_of, by="source").rows
    }
    assert by_source == {"NSTW": 1_000, "NSDP-HUYEN": 6_000}
    by_agency = disbursement_table(year=2024, as_of=as_of, by="agency").rows
    assert {(r.code, r.name, r.plan) for r in by_agency} == {
        ("UBND", "UBND huyện Văn Quan", 1_000),
        ("", "Chưa xác định cơ quan chủ quản", 6_000),
    }


def test_carry_over_counts_only_on_its_base(projects):
    plan(projects["road"], 1_000_000_000, year=2023, on=D(2022, 12, 20))
    pay(projects["road"], 600_000_000, year=2023, on=D(2023, 12, 1))
    plan(projects["road"], 400_000_000, year=2023, kind=PlanKind.CARRY_OVER, on=D(2024, 1, 25))
    pay(projects["road"], 100_000_000, year=2023, on=D(2024, 1, 20))  # still the 2023 window
    pay(projects["road"], 300_000_000, year=2023, on=D(2024, 3, 1))  # the extension period
    plan(projects["road"], 2_000_000_000, year=2024)
    pay(projects["road"], 500_000_000, year=2024, on=D(2024, 3, 1))
    as_of = D(2024, 12, 31)
    assigned = disbursement_table(year=2024, as_of=as_of).total
    carried = disbursement_table(year=2024, as_of=as_of, base="with_carryover").total
    assert (assigned.plan, assigned.disbursed) == (2_000_000_000, 500_000_000)
    assert (carried.plan, carried.disbursed) == (2_400_000_000, 800_000_000)
    early = disbursement_table(year=2024, as_of=D(2024, 1, 24), base="with_carryover").total
    assert (early.plan, early.disbursed) == (2_000_000_000, 0)


def test_the_total_is_the_sum_of_the_rows(projects):
    plan(projects["road"], 1_000)
    plan(projects["hall"], 3_000)
    pay(projects["hall"], 1_500, on=D(2024, 6, 1))
    table = disbursement_table(year=2024, as_of=D(2024, 12, 31), by="investor")
    assert (table.total.plan, table.total.disbursed, table.total.rate_percent) == (
        4_000,
        1_500,
        Decimal("37.50"),
    )


def test_the_target_due_and_the_gap(projects):
    for due, share in [(D(2024, 3, 31), 15), (D(2024, 6, 30), 40), (D(2024, 9, 30), 60)]:
        DisbursementTarget.objects.create(plan_year=2024, due_date=due, share_percent=share)
    plan(projects["road"], 1_000)
    pay(projects["road"], 450, on=D(2024, 7, 1))
    table = disbursement_table(year=2024, as_of=D(2024, 7, 15))
    assert table.target.due_date == D(2024, 6, 30)
    assert table.next_target.due_date == D(2024, 9, 30)
    assert table.total.target_gap_points == Decimal("5.00")
    assert disbursement_table(year=2024, as_of=D(2024, 3, 30)).target is None


def test_scope_narrows_to_some_projects(projects, district):
    from django.db.models import Q

    plan(projects["road"], 1_000)
    plan(projects["hall"], 3_000)
    table = disbursement_table(
        year=2024, as_of=D(2024, 12, 31), scope=Q(investor=district["tandoan"])
    )
    assert [row.code for row in table.rows] == ["DA3"]


def test_json_shape_follows_formats(projects):
    plan(projects["road"], 1_000)
    pay(projects["road"], 333, on=D(2024, 6, 1))
    data = disbursement_table(year=2024, as_of=D(2024, 12, 31)).as_dict()
    assert set(data) >= {"year", "as_of", "base", "by", "rows", "total"}
    assert data["rows"][0] == {
        "code": "DA1",
        "name": "Dự án DA1",
        "plan": 1_000,
        "disbursed": 333,
        "outstanding_advance": 0,
        "rate_percent": 33.3,
        "rank": 1,
    }
    assert data["as_of"] == "2024-12-31"


def test_an_advance_of_last_year_stays_outstanding_on_the_carry_over_base(projects):
    plan(projects["road"], 1_000, year=2023, on=D(2022, 12, 20))
    plan(projects["road"], 500, year=2023, kind=PlanKind.CARRY_OVER, on=D(2024, 1, 25))
    advance(projects["road"], 300, year=2023, on=D(2023, 11, 1))
    pay(projects["road"], 400, year=2023, on=D(2024, 3, 1), recovered=200)
    table = disbursement_table(year=2024, as_of=D(2024, 12, 31), base="with_carryover")
    assert (table.total.disbursed, table.total.outstanding_advance) == (200, 100)
