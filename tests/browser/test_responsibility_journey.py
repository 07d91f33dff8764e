"""A person judged on the projects they answer for, in real Chromium: Internal Affairs keeps
the list on the person's page, and the standing shows the person on those projects."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giaingan.emulation.models import Category, Movement
from giaingan.emulation.services import movement_register
from tests.browser.conftest import screenshot
from tests.browser.test_journeys import log_in
from tests.conftest import make_project, pay, plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_internal_affairs_gives_a_person_their_projects(live_server, page, people, district):
    today = timezone.localdate()
    movement = Movement.objects.create(
        code="TD-NAY",
        name="Đẩy nhanh giải ngân vốn đầu tư công",
        plan_year=today.year,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=60),
    )
    movement_register(
        movement=movement,
        unit=district["board"],
        category=Category.INVESTOR,
        registered_on=today - dt.timedelta(days=5),
    )
    person = movement_register(
        movement=movement,
        unit=district["board"],
        category=Category.INDIVIDUAL,
        registered_on=today - dt.timedelta(days=5),
        person_name="Nguyễn Văn An",
        person_position="Phó Giám đốc",
    )
    road = make_project("DA-DUONG", district["board"])
    school = make_project("DA-TRUONG", district["board"])
    for project, paid in ((road, 1_000), (school, 100)):
        plan(project, 1_000, on=today - dt.timedelta(days=9), year=today.year)
        pay(project, paid, on=today - dt.timedelta(days=2), year=today.year)

    log_in(page, live_server.url, "noivu")
    page.goto(f"{live_server.url}/thi-dua/TD-NAY/dang-ky/{person.pk}/")
    expect(page.get_by_test_id("judged-on")).to_contain_text(
        "chưa có danh sách dự án cá nhân phụ trách"
    )
    page.get_by_label("DA-DUONG - Dự án DA-DUONG").check()
    page.get_by_role("button", name="Lưu danh sách dự án phụ trách").click()
    expect(page.locator(".messages")).to_contain_text("thêm DA-DUONG")
    expect(page.get_by_test_id("responsible-projects")).to_contain_text("DA-DUONG")
    expect(page.get_by_test_id("judged-on")).to_have_text("1 dự án cá nhân phụ trách: DA-DUONG")

    # The standing: the person at 100% on the road; the board at 55% on both projects.
    page.goto(f"{live_server.url}/thi-dua/TD-NAY/")
    person_row = page.locator('table[data-category="ca_nhan"] tr[data-code="BQLDA"]')
    expect(person_row).to_contain_text("1 dự án cá nhân phụ trách: DA-DUONG")
    expect(person_row).to_contain_text("100,00%")
    board_row = page.locator('table[data-category="chu_dau_tu"] tr[data-code="BQLDA"]')
    expect(board_row).to_contain_text("55,00%")
    screenshot(page, "movement-standing-person")
    assert list(person.responsible_projects.values_list("project__code", flat=True)) == ["DA-DUONG"]
