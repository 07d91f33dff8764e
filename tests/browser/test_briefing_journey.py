"""A briefing in real Chromium: Finance-Planning (the chair's office) opens the September
briefing, the agenda is filled from the figures, it records the chair's conclusion and a
task for the board, downloads the Thông báo kết luận; the board sees the task flagged
overdue and reports it done."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from giaingan.capital.models import DisbursementTarget
from giaingan.monitoring.models import ActionItem, ActionStatus
from tests.browser.conftest import screenshot
from tests.browser.test_monthly_cycle_journey import pages  # noqa: F401 (a fixture)
from tests.documents.helpers import lines, open_docx
from tests.monitoring.helpers import cycle_projects

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def projects(district):
    DisbursementTarget.objects.create(
        plan_year=2024, due_date=dt.date(2024, 9, 30), share_percent=30
    )
    return cycle_projects(district)


def test_a_briefing_assigns_a_task_the_unit_closes(live_server, pages, people, projects):  # noqa: F811
    office = pages(live_server.url, "tckh")
    office.get_by_role("link", name="Giao ban").click()
    office.get_by_label("Ngày họp").fill("30/09/2024")
    office.get_by_label("Người chủ trì").fill("Đồng chí Nông Văn Bình, Chủ tịch UBND huyện")
    office.get_by_label("Địa điểm").fill("Hội trường UBND huyện")
    office.get_by_label("Thành phần dự họp").fill("Phòng Tài chính - Kế hoạch\nBan QLDA ĐTXD huyện")
    office.get_by_role("button", name="Mở cuộc họp").click()
    expect(office.locator("h1")).to_contain_text("30/09/2024")
    # The agenda, from the figures as of 30/09: BQ-2 has paid nothing, two projects are behind.
    expect(office.get_by_test_id("agenda-slowest").locator("tbody tr").first).to_have_attribute(
        "data-project", "BQ-2"
    )
    expect(office.get_by_test_id("behind-count")).to_have_text("2")
    expect(office.get_by_test_id("agenda-missing")).to_contain_text("Ban QLDA ĐTXD huyện")

    office.get_by_label("Ý kiến kết luận chung").fill("Tập trung giải ngân các dự án chậm.")
    office.get_by_role("button", name="Ghi kết luận").click()
    expect(office.locator(".messages")).to_contain_text("Đã ghi ý kiến kết luận")
    office.get_by_label("Nội dung nhiệm vụ").fill("Đôn đốc nhà thầu dự án BQ-2 thi công.")
    office.get_by_label("Đơn vị thực hiện").select_option(label="Ban QLDA ĐTXD huyện")
    office.get_by_label("Thời hạn").fill("15/10/2024")
    office.get_by_label("Mã dự án (nếu có)").fill("BQ-2")
    office.get_by_role("button", name="Ghi nhiệm vụ").click()
    expect(office.get_by_test_id("briefing-actions")).to_contain_text("Đôn đốc nhà thầu")
    with office.expect_download() as download:
        office.get_by_role("link", name="Tải Thông báo kết luận (.docx)").click()
    text = lines(open_docx(open(download.value.path(), "rb").read()))
    assert "THÔNG BÁO" in text
    assert "Tập trung giải ngân các dự án chậm." in text
    assert any(line.startswith("1. Ban QLDA ĐTXD huyện: Đôn đốc nhà thầu") for line in text)
    screenshot(office, "briefing")

    board = pages(live_server.url, "bqlda")
    board.get_by_role("link", name="Nhiệm vụ").click()
    action = ActionItem.objects.get()
    row = board.locator(f'tr[data-action="{action.pk}"]')
    expect(row).to_have_attribute("data-status", "overdue")  # 15/10/2024 has passed
    row.get_by_role("link").click()
    board.get_by_label("Ngày hoàn thành").fill("20/10/2024")
    board.get_by_label("Kết quả thực hiện").fill("Nhà thầu đã bổ sung 2 máy đào.")
    board.get_by_role("button", name="Báo hoàn thành").click()
    expect(board.get_by_test_id("action-status")).to_contain_text("Đã hoàn thành")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_on == dt.date(2024, 10, 20)

    office.reload()
    expect(office.locator(f'tr[data-action="{action.pk}"]')).to_have_attribute(
        "data-status", "done"
    )
