"""Who may open and post the entry forms, and who may read what they recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from giaingan.capital.models import PlanEntry, TreasuryLine
from tests.capital.entry_helpers import LINE_NEW, PLAN_NEW, ledger_size, line_form, plan_form
from tests.conftest import ROLE_LOGINS, make_project, pay, plan

ROLES = [*ROLE_LOGINS, "admin"]
PLAN_WRITERS = {"tckh", "admin"}
LINE_WRITERS = {"khobac", "tckh", "admin"}  # who may import the statement


@pytest.fixture
def projects(district):
    """DA1 of the board in Tân Đoàn; DA3 of Văn An, which neither bqlda nor Tân Đoàn owns."""
    found = {
        "DA1": make_project("DA1", district["board"], district["tandoan"]),
        "DA3": make_project("DA3", district["vanan"], district["vanan"]),
    }
    for project in found.values():
        plan(project, 1_000_000_000)
    return found


@pytest.mark.parametrize("url", [PLAN_NEW, LINE_NEW])
def test_it_sends_anonymous_users_to_the_login_page(client_for, url):
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


@pytest.mark.parametrize("url", [PLAN_NEW, LINE_NEW])
def test_anonymous_posts_write_nothing(client_for, projects, url):
    data = plan_form([("DA1", "NSDP-HUYEN", "1000")]) if url == PLAN_NEW else line_form()
    response = client_for(None).post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")
    assert ledger_size() == (0, 0)


@pytest.mark.parametrize("role", ROLES)
def test_plan_form_opens_for_exactly_finance_planning_and_admin(client_for, projects, role):
    response = client_for(role).get(PLAN_NEW)
    assert response.status_code == (200 if role in PLAN_WRITERS else 403)
    if role in PLAN_WRITERS:
        assert 'name="decision_number"' in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_plan_form_records_for_exactly_finance_planning_and_admin(client_for, projects, role):
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000.000")], number=f"1/{role}")
    response = client_for(role).post(PLAN_NEW, data)
    if role in PLAN_WRITERS:
        assert response.status_code == 302
        assert PlanEntry.objects.get(decision_number=f"1/{role}").created_by.username == role
    else:
        assert response.status_code == 403
        assert ledger_size() == (0, 0)


@pytest.mark.parametrize("role", ROLES)
def test_line_form_opens_for_exactly_those_who_may_import_the_statement(client_for, projects, role):
    response = client_for(role).get(LINE_NEW)
    assert response.status_code == (200 if role in LINE_WRITERS else 403)
    if role in LINE_WRITERS:
        assert 'name="document_number"' in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_line_form_records_for_exactly_those_who_may_import_the_statement(
    client_for, projects, role
):
    response = client_for(role).post(LINE_NEW, line_form(document_number=f"KB-{role}"))
    if role in LINE_WRITERS:
        assert response.status_code == 302
        assert TreasuryLine.objects.get().created_by.username == role
    else:
        assert response.status_code == 403
        assert ledger_size() == (0, 0)


@pytest.mark.parametrize("role", ROLES)
def test_the_correction_shortcut_is_for_exactly_the_line_writers(client_for, projects, role):
    pay(projects["DA1"], 50_000_000, on=dt.date(2024, 3, 1), number="KB-9")
    url = "/so-von/chung-tu/KB/KB-9/dieu-chinh/"
    client = client_for(role)
    assert client.get(url).status_code == (200 if role in LINE_WRITERS else 403)
    data = line_form(document_number="KB-9-DC", kind="thanh_toan", amount="-50.000.000")
    assert client.post(url, data).status_code == (302 if role in LINE_WRITERS else 403)
    assert TreasuryLine.objects.count() == (2 if role in LINE_WRITERS else 1)


# Anyone who may see the project may read the decision and the line; nobody else.
SEES_DA1 = set(ROLES)
SEES_DA3 = set(ROLES) - {"bqlda", "xa.tandoan"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("code", ["DA1", "DA3"])
def test_a_recorded_decision_is_shown_to_those_who_see_its_project(
    client_for, projects, role, code
):
    plan(projects[code], 700_000_000, number="4888/QĐ-UBND")
    response = client_for(role).get("/so-von/quyet-dinh/UBND/4888/QĐ-UBND/")
    allowed = role in (SEES_DA1 if code == "DA1" else SEES_DA3)
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert "700.000.000" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("code", ["DA1", "DA3"])
def test_a_recorded_line_is_shown_to_those_who_see_its_project(client_for, projects, role, code):
    pay(projects[code], 12_345_678, on=dt.date(2024, 3, 1), number="KB-77")
    response = client_for(role).get("/so-von/chung-tu/KB/KB-77/")
    allowed = role in (SEES_DA1 if code == "DA1" else SEES_DA3)
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert "12.345.678" in response.content.decode()


def test_a_decision_shows_only_the_lines_a_user_may_see(client_for, projects):
    from tests.conftest import transfer

    plan(projects["DA3"], 500_000_000)
    transfer(
        [(projects["DA3"], -100_000_000), (projects["DA1"], 100_000_000)],
        on=dt.date(2024, 6, 1),
    )
    number = PlanEntry.objects.filter(kind="dieu_chuyen").first().decision_number
    page = client_for("bqlda").get(f"/so-von/quyet-dinh/UBND/{number}/").content.decode()
    assert "DA1" in page and "DA3" not in page
    assert "1 dòng của dự án bạn không có quyền xem" in page


@pytest.mark.parametrize(
    "url", ["/so-von/quyet-dinh/UBND/KHONG-CO/", "/so-von/chung-tu/KB/KHONG-CO/"]
)
def test_unknown_numbers_are_not_found(client_for, projects, url):
    assert client_for("xem").get(url).status_code == 404


def test_detail_pages_send_anonymous_users_to_the_login_page(client_for, projects):
    plan(projects["DA1"], 1_000, number="5/QĐ-UBND")
    pay(projects["DA1"], 1_000, on=dt.date(2024, 3, 1), number="KB-5")
    client = client_for(None)
    for url in ["/so-von/quyet-dinh/UBND/5/QĐ-UBND/", "/so-von/chung-tu/KB/KB-5/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize("url", [PLAN_NEW, LINE_NEW])
def test_posts_without_the_csrf_token_are_refused(people, projects, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["admin"])
    data = plan_form([("DA1", "NSDP-HUYEN", "1000")]) if url == PLAN_NEW else line_form()
    assert client.post(url, data).status_code == 403
    assert ledger_size() == (0, 0)


def test_the_forms_carry_the_csrf_token(client_for, projects):
    client = client_for("admin")
    for url in [PLAN_NEW, LINE_NEW]:
        assert 'name="csrfmiddlewaretoken"' in client.get(url).content.decode()


@pytest.mark.parametrize("url", [PLAN_NEW, LINE_NEW])
def test_every_input_has_a_label(client_for, projects, url):
    import re

    page = client_for("admin").get(url).content.decode()
    form = page[page.index("<form method") :]
    controls = re.findall(r"<(?:input|select|textarea)[^>]*>", form)
    visible = [tag for tag in controls if 'type="hidden"' not in tag]
    ids = {re.search(r'\bid="([^"]+)"', tag).group(1) for tag in visible}
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', form))
    assert ids and ids <= labelled
