"""GET /api/v1/figures/ answers what `giaingan report disbursement --format json` prints."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.figures.selectors import Base, Grouping
from tests.conftest import advance, make_project, pay, plan, transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(district):
    road = make_project("DA1", district["board"], district["vanan"], agency=district["committee"])
    hall = make_project("DA2", district["tandoan"], district["tandoan"])
    empty = make_project("DA3", district["board"])
    plan(road, 1_000_000_000)
    plan(hall, 300_000_000, source_code="NSTW")
    plan(empty, 200_000_000)
    plan(road, 80_000_000, year=2023, on=dt.date(2023, 1, 5))
    plan(road, 50_000_000, year=2023, kind="keo_dai", on=dt.date(2024, 1, 20))
    advance(road, 100_000_000, on=dt.date(2024, 3, 1))
    pay(road, 300_000_000, recovered=50_000_000, on=dt.date(2024, 6, 1))
    pay(hall, 299_999_999, on=dt.date(2024, 9, 30), source_code="NSTW")
    pay(road, 20_000_000, on=dt.date(2024, 2, 15), year=2023)
    transfer([(empty, -200_000_000), (road, 200_000_000)], on=dt.date(2024, 9, 1))


def command_json(**options) -> dict:
    out = io.StringIO()
    arguments = ["report", "disbursement", "--format", "json"]
    for name, value in options.items():
        arguments += [f"--{name.replace('_', '-')}", str(value)]
    call_command(*arguments, stdout=out)
    return json.loads(out.getvalue())


def test_the_contract_example_answers_the_commands_json(api_for, ledger):
    answer = api_for("tckh").get(
        "/api/v1/figures/?year=2024&as_of=2024-09-30&by=investor&base=assigned"
    )
    assert answer.status_code == 200
    expected = command_json(year=2024, as_of="2024-09-30", by="investor", base="assigned")
    assert answer.json() == expected
    assert [row["code"] for row in expected["rows"]] == ["BQLDA", "XA-TD"]
    assert set(expected["total"]) == {
        "code",
        "name",
        "plan",
        "disbursed",
        "outstanding_advance",
        "rate_percent",
    }


@pytest.mark.parametrize("by", [grouping.value for grouping in Grouping])
@pytest.mark.parametrize("base", [base.value for base in Base])
@pytest.mark.parametrize("as_of", ["2024-06-30", "2024-09-30", "2025-01-31", "2025-05-15"])
def test_every_grouping_base_and_date_answers_the_commands_json(api_for, ledger, by, base, as_of):
    answer = api_for("chutich").get(f"/api/v1/figures/?year=2024&as_of={as_of}&by={by}&base={base}")
    assert answer.json() == command_json(year=2024, as_of=as_of, by=by, base=base)


def test_a_date_as_officials_write_it_is_read_too(api_for, ledger):
    api = api_for("tckh")
    iso = api.get("/api/v1/figures/?year=2024&as_of=2024-09-30").json()
    vietnamese = api.get("/api/v1/figures/?year=2024&as_of=30/09/2024").json()
    assert iso == vietnamese and iso["by"] == "project" and iso["base"] == "assigned"


def test_an_investor_gets_its_own_projects_figures_only(api_for, ledger):
    rows = api_for("bqlda").get("/api/v1/figures/?year=2024&as_of=2024-09-30").json()["rows"]
    assert [row["code"] for row in rows] == ["DA1", "DA3"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("as_of=2024-09-30", "year", "Thiếu tham số này."),
        ("year=2024", "as_of", "Thiếu tham số này."),
        ("year=hai&as_of=2024-09-30", "year", "Năm phải là một số nguyên, ví dụ 2024."),
        ("year=2024&as_of=31/02/2024", "as_of", ""),
        ("year=2024&as_of=2024-09-30&by=tinh", "by", "«tinh» không phải một cách nhóm"),
        ("year=2024&as_of=2024-09-30&base=x", "base", "«x» không phải một cơ sở tính"),
    ],
)
def test_a_bad_parameter_is_named_in_vietnamese(api_for, ledger, query, field, message):
    answer = api_for("tckh").get(f"/api/v1/figures/?{query}")
    assert answer.status_code == 400
    errors = answer.json()
    assert list(errors) == [field]
    assert errors[field][0].startswith(message) and errors[field][0]


@pytest.fixture
def three_projects(district):
    projects = [
        make_project("H1", district["board"], district["vanan"]),
        make_project("H2", district["tandoan"], district["tandoan"], agency=district["committee"]),
        make_project("H3", district["board"], district["tandoan"]),
    ]
    for project in projects:
        plan(project, 10**12)
    return projects


DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 1, 31))


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payments=st.lists(
        st.tuples(st.integers(0, 2), st.integers(1, 10**9), DAYS, st.booleans()), max_size=5
    ),
    as_of=DAYS,
    by=st.sampled_from([grouping.value for grouping in Grouping]),
    base=st.sampled_from([base.value for base in Base]),
)
def test_any_ledger_answers_as_the_command_does(api_for, three_projects, payments, as_of, by, base):
    for index, amount, day, is_advance in payments:
        (advance if is_advance else pay)(three_projects[index], amount, on=day)
    answer = api_for("tckh").get(
        f"/api/v1/figures/?year=2024&as_of={as_of:%d/%m/%Y}&by={by}&base={base}"
    )
    assert answer.json() == command_json(year=2024, as_of=as_of.isoformat(), by=by, base=base)
