"""One read of the project catalogue per page's figures, shared by the tables and the
forecast; the tables grouped by unit fold each project under the unit it names."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giaingan.capital.models import Project
from giaingan.figures import catalogue
from giaingan.figures.forecast import project_forecast
from giaingan.figures.selectors import Figures
from tests.conftest import make_project, pay, plan

D = dt.date
PROJECT_TABLE = Project._meta.db_table


@pytest.fixture
def projects(district):
    found = [
        make_project("DA1", district["board"], district["tandoan"], is_key=True),
        make_project("DA2", district["board"], district["vanan"], agency=district["committee"]),
        make_project("DA3", district["tandoan"], None),
        make_project("DA4", district["vanan"], district["tandoan"]),
    ]
    for number, project in enumerate(found, start=1):
        plan(project, 1_000_000_000 * number)
        pay(project, 100_000_000 * number, on=D(2024, 5, 1), number=f"KB-{number}")
    make_project("DA5", district["board"])  # no figures: not in the tables
    return found


@pytest.mark.parametrize("whole_table", [False, True])
def test_the_catalogue_holds_each_projects_fields(projects, monkeypatch, whole_table):
    if whole_table:
        monkeypatch.setattr(catalogue, "MANY_IDS", 0)
    ids = [project.pk for project in projects]
    found = catalogue.project_catalogue(ids)
    expected = {
        pk: (code, name, is_key, investor, agency, commune)
        for pk, code, name, is_key, investor, agency, commune in Project.objects.filter(
            pk__in=ids if not whole_table else Project.objects.values("pk")
        ).values_list("id", "code", "name", "is_key", "investor_id", "agency_id", "main_commune_id")
    }
    assert {pk: tuple(entry) for pk, entry in found.items()} == expected
    assert found[projects[0].pk].is_key is True
    assert (len(found) == 5) is whole_table


@pytest.mark.parametrize("by", ["project", "investor", "agency", "commune"])
def test_unit_tables_fold_projects_under_the_unit_they_name(projects, by):
    table = Figures(year=2024, as_of=D(2024, 12, 31)).table(by)
    attribute = {"project": "id", "investor": "investor_id", "agency": "agency_id"}.get(
        by, "main_commune_id"
    )
    expected: dict = defaultdict(lambda: [0, 0])
    for project in projects:
        key = getattr(project, attribute)
        expected[key][0] += 1_000_000_000 * int(project.code[2:])
        expected[key][1] += 100_000_000 * int(project.code[2:])
    assert {row.key: [row.plan, row.disbursed] for row in table.rows} == dict(expected)
    if by == "project":
        assert {row.key: (row.code, row.name) for row in table.rows} == {
            project.pk: (project.code, project.name) for project in projects
        }


def test_a_pages_tables_and_forecast_read_the_project_table_once(projects):
    figures = Figures(year=2024, as_of=D(2024, 9, 30))
    with CaptureQueriesContext(connection) as queries:
        forecast = project_forecast(
            year=2024, as_of=D(2024, 9, 30), accepted_unpaid={}, figures=figures
        )
        for by in ("project", "investor", "commune", "agency"):
            figures.table(by)
    reads = [
        query["sql"]
        for query in queries.captured_queries
        if f'FROM "{PROJECT_TABLE}"' in query["sql"]
    ]
    assert len(reads) == 1, reads
    assert {row.code: (row.name, row.is_key) for row in forecast.projects} == {
        project.code: (project.name, project.is_key) for project in projects
    }
