"""The tables by project and by unit read the projects' sums, names and units in one
statement (`_named_project_query`) and fold units from them: the same tables as the ledger
read row by row, and as the per-project sums folded the older way, with a scope, mid-month
and at a month's end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Q

from giaingan.capital.models import DisbursementTarget, PlanKind
from giaingan.figures.selectors import Figures, Grouping
from tests.conftest import advance, make_project, pay, plan, transfer

D = dt.date
UNIT_GROUPINGS = [Grouping.PROJECT, Grouping.INVESTOR, Grouping.AGENCY, Grouping.COMMUNE]


@pytest.fixture
def ledger(district):
    road = make_project("DA1", district["board"], district["tandoan"], agency=district["committee"])
    school = make_project("DA2", district["board"], district["vanan"])
    hall = make_project("DA3", district["tandoan"], None)
    empty = make_project("DA4", district["vanan"], district["vanan"])  # no plan, no line
    plan(road, 1_000_000_000)
    plan(school, 600_000_000)
    plan(hall, 300_000_000, on=D(2024, 9, 10), kind=PlanKind.SUPPLEMENT)
    # The school's whole plan moved to the road: its row stays, without a rate or a rank.
    transfer([(school, -600_000_000), (road, 600_000_000)], on=D(2024, 7, 15))
    advance(road, 400_000_000, on=D(2024, 3, 1))
    pay(road, 500_000_000, on=D(2024, 8, 20), recovered=100_000_000)
    pay(hall, 100_000_000, on=D(2024, 9, 14))
    DisbursementTarget.objects.create(
        plan_year=2024, due_date=D(2024, 6, 30), share_percent=Decimal("40")
    )
    return {"road": road, "school": school, "hall": hall, "empty": empty}


@pytest.mark.parametrize("as_of", [D(2024, 9, 13), D(2024, 9, 15), D(2024, 9, 30)])
@pytest.mark.parametrize("by", UNIT_GROUPINGS)
def test_named_rows_give_the_ledgers_table(ledger, district, as_of, by):
    for scope in (None, Q(investor=district["board"])):
        months = Figures(year=2024, as_of=as_of, scope=scope)
        reference = Figures(year=2024, as_of=as_of, scope=scope, summary=False)
        assert months.table(by) == reference.table(by)


@pytest.mark.parametrize("by", UNIT_GROUPINGS)
def test_named_rows_give_the_folded_pairs_table(ledger, by):
    direct = Figures(year=2024, as_of=D(2024, 9, 15)).table(by)
    paired = Figures(year=2024, as_of=D(2024, 9, 15))
    paired.pair_sums()  # the older path: the pairs folded into projects and units
    assert direct == paired.table(by)


def test_project_table_names_ranks_and_totals(ledger):
    table = Figures(year=2024, as_of=D(2024, 9, 15)).table(Grouping.PROJECT)
    rows = {row.code: row for row in table.rows}
    assert list(rows) == ["DA1", "DA2", "DA3"]  # by code; DA4 has neither plan nor line
    assert rows["DA1"].name == "Dự án DA1"
    assert (rows["DA1"].plan, rows["DA1"].disbursed) == (1_600_000_000, 800_000_000)
    assert rows["DA1"].outstanding_advance == 300_000_000
    assert rows["DA1"].rate_percent == Decimal("50.00")
    assert rows["DA1"].target_gap_points == Decimal("10.00")
    assert (rows["DA2"].plan, rows["DA2"].rate_percent, rows["DA2"].rank) == (0, None, None)
    assert rows["DA3"].rate_percent == Decimal("33.33")
    assert (rows["DA1"].rank, rows["DA3"].rank) == (1, 2)
    assert (table.total.plan, table.total.disbursed) == (1_900_000_000, 900_000_000)
    assert table.total.rate_percent == Decimal("47.37")


def test_unit_tables_have_the_projects_total_and_the_unknown_unit_last(ledger, district):
    figures = Figures(year=2024, as_of=D(2024, 9, 30))
    projects = figures.table(Grouping.PROJECT)
    agencies = figures.table(Grouping.AGENCY)
    assert agencies.total == projects.total
    assert [row.code for row in agencies.rows] == [district["committee"].code, ""]
    assert agencies.rows[-1].name == "Chưa xác định cơ quan chủ quản"
    assert agencies.rows[-1].plan == 300_000_000  # DA2 (plan moved away) and DA3
    communes = figures.table(Grouping.COMMUNE)
    assert communes.rows[-1].name == "Chưa xác định địa bàn"  # DA3 has no main commune


def test_a_scope_of_no_project_has_an_empty_table(ledger):
    table = Figures(year=2024, as_of=D(2024, 9, 30), scope=Q(pk__in=[])).table("investor")
    assert table.rows == []
    assert (table.total.plan, table.total.disbursed, table.total.rate_percent) == (0, 0, None)
