"""Who reads what: every endpoint per role, the scopes of investors and communes, filters
and pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from giaingan.api.tokens import api_token_issue
from tests.conftest import ROLE_LOGINS, advance, make_project, pay, plan

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/units/",
    "/api/v1/projects/",
    "/api/v1/plan-entries/",
    "/api/v1/treasury-lines/",
    "/api/v1/figures/?year=2024&as_of=2024-09-30",
]
ROLES = [*ROLE_LOGINS, "admin"]


@pytest.fixture
def ledger(district):
    """The board's road (built in Văn An), the commune Tân Đoàn's own hall, and the board's
    bridge built in Tân Đoàn: a commune sees its own and what is built on its land."""
    road = make_project(
        "DA-DUONG", district["board"], district["vanan"], agency=district["committee"]
    )
    hall = make_project("DA-NHAVH", district["tandoan"], district["tandoan"])
    bridge = make_project("DA-CAU", district["board"], district["tandoan"])
    for project, amount in [(road, 1_000_000_000), (hall, 300_000_000), (bridge, 500_000_000)]:
        plan(project, amount)
    advance(road, 100_000_000, on=dt.date(2024, 3, 1))
    pay(hall, 150_000_000, on=dt.date(2024, 6, 1))
    pay(bridge, 50_000_000, on=dt.date(2024, 7, 1))
    return {"road": road, "hall": hall, "bridge": bridge}


@pytest.mark.parametrize("login", ROLES)
@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_role_with_a_unit_reads_every_endpoint(api_for, ledger, login, url):
    assert api_for(login).get(url).status_code == 200


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_visitor_gets_nothing(api_for, ledger, url):
    answer = api_for(None).get(url)
    assert answer.status_code == 401
    assert "project" not in answer.content.decode() and "DA-" not in answer.content.decode()


@pytest.mark.parametrize("url", ENDPOINTS)
def test_an_account_without_a_role_is_refused(people, ledger, url):
    from rest_framework.test import APIClient

    nobody = get_user_model().objects.create_user("khach", password="giaingan")
    _token, raw = api_token_issue(user=nobody)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    answer = api.get(url)
    assert answer.status_code == 403
    assert answer.json() == {"detail": "Tài khoản này không được phép xem hoặc làm việc này."}


def codes(answer) -> set[str]:
    return {row["code"] for row in answer.json()["results"]}


def test_an_investor_sees_only_its_projects_and_their_ledger(api_for, ledger):
    board = api_for("bqlda")
    assert codes(board.get("/api/v1/projects/")) == {"DA-DUONG", "DA-CAU"}
    lines = board.get("/api/v1/treasury-lines/").json()["results"]
    assert {line["project"] for line in lines} == {"DA-DUONG", "DA-CAU"}
    entries = board.get("/api/v1/plan-entries/").json()["results"]
    assert {entry["project"] for entry in entries} == {"DA-DUONG", "DA-CAU"}
    assert board.get("/api/v1/projects/DA-NHAVH/").status_code == 404
    # Its units: its own and those its projects name; not the other commune's.
    assert codes(board.get("/api/v1/units/")) == {"BQLDA", "XA-VA", "XA-TD", "UBND"}


def test_a_commune_sees_its_own_and_what_is_built_on_its_land(api_for, ledger):
    commune = api_for("xa.tandoan")
    assert codes(commune.get("/api/v1/projects/")) == {"DA-NHAVH", "DA-CAU"}
    assert commune.get("/api/v1/projects/DA-DUONG/").status_code == 404
    # Its figures are its own projects', as on its dashboard; dia_ban=1: those on its land.
    own = commune.get("/api/v1/figures/?year=2024&as_of=2024-09-30").json()
    assert [row["code"] for row in own["rows"]] == ["DA-NHAVH"]
    land = commune.get("/api/v1/figures/?year=2024&as_of=2024-09-30&dia_ban=1").json()
    assert [row["code"] for row in land["rows"]] == ["DA-CAU", "DA-NHAVH"]


def test_the_district_sees_everything(api_for, ledger):
    assert codes(api_for("xem").get("/api/v1/projects/")) == {"DA-DUONG", "DA-NHAVH", "DA-CAU"}
    detail = api_for("tckh").get("/api/v1/projects/DA-DUONG/").json()
    assert detail["investor"] == "BQLDA" and detail["agency"] == "UBND"
    assert detail["main_commune"] == "XA-VA" and detail["communes"] == ["XA-VA"]


def test_filters_by_code_kind_and_date(api_for, ledger):
    api = api_for("tckh")
    assert codes(api.get("/api/v1/projects/?investor=BQLDA")) == {"DA-DUONG", "DA-CAU"}
    assert codes(api.get("/api/v1/projects/?commune=XA-TD")) == {"DA-NHAVH", "DA-CAU"}
    assert codes(api.get("/api/v1/units/?kind=xa")) == {"XA-TD", "XA-VA"}
    lines = api.get("/api/v1/treasury-lines/?kind=tam_ung").json()["results"]
    assert [(line["project"], line["amount"]) for line in lines] == [("DA-DUONG", 100_000_000)]
    june = api.get(
        "/api/v1/treasury-lines/?value_date_after=2024-05-01&value_date_before=2024-06-30"
    ).json()["results"]
    assert [line["project"] for line in june] == ["DA-NHAVH"]
    entries = api.get("/api/v1/plan-entries/?project=DA-CAU&plan_year=2024").json()
    assert entries["count"] == 1 and entries["results"][0]["amount"] == 500_000_000
    assert api.get("/api/v1/plan-entries/?plan_year=2023").json()["count"] == 0
    newest = api.get("/api/v1/treasury-lines/?ordering=-value_date").json()["results"]
    assert [line["project"] for line in newest] == ["DA-CAU", "DA-NHAVH", "DA-DUONG"]


def test_pages_have_count_next_and_a_size_the_caller_chooses(api_for, district):
    for number in range(7):
        make_project(f"P{number:02d}", district["board"])
    api = api_for("tckh")
    first = api.get("/api/v1/projects/?page_size=3").json()
    assert first["count"] == 7 and first["previous"] is None
    assert [row["code"] for row in first["results"]] == ["P00", "P01", "P02"]
    last = api.get("/api/v1/projects/?page_size=3&page=3").json()
    assert [row["code"] for row in last["results"]] == ["P06"] and last["next"] is None
    assert "page=2" in last["previous"]
    beyond = api.get("/api/v1/projects/?page=9")
    assert beyond.status_code == 404 and beyond.json() == {"detail": "Không có trang này."}


def test_too_many_requests_are_throttled_with_the_wait_in_vietnamese(api_for, ledger, settings):
    settings.API_THROTTLE_RATES = {"user": "3/hour", "anon": "2/hour"}
    api = api_for("tckh")
    for _ in range(3):
        assert api.get("/api/v1/units/").status_code == 200
    refused = api.get("/api/v1/units/")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Quá nhiều yêu cầu: hãy chờ ")
    # A visitor reaches only the schema: counted by address.
    visitor = api_for(None)
    statuses = [visitor.get("/api/schema/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("url", ["/api/v1/nothing/", "/api/v1/treasury-statements/-3/", "/api/v2/"])
def test_an_unknown_address_under_api_answers_json(api_for, url):
    api = api_for("tckh")
    api.handler.enforce_csrf_checks = True  # as a real client: a token, no CSRF cookie
    for answer in (api.get(url), api.post(url, {"x": 1})):
        assert answer.status_code == 404
        assert answer.json() == {"detail": "Không tìm thấy."}


@pytest.mark.parametrize(
    "query", ["projects/?investor=BQ%00LDA", "treasury-lines/?document_number=KB%071"]
)
def test_a_control_character_in_a_filter_is_refused_in_vietnamese(api_for, ledger, query):
    answer = api_for("tckh").get(f"/api/v1/{query}")
    assert answer.status_code == 400
    [messages] = answer.json().values()
    assert messages[0].startswith("Có ký tự điều khiển không hợp lệ (U+00")


def test_a_control_character_in_a_code_finds_nothing(api_for, ledger):
    answer = api_for("tckh").get("/api/v1/projects/DA%00CAU/")
    assert answer.status_code == 404 and answer.json() == {"detail": "Không tìm thấy."}


def test_a_visitor_reads_the_schema_and_its_documentation_page(api_for, db):
    schema = api_for(None).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.") and "/api/v1/figures/" in document["paths"]
    assert document["components"]["securitySchemes"]["tokenAuth"]["type"] == "apiKey"
    docs = api_for(None).get("/api/docs/")
    assert docs.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in (
        docs.content.decode()
    )
