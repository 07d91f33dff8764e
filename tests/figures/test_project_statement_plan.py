"""The table of every project (a nation's report) is one statement that PostgreSQL runs in
project order: each piece of `LedgerMonth` read by its key in project order, the ledger's
days sorted, merged (Merge Append), summed as they come (GroupAggregate, no hash table of
10^5 groups) and joined to the projects in the same order (Merge Join); the same figures as
the ledger read row by row (tests/figures/test_named_project_rows.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giaingan.figures.selectors import MERGING_SETTINGS, Figures, summing_cursor
from tests.conftest import advance, make_project, pay, plan

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("as_of", [D(2024, 9, 15), D(2024, 9, 30)])
def test_every_projects_statement_is_merged_in_project_order(district, as_of):
    road = make_project("DA1", district["board"], district["tandoan"])
    school = make_project("DA2", district["board"], district["vanan"])
    plan(road, 1_000_000_000, on=D(2023, 12, 20))  # a year row before the plan year
    plan(school, 600_000_000)
    advance(road, 400_000_000, on=D(2024, 3, 1))
    pay(road, 500_000_000, on=D(2024, 8, 20), recovered=100_000_000)
    pay(school, 100_000_000, on=D(2024, 9, 14))  # mid-month: a day read from the ledger
    figures = Figures(year=2024, as_of=as_of)
    with CaptureQueriesContext(connection) as queries:
        table = figures.table("project")
    assert [(row.code, row.plan, row.disbursed) for row in table.rows] == [
        ("DA1", 1_000_000_000, 800_000_000),
        ("DA2", 600_000_000, 100_000_000),
    ]
    if connection.vendor != "postgresql":
        return  # SQLite has one way to run it
    (statement,) = [query["sql"] for query in queries if "LEFT JOIN" in query["sql"]]
    with summing_cursor(connection, MERGING_SETTINGS) as cursor:
        cursor.execute("EXPLAIN " + statement)
        shape = "\n".join(row[0] for row in cursor.fetchall())
    assert "Merge Append" in shape
    assert "GroupAggregate" in shape
    assert "Merge Left Join" in shape or "Merge Right Join" in shape
    assert "HashAggregate" not in shape
    assert "Hash Join" not in shape
