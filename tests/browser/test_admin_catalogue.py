"""An administrator finds an imported project in the Vietnamese catalogue pages."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.imports.helpers import load_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_logs_in_and_finds_an_imported_project(live_server, page):
    load_all()
    get_user_model().objects.create_superuser("admin", "", "giaingan")
    page.goto(f"{live_server.url}/admin/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "giaingan")
    page.press("input[name=password]", "Enter")
    page.get_by_role("link", name="Dự án").first.click()
    page.fill("input[name=q]", "Tân Đoàn")
    page.press("input[name=q]", "Enter")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("DA1")
    screenshot(page, "admin-projects")


def test_a_wrong_password_is_refused_in_vietnamese(live_server, page):
    get_user_model().objects.create_superuser("admin", "", "giaingan")
    page.goto(f"{live_server.url}/admin/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "sai")
    page.press("input[name=password]", "Enter")
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
