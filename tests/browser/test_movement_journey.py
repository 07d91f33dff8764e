"""An emulation movement from its creation to a criterion met, in real Chromium."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giaingan.emulation.models import Evidence, Movement, Registration
from tests.browser.conftest import screenshot
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRITERION = "Có sáng kiến, giải pháp hiệu quả"
KEY = "co_sang_kien_giai_phap_hieu_qua"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_movement_from_creation_to_an_accepted_initiative(live_server, browser, people, tmp_path):
    today = timezone.localdate()
    base = live_server.url

    # Internal Affairs launches a movement running today, with an initiative to show.
    page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN").new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "noivu")
    page.get_by_role("link", name="Thi đua").click()
    page.get_by_role("link", name="Tạo phong trào").click()
    page.get_by_label("Mã phong trào").fill("TD-NAY")
    page.get_by_label("Tên phong trào").fill("Đẩy nhanh giải ngân vốn đầu tư công")
    page.get_by_label("Năm kế hoạch vốn được đánh giá").fill(str(today.year))
    page.get_by_label("Từ ngày").fill((today - dt.timedelta(days=10)).strftime("%d/%m/%Y"))
    page.get_by_label("Đến ngày").fill((today + dt.timedelta(days=60)).strftime("%d/%m/%Y"))
    page.get_by_label("Nhóm đối tượng, dòng 7").select_option("chu_dau_tu")
    page.get_by_label("Tiêu chí, dòng 7", exact=True).fill(CRITERION)
    page.get_by_role("button", name="Tạo phong trào").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo phong trào TD-NAY")
    assert Movement.objects.get(code="TD-NAY").criteria.filter(key=KEY).exists()
    page.context.close()

    # The board's officer registers the board and sends its evidence with a file.
    page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN").new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "bqlda")
    page.goto(f"{base}/thi-dua/TD-NAY/")
    page.get_by_role("link", name="Đăng ký thi đua").click()
    expect(page.get_by_label("Đơn vị đăng ký")).to_have_value(
        str(people["bqlda"].memberships.get().unit_id)
    )
    page.get_by_label("Nội dung đăng ký thi đua").fill("Giải ngân 100% kế hoạch vốn trước hạn")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.locator(".messages")).to_contain_text("đã đăng ký phong trào TD-NAY")
    report = tmp_path / "bao_cao_sang_kien.pdf"
    report.write_bytes(b"%PDF-1.4\n% sang kien\n")
    page.locator("#id_criterion").select_option(label=CRITERION)
    page.get_by_label("Nội dung minh chứng").fill("Nghiệm thu và thanh toán theo từng hạng mục")
    page.get_by_label("Tệp đính kèm (không bắt buộc)").set_input_files(str(report))
    page.get_by_role("button", name="Gửi minh chứng").click()
    expect(page.locator(".messages")).to_contain_text("chờ thẩm định")
    expect(page.locator(f'tr[data-key="{KEY}"] .pill').first).to_have_text("Chờ thẩm định")
    assert Evidence.objects.get().file.name.endswith(".pdf")
    page.context.close()

    # Finance-Planning accepts it from the standing.
    page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN").new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "tckh")
    page.goto(f"{base}/thi-dua/TD-NAY/")
    row = page.locator('tr[data-code="BQLDA"]')
    expect(row.locator(f'[data-key="{KEY}"]')).to_have_text("Chờ thẩm định")
    row.get_by_role("link", name="Ban QLDA ĐTXD huyện").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="bao_cao_sang_kien.pdf").click()
    assert download.value.suggested_filename == "bao_cao_sang_kien.pdf"
    page.locator("form.assess input[name=note]").fill("Đúng thực tế tại đơn vị")
    page.get_by_role("button", name="Công nhận", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("đã công nhận")

    # The standing shows the criterion met.
    page.goto(f"{base}/thi-dua/TD-NAY/")
    expect(page.locator(f'tr[data-code="BQLDA"] [data-key="{KEY}"]')).to_have_text("Đạt")
    screenshot(page, "movement-standing")
    page.context.close()
    registration = Registration.objects.get(movement__code="TD-NAY")
    assert registration.evidence.get().accepted is True
