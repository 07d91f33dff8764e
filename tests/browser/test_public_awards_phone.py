"""Issue 9 rule 9: the public award pages fit a 390 px phone without sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.emulation import conftest as emulation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The pipeline up to the chairman's decision, as the service tests build it.
movement = emulation.movement
ledger = emulation.ledger
council = emulation.council
drafted = emulation.drafted
submitted = emulation.submitted
appraised = emulation.appraised
voted = emulation.voted
posted = emulation.posted
decided = emulation.decided


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def fits(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_the_public_award_pages_fit_a_phone(live_server, phone, decided):
    posting = decided.proposal.postings.get()
    for path, shows in [
        ("/public/khen-thuong/", "Quyết định số 25/QĐ-UBND"),
        (f"/public/khen-thuong/niem-yet/{posting.pk}/", "Ban QLDA ĐTXD huyện"),
        (f"/public/khen-thuong/quyet-dinh/{decided.pk}/", "Ban QLDA ĐTXD huyện"),
    ]:
        phone.goto(live_server.url + path)
        expect(phone.locator("main, body").first).to_contain_text(shows)
        assert fits(phone), path
