"""The API's pages in Chromium: Swagger UI from this site's own files and the browsable
API, both under the Content Security Policy, without a violation or a script error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_content_security_policy import log_in
from tests.conftest import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Complaints:
    """Console errors and script errors (a missing favicon would be one)."""

    def __init__(self, page):
        self.found: list[str] = []
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.found.append(f"script error: {error}"))

    def console(self, message) -> None:
        if "Content Security Policy" in message.text or message.type == "error":
            self.found.append(f"{message.type}: {message.text} at {message.location}")


def test_the_api_documentation_and_browsable_pages_keep_the_csp(
    page, live_server, people, district
):
    make_project("DA-CAU", district["board"], district["tandoan"])
    complaints = Complaints(page)
    answer = page.goto(f"{live_server.url}/api/docs/")
    assert answer.status == 200
    # Swagger UI drew the operations from /api/schema/: its script ran from this site.
    expect(page.get_by_text("/api/v1/figures/").first).to_be_visible()
    expect(page.get_by_text("/api/v1/treasury-statements/").first).to_be_visible()
    screenshot(page, "api-docs")

    log_in(page, live_server.url, "tckh")
    answer = page.goto(f"{live_server.url}/api/v1/projects/")
    assert answer.status == 200
    expect(page.get_by_text('"DA-CAU"')).to_be_visible()
    expect(page.get_by_role("link", name="GiaiNgan API")).to_have_attribute("href", "/api/docs/")
    page.get_by_role("button", name="Bộ lọc").or_(
        page.get_by_role("button", name="Filters")
    ).click()
    screenshot(page, "api-browsable")
    assert complaints.found == [], "\n".join(complaints.found)


def test_the_documentation_page_speaks_vietnamese(page, live_server, people, district):
    """Swagger UI has no translations option: the page's own script relabels its buttons
    and headings, also those it draws later (an operation opened, a request sent)."""
    make_project("DA-CAU", district["board"], district["tandoan"])
    complaints = Complaints(page)
    log_in(page, live_server.url, "tckh")
    assert page.goto(f"{live_server.url}/api/docs/").status == 200
    expect(page.get_by_role("button", name="Xác thực")).to_be_visible()
    expect(page.get_by_placeholder("Lọc theo nhóm")).to_have_count(0)  # no filter on the page
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/projects/").first
    operation.click()
    block = page.locator(".opblock.is-open").first
    expect(block.get_by_role("heading", name="Tham số")).to_be_visible()
    expect(block.get_by_role("heading", name="Các phản hồi")).to_be_visible()
    block.get_by_role("button", name="Thử gọi").click()
    block.get_by_role("button", name="Gửi yêu cầu").click()
    expect(block.get_by_role("heading", name="Phản hồi của máy chủ")).to_be_visible()
    expect(block.get_by_text("Địa chỉ yêu cầu")).to_be_visible()
    expect(block.get_by_text("Nội dung trả về")).to_be_visible()
    expect(block.get_by_text('"DA-CAU"').first).to_be_visible()
    screenshot(page, "api-docs-vi")
    shown = page.locator("#swagger-ui").inner_text()
    for english in ("Authorize", "Try it out", "Execute", "Responses", "Parameters"):
        assert english not in shown, english
    page.get_by_role("button", name="Xác thực").click()
    expect(page.get_by_role("heading", name="Các cách xác thực")).to_be_visible()
    dialog = page.locator(".modal-ux")
    expect(dialog.get_by_role("button", name="Đóng").first).to_be_visible()
    screenshot(page, "api-docs-vi-authorize")
    assert "Authorize" not in dialog.inner_text() and "Close" not in dialog.inner_text()
    assert complaints.found == [], "\n".join(complaints.found)
