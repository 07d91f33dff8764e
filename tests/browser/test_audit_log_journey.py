"""The administrator reads who did what in Vietnamese: from the public page, by clicking, to
the event log; each event and each filter named by its label, never by its code."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from giaingan.audit.services import log_action
from tests.browser.conftest import screenshot
from tests.browser.test_login_journey import log_in_by_clicking
from tests.conftest import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_reads_and_filters_the_event_log_by_labels(live_server, page, people, district):
    people["admin"].is_staff = True
    people["admin"].save()
    project = make_project("VQ-01", district["board"], district["tandoan"])
    log_action("monitoring.report.submitted", user=people["bqlda"], obj=project)
    log_action("contracts.dossier.returned", user=people["khobac"], obj=project)
    log_action("org.units.saved", user=people["admin"])

    log_in_by_clicking(page, live_server.url, "admin")
    page.locator(".mainnav").get_by_role("link", name="Quản trị").click()
    page.get_by_role("link", name="Nhật ký sự kiện").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#result_list")).to_contain_text("Gửi báo cáo định kỳ")
    expect(page.locator("#result_list")).to_contain_text("Kho bạc trả lại hồ sơ thanh toán")
    expect(page.locator("#result_list")).to_contain_text("Dự án")
    screenshot(page, "audit-log")
    body = page.locator("body").inner_text()
    assert "monitoring.report" not in body and "capital.project" not in body

    page.locator("#changelist-filter").get_by_role(
        "link", name="Kho bạc trả lại hồ sơ thanh toán"
    ).click()
    expect(rows).to_have_count(1)
    rows.first.locator("th a, td a").first.click()
    expect(page.locator("main, #content").first).to_contain_text("Kho bạc trả lại hồ sơ thanh toán")
    assert "contracts.dossier" not in page.locator("body").inner_text()
