"""Every main page of several roles runs under the Content Security Policy without a violation.

Chromium reports each blocked inline script or style, each foreign source, as a console
error "Refused to ... Content Security Policy". The test walks each role's pages from the
dashboard, following the menu and the links in the page (three levels deep, one page of each kind), and fails on any
such report, on any script error and on any page that does not answer 200.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from giaingan.capital.models import Project
from giaingan.demo.district import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Downloads, files and the way out are not pages.
NOT_PAGES = re.compile(
    r"(\.(csv|xlsx|docx|pdf|json|xml)$|/tep/|/mau/|/template|logout|dang-xuat|/delete/|/history/)"
)
PAGES_PER_ROLE = 24
ROLES = ["tckh", "khobac", "bqlda", "xa.tandoan", "noivu", "hoidong1", "chutich", "admin"]


@pytest.fixture
def demo():
    load_demo()


class Watch:
    """What the browser complained about on one page."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def console(self, message) -> None:
        if "Content Security Policy" in message.text or message.type == "error":
            self.problems.append(f"{message.type}: {message.text}")


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("giaingan")
    page.keyboard.press("Enter")
    expect(page.locator(".account .who")).to_be_visible()


def links(page, base_url: str, *, admin: bool) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "header a[href], main a[href], #content a[href]", "as => as.map(a => a.href)"
    )
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.path.startswith("/admin/") and not admin:
            continue  # the admin role's walk covers the admin
        if href.startswith(base_url) and not NOT_PAGES.search(parts.path):
            found.append(f"{base_url}{parts.path}")
    return found


def shape(url: str) -> str:
    """One page of each kind: /du-an/VQ24-034/ and /du-an/VQ24-036/ are the same page."""
    return re.sub(r"/[^/]*\d[^/]*(?=/)", "/*", urlsplit(url).path)


def walk(page, base_url: str, start: list[str], *, admin: bool = False) -> dict[str, list[str]]:
    """Visit pages breadth first from start, one of each kind; the problems seen on each."""
    watch = Watch(page)
    seen: dict[str, list[str]] = {}
    shapes: set[str] = set()
    queue = [(url, 0) for url in start]
    while queue and len(seen) < PAGES_PER_ROLE:
        url, depth = queue.pop(0)
        if shape(url) in shapes:
            continue
        shapes.add(shape(url))
        watch.problems = []
        response = page.goto(url)
        page.wait_for_load_state("load")
        problems = list(watch.problems)
        if response is None or response.status != 200:
            problems.append(f"status {None if response is None else response.status}")
        seen[url] = problems
        if depth < 3:
            queue += [
                (link, depth + 1) for link in links(page, base_url, admin=admin) if link not in seen
            ]
    return seen


def violations(seen: dict[str, list[str]]) -> dict[str, list[str]]:
    return {url: problems for url, problems in seen.items() if problems}


@pytest.mark.parametrize("role", ROLES)
def test_a_roles_pages_run_under_the_policy(live_server, page, demo, role):
    base = live_server.url
    log_in(page, base, role)
    start = [f"{base}/"]
    if role == "admin":
        project = Project.objects.order_by("code").first()
        start = [
            f"{base}/admin/",
            f"{base}/admin/capital/project/",
            f"{base}/admin/capital/project/{project.pk}/change/",
            f"{base}/admin/auth/user/add/",
            f"{base}/admin/capital/treasuryline/",
            f"{base}/admin/emulation/movement/",
        ]
    seen = walk(page, base, start, admin=role == "admin")
    assert len(seen) >= 8, seen
    assert violations(seen) == {}


def test_the_dashboard_chart_draws_under_the_policy(live_server, page, demo):
    log_in(page, live_server.url, "tckh")
    watch = Watch(page)
    page.goto(f"{live_server.url}/?year=2024&as_of=30/09/2024")
    expect(page.locator("#progress-chart")).to_be_visible()
    # Chart.js has drawn: the canvas holds pixels that are not all blank.
    drawn = page.eval_on_selector(
        "#progress-chart",
        "c => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v !== 0)",
    )
    assert drawn is True
    assert watch.problems == []


def test_the_public_and_login_pages_run_under_the_policy(live_server, page, demo):
    base = live_server.url
    seen = walk(page, base, [f"{base}/public/", f"{base}/dang-nhap/"])
    assert len(seen) >= 3, seen
    assert violations(seen) == {}


def test_an_inline_style_would_be_reported(live_server, page, demo):
    """The watch sees a violation when there is one (the test above can fail)."""
    watch = Watch(page)
    page.goto(f"{live_server.url}/dang-nhap/")
    # Wait for the report itself, not a fixed time that a loaded machine may outlast.
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
            " document.body.appendChild(s); }"
        )
    assert page.evaluate("() => window.x") is None
    assert any("Content Security Policy" in problem for problem in watch.problems)
