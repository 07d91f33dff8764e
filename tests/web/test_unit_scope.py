"""A unit's own figures are the projects it is the investor of; a commune sees the projects
built on its land apart, named so: one rule, on every page and export."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from giaingan.capital.models import Project
from giaingan.org.rules import located_project_scope, own_project_scope, project_scope
from tests.conftest import ROLE_LOGINS, make_project, plan

YEAR = {"year": 2024, "as_of": "31/12/2024"}
ROLES = [*ROLE_LOGINS, "admin"]


@pytest.fixture
def projects(district):
    """Tân Đoàn invests in DA-XA (1 million); the board builds DA-TD (2 million) on Tân
    Đoàn's land and DA-BQL (4 million) in Văn An."""
    made = {
        "DA-XA": make_project("DA-XA", district["tandoan"], district["tandoan"]),
        "DA-TD": make_project("DA-TD", district["board"], district["tandoan"]),
        "DA-BQL": make_project("DA-BQL", district["board"], district["vanan"]),
    }
    for code, amount in [("DA-XA", 1_000_000), ("DA-TD", 2_000_000), ("DA-BQL", 4_000_000)]:
        plan(made[code], amount)
    return made


def codes(scope) -> set[str]:
    projects = Project.objects.all() if scope is None else Project.objects.filter(scope)
    return set(projects.values_list("code", flat=True))


def test_a_communes_dashboard_counts_only_what_it_invests_in(client_for, projects):
    response = client_for("xa.tandoan").get(reverse("web:dashboard"), YEAR)
    assert response.context["total"].plan == 1_000_000
    page = response.content.decode()
    assert "các dự án của đơn vị bạn" not in page
    assert "các dự án đơn vị bạn làm chủ đầu tư" in page
    # The projects on its land are shown apart, named so, with their own total.
    located = response.context["view"].located
    assert {row.code for row in located.rows} == {"DA-XA", "DA-TD"}
    assert located.total.plan == 3_000_000
    assert "Dự án trên địa bàn xã" in page


@pytest.mark.parametrize("role", ["bqlda", "tckh", "chutich", "admin"])
def test_nobody_else_gets_a_land_section(client_for, projects, role):
    response = client_for(role).get(reverse("web:dashboard"), YEAR)
    assert response.context["view"].located is None
    assert "Dự án trên địa bàn xã" not in response.content.decode()


def test_the_boards_figures_are_its_projects_wherever_they_are_built(client_for, projects):
    response = client_for("bqlda").get(reverse("web:dashboard"), YEAR)
    assert response.context["total"].plan == 6_000_000


@pytest.mark.parametrize("role", ROLES)
def test_the_rule_in_one_place(people, projects, role):
    """What a user may see is its own projects and, for a commune, those on its land."""
    user = people[role]
    own, located, seen = (
        own_project_scope(user),
        located_project_scope(user),
        project_scope(user),
    )
    if role in {"xa.tandoan"}:
        assert codes(own) == {"DA-XA"}
        assert codes(located) == {"DA-XA", "DA-TD"}
        assert codes(seen) == {"DA-XA", "DA-TD"}
    elif role == "bqlda":
        assert codes(own) == codes(seen) == {"DA-TD", "DA-BQL"}
        assert located is None
    else:
        assert own is None and located is None and seen is None
    for project in projects.values():
        assert user.has_perm("capital.view_project", project) == (project.code in codes(seen))


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_communes_exports_follow_the_same_rule(client_for, projects):
    client = client_for("xa.tandoan")
    own = csv_rows(client.get(reverse("web:export", args=["project", "csv"]), YEAR))
    land = csv_rows(
        client.get(reverse("web:export", args=["project", "csv"]), {**YEAR, "dia_ban": "1"})
    )
    listed = csv_rows(client.get(reverse("web:export", args=["projects", "csv"]), YEAR))
    text = lambda rows: " ".join(" ".join(row) for row in rows)  # noqa: E731
    assert "DA-XA" in text(own) and "DA-TD" not in text(own)
    assert "DA-XA" in text(land) and "DA-TD" in text(land)
    assert "DA-XA" in text(listed) and "DA-TD" not in text(listed)


def test_an_investor_asking_for_a_land_list_gets_its_own(client_for, projects):
    response = client_for("bqlda").get(reverse("web:projects"), {**YEAR, "dia_ban": "1"})
    assert {row.project.code for row in response.context["page"]} == {"DA-TD", "DA-BQL"}
    assert "Dự án trên địa bàn xã" not in response.content.decode()


def test_the_commune_list_offers_both_scopes_named(client_for, projects):
    client = client_for("xa.tandoan")
    own = client.get(reverse("web:projects"), YEAR)
    assert "đơn vị bạn làm chủ đầu tư" in own.content.decode()
    assert "Dự án trên địa bàn xã" in own.content.decode()
    land = client.get(reverse("web:projects"), {**YEAR, "dia_ban": "1"})
    assert "1 dự án" not in land.content.decode()
    assert "2 dự án trên địa bàn xã" in land.content.decode()
