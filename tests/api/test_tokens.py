"""Per-user tokens: the command, the admin's issue and revoke, and what a request sends."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from giaingan.api.models import ApiToken
from giaingan.api.tokens import api_token_revoke, token_digest
from giaingan.audit.models import Event

pytestmark = pytest.mark.django_db
UNITS = "/api/v1/units/"


def token_from_command(login: str) -> str:
    out = io.StringIO()
    call_command("api_token", login, stdout=out)
    return out.getvalue().strip()


def with_token(raw: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return api


def test_the_command_prints_a_token_that_opens_the_api(people):
    raw = token_from_command("tckh")
    assert len(raw) >= 40
    answer = with_token(raw).get(UNITS)
    assert answer.status_code == 200
    token = ApiToken.objects.get(user=people["tckh"])
    # Only the digest is kept: the database cannot give the token back.
    assert token.digest == token_digest(raw) and raw not in {token.digest, token.prefix}
    assert token.last_used_at is not None
    assert Event.objects.filter(action="api.token.issued", object_id=str(token.pk)).exists()


def test_a_new_token_revokes_none_and_a_revoked_one_stops_at_once(people):
    first, second = token_from_command("khobac"), token_from_command("khobac")
    assert first != second
    assert with_token(first).get(UNITS).status_code == 200
    api_token_revoke(token=ApiToken.objects.get(digest=token_digest(first)), by=people["admin"])
    refused = with_token(first).get(UNITS)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Mã truy cập không đúng hoặc đã bị thu hồi."}
    assert with_token(second).get(UNITS).status_code == 200
    assert Event.objects.filter(action="api.token.revoked").count() == 1


def test_an_unknown_login_is_refused_in_vietnamese(people):
    with pytest.raises(CommandError, match="Không có người dùng «ai.do»"):
        call_command("api_token", "ai.do")
    assert not ApiToken.objects.exists()


def test_without_a_token_or_with_a_wrong_one_the_api_answers_401(people):
    anonymous = APIClient().get(UNITS)
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    assert "Authorization: Token" in anonymous.json()["detail"]
    assert with_token("sai-ma").get(UNITS).status_code == 401


def test_a_token_of_a_locked_account_is_refused(people):
    raw = token_from_command("bqlda")
    people["bqlda"].is_active = False
    people["bqlda"].save()
    assert with_token(raw).get(UNITS).json()["detail"] == (
        "Tài khoản của mã truy cập này đã bị khóa."
    )


def test_the_admin_issues_a_token_shown_once_and_revokes_it(client_for, people):
    admin = client_for("admin")
    page = admin.get("/admin/api/apitoken/add/")
    assert page.status_code == 200 and "mã truy cập API" in page.content.decode()
    issued = admin.post(
        "/admin/api/apitoken/add/",
        {"user": people["bqlda"].pk, "name": "Cổng tỉnh"},
        follow=True,
    )
    text = issued.content.decode()
    token = ApiToken.objects.get(user=people["bqlda"])
    raw = text.split("Mã truy cập mới của bqlda: ")[1].split(" ")[0]
    assert token_digest(raw) == token.digest and token.created_by == people["admin"]
    assert "chỉ hiện một lần" in text
    assert with_token(raw).get(UNITS).status_code == 200
    # The list never shows it again.
    assert raw not in admin.get("/admin/api/apitoken/").content.decode()
    admin.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    token.refresh_from_db()
    assert token.revoked_by == people["admin"] and token.revoked_at is not None
    assert with_token(raw).get(UNITS).status_code == 401
    # Never deleted: who used which token stays on record.
    assert admin.get(f"/admin/api/apitoken/{token.pk}/delete/").status_code == 403


def test_only_the_administrator_opens_the_token_pages(client_for):
    for login in ("tckh", "khobac", "chutich"):
        assert client_for(login).get("/admin/api/apitoken/").status_code == 302


def test_the_browsable_pages_use_the_session_with_its_csrf_check(people):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(people["tckh"])
    assert browser.get(UNITS, HTTP_ACCEPT="text/html").status_code == 200
    # A session's write without the CSRF token is refused.
    answer = browser.post("/api/v1/treasury-statements/", {})
    assert answer.status_code == 403 and "CSRF" in answer.json()["detail"]
