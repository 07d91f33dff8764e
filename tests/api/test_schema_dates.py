"""The schema says which date forms `as_of` takes, and the API takes each form it names."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_project, pay, plan

pytestmark = pytest.mark.django_db

# 30/09/2024 in each form `giaingan.lib.dates.parse_date` reads.
FORMS = {
    "dd/mm/yyyy": "30/09/2024",
    "dd-mm-yyyy": "30-09-2024",
    "dd.mm.yyyy": "30.09.2024",
    "yyyy-mm-dd": "2024-09-30",
}


def as_of_parameters(schema: dict) -> dict[str, dict]:
    return {
        path: parameter
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "as_of"
    }


def test_the_schema_names_every_form_of_as_of(api_for):
    response = api_for("tckh").get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    found = as_of_parameters(response.json())
    assert set(found) == {"/api/v1/figures/", "/api/v1/movements/{code}/evaluation/"}
    for path, parameter in found.items():
        assert parameter["required"] is True, path
        for form in FORMS:
            assert form in parameter["description"], (path, form)


def test_the_api_takes_each_form_the_schema_names(api_for, district):
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000_000_000)
    pay(road, 250_000_000, on=dt.date(2024, 9, 30))
    api = api_for("tckh")
    answers = {
        form: api.get("/api/v1/figures/", {"year": 2024, "as_of": text})
        for form, text in FORMS.items()
    }
    assert {form: answer.status_code for form, answer in answers.items()} == dict.fromkeys(
        FORMS, 200
    )
    bodies = [answer.json() for answer in answers.values()]
    assert all(body == bodies[0] for body in bodies)
    assert bodies[0]["as_of"] == "2024-09-30" and bodies[0]["total"]["disbursed"] == 250_000_000
