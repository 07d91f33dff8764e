"""Finance-Planning's quarterly report in real Chromium: draft it as of 30/09/2024, edit a
text block, issue it (numbered, archived), download its docx and xlsx, find it in the list."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from giaingan.reporting.models import IssuedReport
from tests.browser.conftest import screenshot
from tests.browser.test_journeys import log_in
from tests.documents.helpers import lines, open_docx
from tests.reporting.helpers import report_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ledger(district, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return report_ledger(district)


def test_finance_planning_drafts_edits_issues_and_finds_its_quarterly_report(
    live_server, page, people, ledger
):
    log_in(page, live_server.url, "tckh")
    page.get_by_role("link", name="Báo cáo tổng hợp").click()
    page.get_by_role("link", name="Lập báo cáo định kỳ, đột xuất").click()
    page.get_by_label("Loại báo cáo").select_option("quarterly")
    page.get_by_label("Số liệu tính đến ngày").fill("30/09/2024")
    page.get_by_role("button", name="Lập bản nháp").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("quý III năm 2024")
    expect(page.get_by_test_id("draft-disbursed")).to_have_text("653.333.333 đồng")
    tasks = page.get_by_label("Nhiệm vụ, giải pháp kỳ tới")
    expect(tasks).to_contain_text("Trong quý IV năm 2024")
    tasks.fill("Hoàn thành giải phóng mặt bằng đoạn Km2 trước 15/10/2024.")
    page.get_by_label("Người ký (họ và tên)").fill("Hoàng Thị Mai")
    screenshot(page, "report-draft")
    page.get_by_test_id("issue").click()

    expect(page.get_by_test_id("issued-number")).to_have_text("01/BCQ-TCKH")
    report = IssuedReport.objects.get()
    with page.expect_download() as got:
        page.get_by_test_id("issued-docx").click()
    docx = Path(got.value.path()).read_bytes()
    assert hashlib.sha256(docx).hexdigest() == report.docx_sha256
    text = lines(open_docx(docx))
    assert "Hoàn thành giải phóng mặt bằng đoạn Km2 trước 15/10/2024." in text
    assert "Số: 01/BCQ-TCKH" in text and "Hoàng Thị Mai" in text
    with page.expect_download() as got:
        page.get_by_test_id("issued-xlsx").click()
    assert got.value.suggested_filename == "01-BCQ-TCKH.xlsx"
    book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
    assert book["Biểu 03"]["C6"].value == "Ban QLDA ĐTXD huyện"

    page.get_by_role("link", name="Báo cáo tổng hợp").click()
    page.locator("#r-kind").select_option("quarterly")
    page.get_by_role("button", name="Tìm").click()
    row = page.get_by_test_id("registry").get_by_role("row").filter(has_text="01/BCQ-TCKH")
    expect(row).to_contain_text("quý III năm 2024")
    expect(row).to_contain_text("30/09/2024")
    screenshot(page, "report-registry")
