"""From the public page to each role's own first page, by clicking only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from giaingan.org.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISTRICT_HEADING = "Giải ngân vốn đầu tư công năm"
# login: (the heading of the page it lands on, a menu link meant for its duty)
LANDINGS = {
    "chutich": (DISTRICT_HEADING, "Thi đua"),
    "phochutich": (DISTRICT_HEADING, "Thi đua"),
    "tckh": (DISTRICT_HEADING, "Nhập dữ liệu"),
    "khobac": (DISTRICT_HEADING, "Chứng từ Kho bạc"),
    "noivu": (DISTRICT_HEADING, "Thi đua"),
    "hoidong1": (DISTRICT_HEADING, "Thi đua"),
    "bqlda": ("Dự án", "Dự án"),
    "xa.tandoan": ("Dự án", "Dự án"),
    "admin": (DISTRICT_HEADING, "Quản trị"),
}


@pytest.fixture
def cast(people, district):
    """The shared cast and the vice-chairman of the README's demo logins."""
    from django.contrib.auth import get_user_model

    vice = get_user_model().objects.create_user("phochutich", password="giaingan")
    Membership.objects.create(user=vice, unit=district["committee"], role="vice_chairman")
    people["admin"].is_staff = True
    people["admin"].save()
    return people


def log_in_by_clicking(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/public/")
    page.get_by_role("link", name="Cán bộ đăng nhập").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("giaingan")
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.parametrize("login", LANDINGS)
def test_each_role_logs_in_from_the_public_page_and_lands_on_its_page(
    live_server, page, cast, login
):
    heading, menu_link = LANDINGS[login]
    log_in_by_clicking(page, live_server.url, login)
    expect(page.locator(".account .who")).to_be_visible()
    expect(page.locator("main h1")).to_contain_text(heading)
    expect(page.locator(".mainnav").get_by_role("link", name=menu_link)).to_be_visible()
    if heading == "Dự án":
        assert page.url.startswith(f"{live_server.url}/du-an/")
        expect(page.locator("main h1")).not_to_contain_text(DISTRICT_HEADING)


def test_a_visitor_opening_a_staff_page_logs_in_and_comes_back_to_it(live_server, page, cast):
    page.goto(f"{live_server.url}/imports/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    assert "next=/imports/" in page.url
    page.get_by_label("Tên đăng nhập").fill("tckh")
    page.get_by_label("Mật khẩu").fill("giaingan")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".account .who")).to_be_visible()
    assert page.url == f"{live_server.url}/imports/"
