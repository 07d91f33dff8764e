"""Each role sees and does exactly what its duty allows, checked on the server."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import make_project, plan

ROLES = ["chutich", "tckh", "khobac", "bqlda", "xa.tandoan", "noivu", "hoidong1", "xem", "admin"]
DISTRICT = {"chutich", "tckh", "khobac", "noivu", "hoidong1", "xem", "admin"}


@pytest.fixture
def projects(district):
    board = make_project("DA-BQL", district["board"], district["vanan"])
    commune = make_project("DA-XA", district["tandoan"], district["tandoan"])
    located = make_project("DA-TD", district["board"], district["tandoan"])
    for project in (board, commune, located):
        plan(project, 1_000_000)
    return {"board": board, "commune": commune, "located": located}


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_and_project_list_by_role(client_for, projects, role):
    client = client_for(role)
    assert client.get(reverse("web:dashboard")).status_code == 200
    listing = client.get(reverse("web:projects"), {"year": 2024, "as_of": "31/12/2024"})
    assert listing.status_code == 200
    codes = {row.project.code for row in listing.context["page"]}
    if role in DISTRICT:
        assert codes == {"DA-BQL", "DA-XA", "DA-TD"}
    elif role == "bqlda":
        assert codes == {"DA-BQL", "DA-TD"}
    else:  # the commune: its own projects; those built on its land, apart
        assert codes == {"DA-XA"}
        land = client.get(
            reverse("web:projects"), {"year": 2024, "as_of": "31/12/2024", "dia_ban": "1"}
        )
        assert {row.project.code for row in land.context["page"]} == {"DA-XA", "DA-TD"}


@pytest.mark.parametrize("role", ROLES)
def test_a_project_page_only_for_those_who_may_see_it(client_for, projects, role):
    client = client_for(role)
    response = client.get(reverse("web:project", args=["DA-BQL"]))
    allowed = role in DISTRICT or role == "bqlda"
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert "Không có quyền truy cập" in response.content.decode()


def test_an_investor_dashboard_counts_only_its_projects(client_for, projects):
    response = client_for("bqlda").get(
        reverse("web:dashboard"), {"year": 2024, "as_of": "31/12/2024"}
    )
    assert response.context["total"].plan == 2_000_000
    whole = client_for("tckh").get(reverse("web:dashboard"), {"year": 2024, "as_of": "31/12/2024"})
    assert whole.context["total"].plan == 3_000_000


@pytest.mark.parametrize("path", ["web:dashboard", "web:projects"])
def test_anonymous_users_go_to_login_or_the_public_page(client_for, projects, path):
    response = client_for(None).get(reverse(path))
    assert response.status_code == 302
    assert response.url.startswith("/dang-nhap/") or response.url.startswith("/public/")


def test_a_user_without_a_role_is_refused(client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("khach", password="x"))
    assert client.get(reverse("web:projects")).status_code == 403
    assert client.get(reverse("web:export", args=["investor", "xlsx"])).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_exports_follow_the_same_scope(client_for, projects, role):
    response = client_for(role).get(
        reverse("web:export", args=["projects", "csv"]), {"year": 2024, "as_of": "31/12/2024"}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert ("DA-XA" in text) == (role in DISTRICT or role == "xa.tandoan")


def test_login_is_throttled_after_repeated_failures(client, people):
    for _ in range(5):
        client.post(reverse("login"), {"username": "tckh", "password": "sai"})
    response = client.post(reverse("login"), {"username": "tckh", "password": "giaingan"})
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_the_right_password(client, people):
    response = client.post(reverse("login"), {"username": "tckh", "password": "giaingan"})
    assert response.status_code == 302 and response.url == "/"
    assert client.session["_auth_user_id"] == str(people["tckh"].pk)


def test_forms_need_a_csrf_token(people):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "tckh", "password": "giaingan"})
    assert response.status_code == 403


def test_passwords_are_hashed_with_pbkdf2_outside_tests(people):
    from django.conf import global_settings
    from django.contrib.auth.hashers import make_password

    from giaingan import settings as project_settings

    hashers = getattr(project_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0].endswith("PBKDF2PasswordHasher")
    assert "giaingan" not in people["tckh"].password
    assert people["tckh"].check_password("giaingan")
    assert make_password("giaingan", hasher="pbkdf2_sha256").startswith("pbkdf2_sha256$")


def test_logout_needs_post(client_for, projects):
    client = client_for("tckh")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("web:projects")).status_code == 302


def test_unknown_pages_and_bad_parameters_are_answered_in_vietnamese(client_for, projects):
    client = client_for("tckh")
    missing = client.get(reverse("web:project", args=["KHONG-CO"]))
    assert missing.status_code == 404
    bad = client.get(reverse("web:dashboard"), {"year": "abc", "as_of": "31/02/2024", "base": "x"})
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "Năm «abc» không hợp lệ" in page and "ngày không có thật" in page
    assert bad.context["params"].year == 2024
    assert dt.date.today() >= bad.context["params"].as_of or bad.context["params"].as_of == dt.date(
        2025, 1, 31
    )


@pytest.mark.parametrize(
    "role, lands_on",
    [("tckh", None), ("chutich", None), ("bqlda", "/du-an/"), ("xa.tandoan", "/du-an/")],
)
def test_each_role_lands_where_its_work_is(client_for, projects, role, lands_on):
    response = client_for(role).get("/")
    if lands_on is None:
        assert response.status_code == 200 and "view" in response.context
    else:
        assert response.status_code == 302 and response.url == lands_on
