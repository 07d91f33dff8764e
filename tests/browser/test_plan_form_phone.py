"""The plan-decision form in real Chromium, at phone width: add a line, see the nets."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from giaingan.capital.models import PlanEntry, PlanKind
from tests.browser.conftest import screenshot
from tests.conftest import make_project, plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_finance_records_a_transfer_on_a_phone(live_server, phone, people, district):
    page = phone
    one = make_project("DA1", district["board"], district["tandoan"])
    make_project("DA2", district["board"], district["tandoan"])
    plan(one, 500_000_000)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("tckh")
    page.get_by_label("Mật khẩu").fill("giaingan")
    page.keyboard.press("Enter")
    expect(page.locator(".account .who")).to_be_visible()
    page.goto(f"{live_server.url}/so-von/quyet-dinh/moi/")

    page.get_by_label("Số quyết định").fill("88/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("15/10/2024")
    page.get_by_label("Loại quyết định").select_option("dieu_chuyen")
    page.get_by_label("Năm kế hoạch").fill("2024")
    page.get_by_label("Dòng 1: Mã dự án").fill("DA1")
    page.get_by_label("Dòng 1: Nguồn vốn").select_option("NSDP-HUYEN")
    page.get_by_label("Dòng 1: Số tiền (đồng)").fill("-200.000.000")
    nets = page.locator("#net-by-source")
    expect(nets).to_contain_text("NSDP-HUYEN: -200.000.000 đồng")
    expect(nets).to_contain_text("chưa cân bằng")

    # JS adds a line in place instead of asking the server.
    page.get_by_role("button", name="Thêm một dòng").click()
    sixth = page.get_by_label("Dòng 6: Mã dự án")
    expect(sixth).to_be_focused()
    sixth.fill("DA2")
    page.get_by_label("Dòng 6: Nguồn vốn").select_option("NSDP-HUYEN")
    page.get_by_label("Dòng 6: Số tiền (đồng)").fill("200.000.000")
    expect(nets).to_contain_text("NSDP-HUYEN: 0 đồng")
    expect(nets).not_to_contain_text("chưa cân bằng")
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "plan_decision_form_phone")

    # Straight from typing to the button: the blur must not move the button away.
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi quyết định 88/QĐ-UBND: 2 dòng")
    assert PlanEntry.objects.filter(kind=PlanKind.TRANSFER).count() == 2
