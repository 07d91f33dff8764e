"""The month's cycle in real Chromium: a commune files its monthly report with an obstacle,
Finance-Planning returns it once, the commune sends it again, it is accepted, and the
obstacle shows in the register with the plan capital it holds up."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from giaingan.monitoring.models import Obstacle, PeriodicReport, ReportStatus
from tests.browser.conftest import screenshot
from tests.browser.test_journeys import log_in
from tests.monitoring.helpers import cycle_projects

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def projects(district):
    return cycle_projects(district)


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


def test_a_commune_files_is_returned_once_and_is_accepted(
    live_server, pages, people, projects, district
):
    commune = pages(live_server.url, "xa.tandoan")
    commune.get_by_role("link", name="Báo cáo định kỳ").click()
    commune.goto(f"{live_server.url}/bao-cao-dinh-ky/?year=2024")
    commune.get_by_label("Kỳ báo cáo").select_option("2024-09")
    commune.get_by_label("Báo cáo cho").select_option("TD-1")
    commune.get_by_role("button", name="Mở báo cáo").click()
    expect(commune.get_by_test_id("report-plan")).to_have_text("400.000.000 đồng")
    expect(commune.get_by_test_id("report-disbursed")).to_have_text("100.000.000 đồng")
    commune.get_by_label("Giá trị khối lượng thực hiện (đồng)").fill("180.000.000")
    commune.get_by_label("Tiến độ thực hiện").fill("Đã thi công xong nền đường.")
    commune.get_by_role("button", name="Lưu nháp").click()
    expect(commune.locator(".messages")).to_contain_text("Đã lưu bản nháp")

    commune.get_by_role("link", name="Ghi vướng mắc").click()
    expect(commune.get_by_label("Mã dự án")).to_have_value("TD-1")
    commune.get_by_label("Loại vướng mắc").select_option("site_clearance")
    commune.get_by_label("Nội dung vướng mắc").fill("Còn 3 hộ chưa nhận tiền bồi thường.")
    commune.get_by_label("Đơn vị chịu trách nhiệm tháo gỡ").select_option(label="UBND xã Tân Đoàn")
    commune.get_by_label("Ngày phát sinh").fill("01/09/2024")
    commune.get_by_label("Hạn tháo gỡ").fill("30/10/2024")
    commune.get_by_role("button", name="Ghi vướng mắc").click()
    expect(commune.locator("main")).to_contain_text("Còn 3 hộ chưa nhận tiền bồi thường.")
    commune.get_by_role("button", name="Gửi báo cáo").click()
    expect(commune.get_by_test_id("report-status")).to_contain_text("Đã gửi")

    finance = pages(live_server.url, "tckh")
    finance.goto(f"{live_server.url}/bao-cao-dinh-ky/tong-hop/?period=2024-09")
    expect(finance.locator('tr[data-unit="XA-TD"]')).to_have_attribute("data-status", "late")
    expect(finance.locator('tr[data-unit="BQLDA"]')).to_have_attribute("data-status", "missing")
    finance.locator('tr[data-unit="XA-TD"]').get_by_role("link", name="TD-1").click()
    finance.get_by_label("Lý do trả lại").fill("Thiếu giá trị nghiệm thu gói thầu số 2.")
    finance.get_by_role("button", name="Trả lại").click()
    expect(finance.get_by_test_id("report-status")).to_contain_text("Bị trả lại")

    commune.reload()
    expect(commune.get_by_test_id("return-reason")).to_have_text(
        "Thiếu giá trị nghiệm thu gói thầu số 2."
    )
    commune.get_by_label("Giá trị đã nghiệm thu, chưa thanh toán (đồng)").fill("45.000.000")
    commune.get_by_role("button", name="Gửi báo cáo").click()
    expect(commune.get_by_test_id("report-status")).to_contain_text("Đã gửi")

    finance.reload()
    finance.get_by_role("button", name="Tiếp nhận").click()
    expect(finance.get_by_test_id("report-status")).to_contain_text("Đã tiếp nhận")
    report = PeriodicReport.objects.get(project__code="TD-1", period="2024-09")
    assert report.status == ReportStatus.ACCEPTED and report.accepted_unpaid_value == 45_000_000
    assert Obstacle.objects.get().report == report

    finance.get_by_role("link", name="Vướng mắc", exact=True).click()
    finance.get_by_label("Tính đến ngày").fill("30/09/2024")
    finance.get_by_role("button", name="Xem").click()
    site = finance.locator('tr[data-group="site_clearance"]')
    expect(site).to_contain_text("400,0")
    finance.get_by_label("Nhóm theo").select_option("commune")
    finance.get_by_role("button", name="Xem").click()
    expect(finance.locator('tr[data-group="XA-TD"]')).to_contain_text("400,0")
    screenshot(finance, "obstacle_register")
