"""A visitor (no login) finds the open data from the public page and downloads a published
snapshot as OCDS and IATI files that pass their schemas, under the Content Security Policy."""

from __future__ import annotations

import json

import pytest
import xmlschema
from playwright.sync_api import expect

from tests.opendata import test_ocds as ocds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ledger = ocds.ledger
published = ocds.published


def test_a_visitor_downloads_the_published_open_data(live_server, page, published):
    complaints = []
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: complaints.append(str(error)))
    page.goto(f"{live_server.url}/public/")
    page.get_by_role("navigation", name="Điều hướng").get_by_role("link", name="Dữ liệu mở").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dữ liệu mở")
    row = page.get_by_role("row").filter(has_text=published.title)
    expect(row).to_contain_text("30/09/2024")
    expect(page.locator("main")).to_contain_text("CC BY 4.0")
    with page.expect_download() as download:
        row.get_by_role("link", name="OCDS (JSON)").click()
    package = json.loads(open(download.value.path(), encoding="utf-8").read())
    ocds.assert_valid(package)
    assert {r["ocid"] for r in package["releases"]} == {"ocds-giaingan-DA1", "ocds-giaingan-DA2"}
    with page.expect_download() as download:
        row.get_by_role("link", name="IATI (XML)").click()
    schema = xmlschema.XMLSchema(str(ocds.SCHEMAS / "iati-activities-schema.xsd"))
    schema.validate(open(download.value.path(), encoding="utf-8").read())
    assert complaints == []
