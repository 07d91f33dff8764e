"""The award pipeline in real Chromium, from the draft list to the printed Giấy khen.

Each official works in their own browser context (their own session), as they would at
their own desk: Finance-Planning, Internal Affairs, four council members, the chairman.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from giaingan.emulation.models import AwardDecision, Vote
from tests.browser.conftest import screenshot
from tests.emulation import conftest as emulation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The movement, its ledger and its council, as the service tests build them.
movement = emulation.movement
ledger = emulation.ledger
council = emulation.council

PIPELINE = "/thi-dua/DTC-2024/ho-so/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@contextmanager
def desk(browser, base_url: str, username: str):
    """A signed-in browser window of its own for `username`."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("giaingan")
    page.keyboard.press("Enter")
    expect(page.locator(".account .who")).to_be_visible()
    try:
        yield page
    finally:
        context.close()


def test_an_award_from_the_draft_list_to_the_certificates(
    live_server, browser, people, movement, ledger, council
):
    url = live_server.url

    # Finance-Planning drafts the list from the figures and submits it with a number.
    with desk(browser, url, "tckh") as page:
        page.goto(url + PIPELINE)
        expect(page.get_by_label("Số liệu giải ngân đến ngày")).to_have_value("31/01/2025")
        page.get_by_role("button", name="Lập danh sách đề nghị").click()
        expect(page.locator(".messages")).to_contain_text("1 hồ sơ đề nghị khen thưởng")
        awards = page.get_by_test_id("award-list")
        expect(awards).to_contain_text("Ban QLDA ĐTXD huyện")
        expect(awards).to_contain_text("100,00")
        expect(page.get_by_test_id("review-list")).to_contain_text("UBND xã Tân Đoàn")
        expect(page.get_by_test_id("review-list")).to_contain_text("40,00")
        screenshot(page, "award-0-draft")
        page.get_by_label("Số tờ trình").fill("12/TTr-TCKH")
        page.get_by_label("Ngày trình").fill("03/02/2025")
        page.get_by_role("button", name="Trình tờ trình").click()
        expect(page.locator("h2").first).to_contain_text("Tờ trình số 12/TTr-TCKH")
        expect(page.get_by_test_id("dossiers")).to_contain_text("Đã trình")
        screenshot(page, "award-1-submitted")

    # Internal Affairs receives the dossier, appraises it eligible (ticked, in bulk), and
    # opens the council's session with the roll call: the fifth member sends a letter.
    with desk(browser, url, "noivu") as page:
        page.goto(url + PIPELINE)
        dossiers = page.get_by_test_id("dossiers")
        screenshot(page, "award-1-appraisal")
        dossiers.get_by_role("button", name="Tiếp nhận").click()
        expect(page.get_by_test_id("dossiers")).to_contain_text("Đã tiếp nhận")
        page.get_by_label("Chọn Ban QLDA ĐTXD huyện").check()
        page.locator("select[name=to_status]").select_option(label="Đủ điều kiện")
        page.get_by_role("button", name="Thực hiện với các hồ sơ đã chọn").click()
        expect(page.get_by_test_id("dossiers")).to_contain_text("Thẩm định: đủ điều kiện")
        page.get_by_role("link", name="Mở phiên họp Hội đồng").click()
        expect(page.get_by_test_id("roll-call")).to_contain_text("Thành viên 5")
        page.get_by_label("Ngày họp").fill("06/02/2025")
        page.get_by_label("Giờ họp").fill("08:30")
        page.get_by_label("Địa điểm").fill("Phòng họp số 1, UBND huyện")
        page.get_by_label("Chủ trì").fill("Hoàng Văn Thuận")
        page.get_by_label("Thư ký").fill("Hà Thị Lan")
        fifth = council["members"][4]
        page.locator(f"input[name='tv-{fifth.pk}'][value='van_ban']").check()
        screenshot(page, "award-2-roll-call")
        page.get_by_role("button", name="Mở phiên họp").click()
        expect(page.get_by_test_id("session-status")).to_have_text("Đang họp")
        expect(page.get_by_test_id("threshold")).to_contain_text("nhiều hơn 50%")
        session_url = page.url

    # Four members present vote in their own sessions: three agree, one does not.
    for number, choice in [(1, "Đồng ý"), (2, "Đồng ý"), (3, "Đồng ý"), (4, "Không đồng ý")]:
        with desk(browser, url, f"tv{number}") as page:
            page.goto(session_url)
            ballot = page.locator("#ballot-form")
            expect(ballot).to_contain_text("Ban QLDA ĐTXD huyện")
            ballot.get_by_label(choice, exact=True).check()
            page.get_by_role("button", name="Gửi phiếu biểu quyết").click()
            expect(page.locator(".messages")).to_contain_text("Đã ghi 1 phiếu biểu quyết")
    assert Vote.objects.filter(written=False).count() == 4

    # Internal Affairs records the absent member's letter, closes the session, posts the
    # list. It posts from an earlier day, so that the posting is over by now.
    with desk(browser, url, "noivu") as page:
        page.goto(session_url)
        letters = page.locator("#written-form")
        letters.get_by_label("Đồng ý", exact=True).check()
        page.get_by_role("button", name="Ghi ý kiến bằng văn bản").click()
        expect(page.locator(".messages")).to_contain_text("Thành viên 5")
        tally = page.get_by_test_id("tally")
        expect(tally.locator("tbody tr td").nth(1)).to_have_text("4")
        expect(tally).to_contain_text("Đạt")
        page.get_by_role("button", name="Kết thúc phiên họp").click()
        expect(page.get_by_test_id("session-status")).to_have_text("Đã kết thúc")
        expect(page.get_by_role("link", name="Tải Biên bản họp Hội đồng (.docx)")).to_be_visible()
        screenshot(page, "award-3-council")
        page.goto(url + PIPELINE)
        page.get_by_label("Ngày niêm yết").fill("07/02/2025")
        # Posted in 2025, recorded today: a past posting names where it was posted.
        page.get_by_label("Nơi đã niêm yết").fill("Bảng tin trụ sở UBND huyện")
        page.get_by_role("button", name="Niêm yết danh sách").click()
        expect(page.get_by_test_id("posting")).to_contain_text("đến hết ngày 14/02/2025")

    # The chairman sees nothing blocks the decision, issues it and prints the certificates.
    with desk(browser, url, "chutich") as page:
        page.goto(url + PIPELINE)
        expect(page.get_by_test_id("decision-checklist")).to_contain_text("có thể quyết định")
        page.get_by_label("Số quyết định").fill("25/QĐ-UBND")
        page.get_by_label("Ngày quyết định").fill("17/02/2025")
        page.get_by_role("button", name="Ban hành quyết định khen thưởng").click()
        expect(page.locator("h1")).to_have_text("Quyết định số 25/QĐ-UBND")
        recipients = page.get_by_test_id("awards")
        expect(recipients).to_contain_text("Ban QLDA ĐTXD huyện")
        expect(recipients).to_contain_text("0001/2025")
        expect(page.get_by_test_id("total")).to_have_text("1.410.000")
        screenshot(page, "award-4-decision")
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải Quyết định (.docx)").click()
        with open(download.value.path(), "rb") as word:
            assert word.read(2) == b"PK"
        link = page.get_by_role("link", name="In Giấy khen (PDF)")
        certificates = page.request.get(url + link.get_attribute("href"))
        assert certificates.status == 200
        assert certificates.headers["content-type"] == "application/pdf"
        assert certificates.headers["content-disposition"].startswith("inline")
        assert certificates.body().startswith(b"%PDF")
    assert AwardDecision.objects.get().awards.count() == 1
