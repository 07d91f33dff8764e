"""Finance-Planning records the same document number for two treasuries, in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from giaingan.capital.models import TreasuryLine
from giaingan.org.models import Unit, UnitKind
from tests.browser.test_journeys import log_in
from tests.conftest import make_project, plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record(page, base: str, treasury: str, amount: str) -> None:
    page.goto(f"{base}/so-von/chung-tu/moi/")
    page.get_by_label("Kho bạc").select_option(treasury)
    page.get_by_label("Số chứng từ").fill("KB-0001")
    page.get_by_label("Ngày").fill("15/05/2024")
    page.get_by_label("Mã dự án").fill("DA-1")
    page.get_by_label("Nguồn vốn").select_option("NSDP-HUYEN")
    page.get_by_label("Năm kế hoạch").fill("2024")
    page.get_by_label("Loại").select_option("tam_ung")
    page.get_by_label("Số tiền (đồng)").fill(amount)
    page.get_by_role("button", name="Ghi chứng từ").click()


def test_one_number_in_two_treasuries(live_server, page, people, district):
    Unit.objects.create(code="KB2", name="Kho bạc Nhà nước Lộc Bình", kind=UnitKind.TREASURY)
    plan(make_project("DA-1", district["board"], district["tandoan"]), 500_000_000)
    log_in(page, live_server.url, "tckh")

    record(page, live_server.url, "KB2", "100.000.000")
    expect(page.locator(".messages")).to_contain_text("KB-0001")
    expect(page.locator("main")).to_contain_text("KB2 - Kho bạc Nhà nước Lộc Bình")
    assert page.url.endswith("/so-von/chung-tu/KB2/KB-0001/")

    record(page, live_server.url, "KB", "200.000.000")
    assert page.url.endswith("/so-von/chung-tu/KB/KB-0001/")

    # Twice in one treasury: refused next to the number, nothing written.
    record(page, live_server.url, "KB2", "5")
    expect(page.locator("main")).to_contain_text("đã có trong sổ của kho bạc này")
    assert sorted(TreasuryLine.objects.values_list("treasury__code", "amount")) == [
        ("KB", 200_000_000),
        ("KB2", 100_000_000),
    ]
