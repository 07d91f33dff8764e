"""An ad hoc report in real Chromium: Finance-Planning asks two units for a report; a commune
answers with a paper attached; Finance-Planning returns it with a reason; the commune reads
the reason and sends it again; Finance-Planning accepts it; the request's board shows one
unit answered and one missing."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from giaingan.monitoring.models import ReportStatus, RequestAnswer
from tests.browser.conftest import screenshot
from tests.browser.test_journeys import log_in
from tests.monitoring.helpers import cycle_projects

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "Tình hình bồi thường, giải phóng mặt bằng"
REASON = "Thiếu số hộ đã nhận tiền bồi thường."
PAPER = b"%PDF-1.4 bien ban ban giao mat bang"


@pytest.fixture
def projects(district):
    return cycle_projects(district)


@pytest.fixture
def pages(browser):
    contexts = []

    def open_as(base_url: str, username: str):
        context = browser.new_context(
            viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, base_url, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_an_ad_hoc_answer_is_returned_once_sent_again_and_accepted(
    live_server, pages, people, projects, district, tmp_path
):
    due = dt.date.today() + dt.timedelta(days=10)
    finance = pages(live_server.url, "tckh")
    finance.get_by_role("link", name="Báo cáo định kỳ").click()
    finance.get_by_role("link", name="Báo cáo đột xuất").click()
    finance.get_by_label("Nội dung yêu cầu báo cáo").fill(SUBJECT)
    finance.get_by_label("Yêu cầu cụ thể").fill("Nêu số hộ đã nhận tiền, diện tích đã bàn giao.")
    finance.get_by_label("Số liệu tính đến ngày").fill("30/09/2024")
    finance.get_by_label("Hạn báo cáo").fill(due.strftime("%d/%m/%Y"))
    finance.get_by_label("Ban QLDA ĐTXD huyện").check()
    finance.get_by_label("UBND xã Tân Đoàn").check()
    screenshot(finance, "adhoc_1_request_form")
    finance.get_by_role("button", name="Gửi yêu cầu").click()
    expect(finance.locator(".messages")).to_contain_text("Đã gửi yêu cầu báo cáo đột xuất")
    expect(finance.locator('tr[data-unit="XA-TD"]')).to_have_attribute("data-status", "missing")

    paper = tmp_path / "bien_ban_ban_giao.pdf"
    paper.write_bytes(PAPER)
    commune = pages(live_server.url, "xa.tandoan")
    commune.get_by_role("link", name="Báo cáo định kỳ").click()
    commune.get_by_role("link", name="Báo cáo đột xuất").click()
    commune.get_by_role("link", name=SUBJECT).click()
    # By 30/09/2024: 150 million đồng on its own TD-1, 250 million on BQ-1 built there.
    expect(commune.locator("form.answer")).to_contain_text("đã giải ngân 400.000.000 đồng")
    commune.get_by_label("Nội dung báo cáo").fill("Đã bàn giao 80% mặt bằng.")
    commune.get_by_label("Tệp đính kèm (nếu có)").set_input_files(str(paper))
    screenshot(commune, "adhoc_2_answer_form")
    commune.get_by_role("button", name="Gửi báo cáo").click()
    expect(commune.get_by_test_id("answer-status")).to_have_text("Đã gửi, chờ xem xét")
    expect(commune.get_by_test_id("attachments")).to_contain_text("bien_ban_ban_giao.pdf")

    finance.reload()
    row = finance.locator('tr[data-unit="XA-TD"]')
    expect(row).to_have_attribute("data-status", "submitted")
    row.get_by_role("link", name="Xem và xem xét").click()
    with finance.expect_download() as download:
        finance.get_by_role("link", name="bien_ban_ban_giao.pdf").click()
    assert download.value.suggested_filename == "bien_ban_ban_giao.pdf"
    assert open(download.value.path(), "rb").read() == PAPER
    screenshot(finance, "adhoc_3_review")
    finance.get_by_label("Lý do trả lại").fill(REASON)
    finance.get_by_role("button", name="Trả lại").click()
    expect(finance.get_by_test_id("answer-status")).to_have_text("Bị trả lại, cần sửa và gửi lại")

    commune.get_by_role("link", name="Báo cáo định kỳ").click()
    commune.get_by_role("link", name="Báo cáo đột xuất").click()
    expect(commune.get_by_role("link", name="Bị trả lại, cần sửa và gửi lại")).to_be_visible()
    screenshot(commune, "adhoc_4_list_returned")
    commune.get_by_role("link", name=SUBJECT).click()
    expect(commune.get_by_test_id("returned-notice")).to_contain_text(REASON)
    screenshot(commune, "adhoc_4_request_returned")
    commune.get_by_role("link", name="Sửa và gửi lại báo cáo »").click()
    expect(commune.get_by_test_id("return-reason")).to_have_text(REASON)
    screenshot(commune, "adhoc_5_returned")
    commune.get_by_label("Nội dung báo cáo").fill(
        "Đã bàn giao 80% mặt bằng; 12 hộ đã nhận tiền bồi thường."
    )
    commune.get_by_role("button", name="Gửi lại báo cáo").click()
    expect(commune.locator(".messages")).to_contain_text("Đã gửi lại báo cáo")
    expect(commune.get_by_test_id("answer-status")).to_have_text("Đã gửi, chờ xem xét")

    finance.reload()
    expect(finance.get_by_test_id("answer-text")).to_contain_text("12 hộ đã nhận tiền")
    finance.get_by_role("button", name="Tiếp nhận").click()
    expect(finance.get_by_test_id("answer-status")).to_have_text("Đã tiếp nhận")
    expect(finance.get_by_test_id("answer-history")).to_contain_text(f"Lý do: {REASON}")
    finance.get_by_role("link", name=f"« {SUBJECT}").click()
    expect(finance.locator('tr[data-unit="XA-TD"]')).to_have_attribute("data-status", "submitted")
    expect(finance.locator('tr[data-unit="BQLDA"]')).to_have_attribute("data-status", "missing")
    expect(finance.get_by_test_id("request-counts")).to_contain_text("Đã nộp đúng hạn: 1")
    expect(finance.get_by_test_id("request-counts")).to_contain_text("Chưa nộp: 1")
    screenshot(finance, "adhoc_6_board")
    finance.get_by_role("link", name="« Danh sách báo cáo đột xuất").click()
    expect(finance.get_by_test_id("requests")).to_contain_text(SUBJECT)
    screenshot(finance, "adhoc_7_list")

    answer = RequestAnswer.objects.get()
    assert (answer.unit, answer.status) == (district["tandoan"], ReportStatus.ACCEPTED)
    assert answer.attachments.get().name == "bien_ban_ban_giao.pdf"
