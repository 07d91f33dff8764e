"""From acceptance to payment in real Chromium: the investor records an acceptance and sends
its dossier, the treasury links the line that paid it, and the project page's
accepted-not-paid value falls to nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from giaingan.contracts.models import PaymentDossier
from tests.browser.conftest import screenshot
from tests.browser.test_journeys import log_in
from tests.conftest import pay
from tests.contracts.conftest import accept, planned_project, works_contract

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AS_OF = "year=2024&as_of=31/07/2024"


@pytest.fixture
def pages(browser):
    contexts = []

    def open_as(base_url: str, username: str):
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, base_url, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_an_acceptance_is_sent_paid_and_leaves_the_unpaid_value(
    live_server, pages, people, district
):
    project = planned_project(district)
    contract = works_contract(project, people)
    accept(contract, people["bqlda"], 300_000_000, dt.date(2024, 4, 2), "NT-01")
    pay(project, 1_200_000_000, on=dt.date(2024, 7, 15), number="KB-2024-0715")

    investor = pages(live_server.url, "bqlda")
    investor.goto(f"{live_server.url}/du-an/DA1/?{AS_OF}")
    panel = investor.locator("#nghiem-thu-thanh-toan")
    expect(panel.get_by_test_id("accepted-unpaid")).to_have_text("300,0")
    panel.get_by_role("link", name="Hợp đồng, nghiệm thu, hồ sơ thanh toán của dự án").click()
    section = investor.get_by_test_id("contract")
    section.get_by_label("Số biên bản nghiệm thu").fill("NT-02")
    section.get_by_label("Ngày nghiệm thu").fill("20/06/2024")
    section.get_by_label("Giá trị nghiệm thu (đồng)").fill("1.200.000.000")
    section.get_by_role("button", name="Ghi nghiệm thu").click()
    expect(investor.locator(".messages")).to_contain_text("Đã ghi biên bản nghiệm thu")
    section = investor.get_by_test_id("contract")
    section.get_by_label("Số hồ sơ").fill("HS-02")
    section.get_by_label("Số tiền đề nghị thanh toán (đồng)").fill("1.200.000.000")
    section.get_by_label("Ngày gửi Kho bạc").fill("28/06/2024")
    section.get_by_label("NT-02 (20/06/2024)").check()
    section.get_by_role("button", name="Gửi hồ sơ thanh toán").click()
    expect(investor.get_by_test_id("dossier-HS-02")).to_contain_text("Đã gửi Kho bạc")
    investor.goto(f"{live_server.url}/du-an/DA1/?{AS_OF}")
    expect(investor.get_by_test_id("accepted-unpaid")).to_have_text("1.500,0")

    treasury = pages(live_server.url, "khobac")
    treasury.goto(f"{live_server.url}/hop-dong/du-an/DA1/")
    row = treasury.get_by_test_id("dossier-HS-02")
    screenshot(treasury, "payment_journey_treasury")
    row.get_by_label("Số chứng từ Kho bạc").fill("KB-2024-0715")
    row.get_by_role("button", name="Gắn chứng từ").click()
    expect(treasury.get_by_test_id("dossier-HS-02")).to_contain_text(
        "Đã thanh toán ngày 15/07/2024"
    )
    assert PaymentDossier.objects.get(number="HS-02").status == "paid"

    investor.goto(f"{live_server.url}/du-an/DA1/?{AS_OF}")
    expect(investor.get_by_test_id("accepted-unpaid")).to_have_text("300,0")
    screenshot(investor, "payment_journey_project")
