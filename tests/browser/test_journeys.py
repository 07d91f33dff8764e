"""The officials' main journeys in real Chromium."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from giaingan.capital.models import TreasuryLine
from tests.browser.conftest import screenshot
from tests.imports.helpers import PLAN, PROJECTS, TREASURY, UNITS, csv_bytes, run_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR_END = "year=2024&as_of=31/01/2025"


@pytest.fixture
def ledger(people):
    """The sample district with its plan, but not yet the treasury's statement."""
    for kind, rows in [("units", UNITS), ("projects", PROJECTS), ("plan", PLAN)]:
        assert run_import(kind, csv_bytes(rows)).ok
    return people


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("giaingan")
    page.keyboard.press("Enter")
    expect(page.locator(".account .who")).to_be_visible()


def test_finance_imports_the_treasury_statement_and_sees_the_rate_change(
    live_server, page, ledger, tmp_path
):
    log_in(page, live_server.url, "tckh")
    page.goto(f"{live_server.url}/?{YEAR_END}")
    expect(page.get_by_test_id("rate")).to_have_text("0,00%")

    statement = tmp_path / "kho_bac_thang_01.csv"
    statement.write_bytes(csv_bytes(TREASURY))
    page.get_by_role("link", name="Nhập dữ liệu").click()
    page.goto(f"{live_server.url}/imports/treasury/")
    page.locator("input[type=file]").set_input_files(str(statement))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_be_visible()
    assert TreasuryLine.objects.count() == 0  # the preview writes nothing
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator("main")).to_contain_text("kho_bac_thang_01.csv")
    assert TreasuryLine.objects.count() == 4

    page.goto(f"{live_server.url}/?{YEAR_END}")
    expect(page.get_by_test_id("rate")).to_have_text("63,33%")
    expect(page.locator("#progress-chart")).to_be_visible()
    screenshot(page, "dashboard")


def test_a_commune_sees_only_its_projects_and_cannot_import(live_server, page, ledger):
    log_in(page, live_server.url, "xa.tandoan")
    page.goto(f"{live_server.url}/du-an/?{YEAR_END}")
    expect(page.locator("tbody tr")).to_have_count(1)  # DA2 is its own
    expect(page.locator("tbody")).to_contain_text("DA2")
    page.get_by_role("link", name="Dự án trên địa bàn xã").click()
    expect(page.locator("tbody tr")).to_have_count(2)  # and DA1 is built on its land
    expect(page.locator("h1")).to_contain_text("trên địa bàn xã")
    expect(page.get_by_role("link", name="Nhập dữ liệu")).to_have_count(0)
    response = page.goto(f"{live_server.url}/imports/treasury/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Không có quyền truy cập")


def test_the_public_page_needs_no_login_and_fits_a_phone(
    live_server, browser, ledger, settings, tmp_path
):
    from giaingan.public.services import snapshot_publish

    settings.MEDIA_ROOT = tmp_path / "media"  # publishing keeps the open-data files there

    assert run_import("treasury", csv_bytes(TREASURY)).ok
    snapshot_publish(year=2024, as_of=dt.date(2025, 1, 31), base="assigned", user=ledger["tckh"])
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/public/")
    expect(page.locator("main")).to_contain_text("63,33%")
    expect(page.locator("main")).to_contain_text("Ban QLDA ĐTXD huyện")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    screenshot(page, "public-phone")
    context.close()


def test_the_project_page_shows_the_ledger_and_its_history(live_server, page, ledger):
    assert run_import("treasury", csv_bytes(TREASURY)).ok
    log_in(page, live_server.url, "bqlda")
    page.goto(f"{live_server.url}/du-an/DA1/?{YEAR_END}")
    expect(page.locator("main")).to_contain_text("4888/QĐ-UBND")
    expect(page.locator("main")).to_contain_text("KB2")
    expect(page.locator("main")).to_contain_text("Tạo dự án")
    expect(page.locator("main")).to_contain_text("43,75%")
