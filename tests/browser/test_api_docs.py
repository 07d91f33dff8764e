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
