"""Điều chuyển vốn in real Chromium: Finance-Planning builds a reallocation from the
advisor and edits an amount, the chairman approves it, the ledger and the figures move."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from giaingan.capital.models import PlanEntry, PlanKind
from tests.browser.conftest import screenshot
from tests.browser.test_journeys import log_in
from tests.reallocation.conftest import slow_and_fast  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUERY = "year=2024&as_of=15/10/2024"


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


def test_finance_builds_a_reallocation_the_chairman_approves_it_and_the_figures_move(
    live_server,
    pages,
    people,
    slow_and_fast,  # noqa: F811
):
    finance = pages(live_server.url, "tckh")
    finance.get_by_role("link", name="Điều chuyển vốn").click()
    finance.goto(f"{live_server.url}/dieu-chuyen-von/?{QUERY}")
    expect(finance.get_by_test_id("advisor-moves")).to_contain_text("SLOW")
    expect(finance.get_by_test_id("advisor-moves")).to_contain_text("FAST")
    finance.get_by_label("Số tờ trình").fill("215/TTr-TCKH")
    finance.get_by_role("button", name="Lập tờ trình từ gợi ý").click()
    expect(finance.locator(".messages")).to_contain_text("Đã lập đề xuất")
    before = finance.get_by_test_id("rate-before").inner_text()

    # SLOW gives more over two rows than it has left: the refusal names row 1 and shows
    # the amount typed on it, the total only in the reason.
    finance.get_by_label("Số tiền (đồng), dòng 1").fill("6.000.000.000")
    finance.get_by_label("Từ dự án, dòng 2").fill("SLOW")
    finance.get_by_label("Đến dự án, dòng 2").fill("FAST")
    finance.get_by_label("Nguồn vốn, dòng 2").select_option("NSDP-HUYEN")
    finance.get_by_label("Số tiền (đồng), dòng 2").fill("3.579.000.000")
    finance.get_by_role("button", name="Lưu các dòng điều chuyển").click()
    refusal = finance.locator(".messages")
    expect(refusal).to_contain_text("Dòng 1, số tiền: Dòng 1, 2 cùng chuyển đi 9.579.000.000")
    expect(refusal).to_contain_text("(giá trị: «6.000.000.000»)")
    expect(refusal).not_to_contain_text("«9.579.000.000»")
    finance.goto(finance.url)  # the draft as saved: nothing was written

    finance.get_by_label("Số tiền (đồng), dòng 1").fill("400.000.000")
    finance.get_by_label("Lý do, dòng 1").fill("Ưu tiên dự án trọng điểm FAST")
    finance.get_by_role("button", name="Lưu các dòng điều chuyển").click()
    expect(finance.locator(".messages")).to_contain_text("Đã lưu các dòng điều chuyển")
    expect(finance.get_by_test_id("rate-before")).to_have_text(before)
    after = finance.get_by_test_id("rate-after").inner_text()
    assert after != before
    with finance.expect_download() as download:
        finance.get_by_role("link", name="Tải Tờ trình (.docx)").click()
    assert download.value.suggested_filename.endswith(".docx")
    proposal_url = finance.url
    screenshot(finance, "reallocation-proposal")

    chairman = pages(live_server.url, "chutich")
    chairman.goto(proposal_url)
    chairman.get_by_label("Số quyết định điều chuyển").fill("2150/QĐ-UBND")
    chairman.get_by_label("Ngày quyết định").fill("20/10/2024")
    chairman.get_by_role("button", name="Phê duyệt và ghi quyết định điều chuyển").click()
    expect(chairman.locator(".messages")).to_contain_text("đã ghi vào sổ kế hoạch vốn")
    expect(chairman.get_by_test_id("proposal-status")).to_contain_text("Đã phê duyệt")

    entries = PlanEntry.objects.filter(decision_number="2150/QĐ-UBND")
    assert {entry.kind for entry in entries} == {PlanKind.TRANSFER}
    assert sorted(entries.values_list("project__code", "amount")) == [
        ("FAST", 400_000_000),
        ("SLOW", -400_000_000),
    ]
    # The project's page: its ledger names the decision, its plan and forecast moved.
    chairman.goto(f"{live_server.url}/du-an/FAST/?year=2024&as_of=20/10/2024")
    expect(chairman.locator("#so-ke-hoach")).to_contain_text("2150/QĐ-UBND")
    expect(chairman.locator(".kpi").first).to_contain_text("5.400,0")
    chairman.goto(f"{live_server.url}/tong-quan/?year=2024&as_of=20/10/2024")
    expect(chairman.get_by_test_id("forecast-rate")).to_have_text(after)
    screenshot(chairman, "reallocation-dashboard")
