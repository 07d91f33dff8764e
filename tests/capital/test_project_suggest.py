"""A province's catalogue is too long for a form's datalist: codes are offered as one types."""

from __future__ import annotations

import pytest

from giaingan.capital import views
from giaingan.capital.models import Project
from tests.capital.entry_helpers import LINE_NEW, PLAN_NEW
from tests.conftest import ROLE_LOGINS, make_project

SUGGEST = "/so-von/du-an/goi-y/"
ROLES = [*ROLE_LOGINS, "admin"]
USERS = {"tckh", "khobac", "admin"}  # those who may use an entry form


@pytest.fixture
def catalogue(district):
    named = {
        "DA-0001": "Đường GTNT thôn Bản Chặng",
        "DA-0002": "Trường mầm non Tân Đoàn",
        "DUONG-BC": "Nhà văn hóa thôn",
    }
    codes = [*named, *(f"DA-{number:04}" for number in range(3, 40))]
    for code in codes:
        project = make_project(code, district["board"], district["tandoan"])
        if code in named:
            Project.objects.filter(pk=project.pk).update(name=named[code])


def suggested(client, typed: str) -> list[str]:
    response = client.get(SUGGEST, {"q": typed})
    assert response.status_code == 200
    return [project["code"] for project in response.json()["projects"]]


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_use_an_entry_form_are_answered(client_for, catalogue, role):
    response = client_for(role).get(SUGGEST, {"q": "DA"})
    assert response.status_code == (200 if role in USERS else 403)


def test_anonymous_users_are_sent_to_log_in(client_for, catalogue):
    response = client_for(None).get(SUGGEST, {"q": "DA"})
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_codes_by_their_start_then_names_by_any_part_without_marks(client_for, catalogue):
    client = client_for("tckh")
    assert suggested(client, "da-0001") == ["DA-0001"]
    # "duong" starts a code and is inside a name: the code comes first.
    assert suggested(client, "duong") == ["DUONG-BC", "DA-0001"]
    assert suggested(client, "  TRƯỜNG  mầm ") == ["DA-0002"]
    assert suggested(client, "tan doan") == ["DA-0002"]
    assert suggested(client, "") == []
    assert suggested(client, "không có") == []


def test_at_most_twenty_are_offered(client_for, catalogue):
    assert len(suggested(client_for("khobac"), "DA-")) == views.SUGGESTIONS == 20


@pytest.mark.parametrize("url", [PLAN_NEW, LINE_NEW])
def test_a_short_catalogue_is_sent_whole_and_a_long_one_on_demand(
    client_for, catalogue, monkeypatch, url
):
    client = client_for("admin")
    page = client.get(url).content.decode()
    assert 'data-suggest="' not in page
    assert page.count('<option value="DA-') == 39
    monkeypatch.setattr(views, "PROJECT_LIST_MAX", Project.objects.count() - 1)
    page = client.get(url).content.decode()
    assert f'data-suggest="{SUGGEST}"' in page
    assert "project_suggest.js" in page
    assert '<option value="DA-' not in page
