"""A province's projects in real Chromium: the code field offers codes as one types."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from giaingan.capital import views
from giaingan.capital.models import Project, TreasuryLine
from tests.browser.test_journeys import log_in
from tests.conftest import make_project, plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_treasury_finds_a_project_by_part_of_its_name(
    live_server, page, people, district, monkeypatch
):
    road = make_project("DA-0417", district["board"], district["tandoan"])
    Project.objects.filter(pk=road.pk).update(name="Đường GTNT thôn Bản Chặng")
    make_project("DA-0418", district["board"], district["tandoan"])
    plan(road, 500_000_000)
    monkeypatch.setattr(views, "PROJECT_LIST_MAX", 1)  # as for a province's 8,000

    log_in(page, live_server.url, "khobac")
    page.goto(f"{live_server.url}/so-von/chung-tu/moi/")
    codes = page.locator("datalist#project-codes option")
    expect(codes).to_have_count(0)
    page.get_by_label("Mã dự án").press_sequentially("ban chang")
    expect(codes).to_have_count(1)
    expect(codes.first).to_have_attribute("value", "DA-0417")
    expect(codes.first).to_have_text("Đường GTNT thôn Bản Chặng")

    # Chosen from the list, the code is typed in full and the line is recorded.
    page.get_by_label("Mã dự án").fill("DA-0417")
    page.get_by_label("Số chứng từ").fill("KB-0417")
    page.get_by_label("Ngày").fill("15/05/2024")
    page.get_by_label("Nguồn vốn").select_option("NSDP-HUYEN")
    page.get_by_label("Năm kế hoạch").fill("2024")
    page.get_by_label("Loại").select_option("thanh_toan")
    page.get_by_label("Số tiền (đồng)").fill("100.000.000")
    page.get_by_role("button", name="Ghi chứng từ").click()
    expect(page.locator(".messages")).to_contain_text("KB-0417")
    assert TreasuryLine.objects.get().project_id == road.pk
