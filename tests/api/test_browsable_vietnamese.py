"""The browsable API and its refusals read in Vietnamese: no English UI word from the list
below on a list page, a detail page, the root, a 404, a 403, a 401 or a throttled answer."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.conftest import make_project

# English words DRF's pages and messages show (checked as whole words, case-sensitive where
# the HTTP method names GET, POST, OPTIONS are the protocol's own and stay).
ENGLISH = [
    "Api Root",
    "List",
    "Instance",
    "Filters",
    "Close",
    "Extra Actions",
    "Log in",
    "Log out",
    "Make a",
    "request on the",
    "resource",
    "Specify a format",
    "HTML form",
    "Raw data",
    "Media type",
    "Content:",
    "Cancel",
    "Delete",
    "Submit",
    "Field filters",
    "Ordering",
    "Search",
    "Previous",
    "Next",
    "Not Found",
    "Forbidden",
    "Unauthorized",
    "Too Many Requests",
    "OK",
    "navbar",
    "main content",
    "request form",
    "request info",
    "response info",
    "Request was throttled",
    "Authentication credentials",
    "You do not have permission",
    "Expected available in",
    "Invalid page",
    "the whole tree",
    "the user may open",
]


class ShownText(HTMLParser):
    """What a reader gets from a page: its text and the attributes read out or shown
    (titles, labels, placeholders), not its markup, classes or scripts."""

    SHOWN = {"title", "aria-label", "placeholder", "alt", "value"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        self.in_script = tag in ("script", "style")
        self.parts += [value or "" for name, value in attrs if name in self.SHOWN]

    def handle_endtag(self, tag) -> None:
        self.in_script = False

    def handle_data(self, data) -> None:
        if not self.in_script:
            self.parts.append(data)


def english_in(html: str) -> list[str]:
    reader = ShownText()
    reader.feed(html)
    text = "\n".join(reader.parts)
    return [word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


@pytest.fixture
def browser_for(people, district):
    make_project("DA-CAU", district["board"], district["tandoan"])

    def client(login: str | None) -> Client:
        browser = Client(HTTP_ACCEPT="text/html")
        if login:
            browser.force_login(people[login])
        return browser

    return client


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        "/api/v1/projects/",
        "/api/v1/projects/DA-CAU/",
        "/api/v1/units/?page_size=1",
        "/api/v1/treasury-lines/",
        "/api/v1/figures/?year=2024&as_of=2024-09-30&by=investor",
        "/api/v1/treasury-statements/",
    ],
)
def test_the_browsable_pages_are_in_vietnamese(browser_for, url):
    page = browser_for("tckh").get(url)
    assert page.status_code in (200, 405)
    assert page["Content-Type"].startswith("text/html")
    assert english_in(page.content.decode()) == []


@pytest.mark.parametrize(
    ("login", "url", "status"),
    [
        ("tckh", "/api/v1/projects/KHONG-CO/", 404),
        ("tckh", "/api/v1/projects/?page=99", 404),
        ("hoidong1", "/api/v1/treasury-statements/", 403),
        (None, "/api/v1/projects/", 401),
    ],
)
def test_refusals_are_in_vietnamese_on_the_page_and_in_json(browser_for, login, url, status):
    page = browser_for(login).get(url)
    assert page.status_code == status
    assert english_in(page.content.decode()) == []
    answer = browser_for(login).get(url, HTTP_ACCEPT="application/json")
    assert answer.status_code == status
    assert english_in(answer.content.decode()) == []


def test_a_throttled_page_is_in_vietnamese(browser_for, settings):
    settings.API_THROTTLE_RATES = {"user": "1/hour", "anon": "1/hour"}
    browser = browser_for("tckh")
    browser.get("/api/v1/units/")
    refused = browser.get("/api/v1/units/")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert english_in(html) == []
    assert "Quá nhiều yêu cầu" in html


def test_the_documentation_page_is_titled_in_vietnamese(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "<title>GiaiNgan API: tài liệu</title>" in page
    assert english_in(page) == []


def test_the_list_of_english_words_is_found_where_it_is(browser_for):
    """The check itself: an English page is caught."""
    assert english_in("<h1>Project List</h1><button>Filters</button>") == ["List", "Filters"]
    assert english_in('<a title="Make a GET request">GET</a>') == ["Make a"]
    assert english_in('<a href="/x" class="navbar">OPTIONS</a> GET<script>"OK"</script>') == []


def test_the_schema_describes_every_operation_in_vietnamese(api_for, people):
    schema = api_for("tckh").get("/api/schema/?format=json").json()
    descriptions = {
        f"{method.upper()} {path}": operation.get("description", "")
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    assert descriptions["GET /api/v1/projects/"] == "Các dự án người dùng được xem trên trang."
    assert "movement evaluate" in descriptions["GET /api/v1/movements/{code}/evaluation/"]
    missing = [name for name, text in descriptions.items() if not text]
    assert missing == []
    assert [name for name, text in descriptions.items() if english_in(f"<p>{text}</p>")] == []
