"""An officer pages through a busy project's treasury lines and downloads all of them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.test_journeys import log_in
from tests.imports.helpers import PLAN, PROJECTS, UNITS, csv_bytes, run_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINES = 150


@pytest.fixture
def busy(people):
    for kind, rows in [("units", UNITS), ("projects", PROJECTS), ("plan", PLAN)]:
        assert run_import(kind, csv_bytes(rows)).ok
    statement = [
        ["so_chung_tu", "ngay", "ma_du_an", "nguon_von", "nam_ke_hoach", "loai", "so_tien"]
    ]
    for number in range(1, LINES + 1):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=number)
        statement.append(
            [
                f"KB-{number:04d}",
                f"{day:%d/%m/%Y}",
                "DA1",
                "NSDP-HUYEN",
                "2024",
                "thanh_toan",
                "1000",
            ]
        )
    result = run_import("treasury", csv_bytes(statement))
    assert result.ok, result.problems
    return people


def test_an_officer_pages_through_the_lines_and_downloads_them_all(
    live_server, page, busy, tmp_path
):
    log_in(page, live_server.url, "tckh")
    page.goto(f"{live_server.url}/du-an/DA1/?year=2024&as_of=31/12/2024")
    lines = page.locator("section#chung-tu")
    expect(lines.locator("tbody tr")).to_have_count(100)
    expect(lines.locator("tbody tr").first.locator("td").first).to_have_text("KB-0001")
    expect(lines.get_by_text("Trang 1/2 (dòng 1-100 trong 150)")).to_be_visible()

    lines.get_by_role("link", name="Trang sau ›").click()
    expect(page).to_have_url(re.compile(r"trang_ct=2"))
    assert "year=2024" in page.url and "as_of=31%2F12%2F2024" in page.url
    lines = page.locator("section#chung-tu")
    expect(lines.locator("tbody tr")).to_have_count(50)
    expect(lines.locator("tbody tr").first.locator("td").first).to_have_text("KB-0101")
    # The plan ledger's own page is untouched by the lines' navigator.
    expect(page.locator("section#so-ke-hoach tbody tr")).to_have_count(2)

    with page.expect_download() as download:
        lines.get_by_role("link", name="Excel (.xlsx)").click()
    target = tmp_path / "chung-tu.xlsx"
    download.value.save_as(target)
    sheet = load_workbook(target).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert numbers == [f"KB-{n:04d}" for n in range(1, LINES + 1)] + ["Tổng cộng"]
