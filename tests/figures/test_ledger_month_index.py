"""A project's own figures (its page, an investor's scope) read its `LedgerMonth` rows
through the index that leads with the project, not every project's rows of each period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from giaingan.capital.catalogue import funding_sources_ensure
from giaingan.capital.models import LedgerMonth
from giaingan.figures.selectors import Figures
from tests.conftest import make_project, pay, plan

pytestmark = pytest.mark.django_db


def test_the_index_leads_with_the_project():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, LedgerMonth._meta.db_table)
    index = constraints["ledgermonth_by_project"]
    assert index["index"]
    assert index["columns"][:4] == ["project_id", "plan_year", "span", "month"]


def test_a_projects_figures_read_its_rows_by_the_index(district):
    funding_sources_ensure()
    project = make_project("DA-1", district["board"], district["tandoan"])
    other = make_project("DA-2", district["board"], district["vanan"])
    for each in (project, other):
        plan(each, 1_000_000_000)
        pay(each, 100_000_000, on=dt.date(2024, 3, 1))
    figures = Figures(year=2024, as_of=dt.date(2024, 9, 30), scope=Q(pk=project.pk))
    with CaptureQueriesContext(connection) as queries:
        total = figures.table("project").total
    assert (total.plan, total.disbursed) == (1_000_000_000, 100_000_000)
    read = [query["sql"] for query in queries if "capital_ledgermonth" in query["sql"]]
    assert read
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + read[0])
            plan_text = " ".join(str(row) for row in cursor.fetchall())
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a few test rows: no scan
            cursor.execute("EXPLAIN " + read[0])
            plan_text = " ".join(row[0] for row in cursor.fetchall())
    assert "ledgermonth_by_project" in plan_text
