"""Whoever may bring a kind of ledger record in by file may type it into its form, and
nobody else: the importer and the entry form are two doors of one permission."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.capital.entry_helpers import LINE_NEW, PLAN_NEW
from tests.conftest import ROLE_LOGINS

ROLES = [*ROLE_LOGINS, "admin"]
# (import kind, form address, who may use both)
DOORS = [
    ("treasury", LINE_NEW, {"tckh", "khobac", "admin"}),
    ("plan", PLAN_NEW, {"tckh", "admin"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("kind", "form", "writers"), DOORS)
def test_the_import_and_the_form_open_for_the_same_roles(client_for, role, kind, form, writers):
    client = client_for(role)
    expected = 200 if role in writers else 403
    assert client.get(reverse("imports:upload", args=[kind])).status_code == expected
    assert client.get(form).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_rules_pair_every_import_with_its_form(people, role):
    user = people[role]
    pairs = [
        ("imports.import_treasury", "capital.add_treasury_line"),
        ("imports.import_plan", "capital.add_plan_decision"),
    ]
    for imported, typed in pairs:
        assert user.has_perm(imported) == user.has_perm(typed), (role, imported, typed)


def test_finance_planning_reaches_the_treasury_line_form_from_its_menu(client_for):
    page = client_for("tckh").get("/").content.decode()
    assert f'href="{LINE_NEW}"' in page
