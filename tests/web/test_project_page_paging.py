"""A project's page shows its plan ledger, treasury lines and history 100 rows at a time,
each with its own navigator that keeps the address's other parameters; the downloads hold
every row."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html

from giaingan.capital.ledger import LineInput
from giaingan.capital.models import LineKind
from giaingan.capital.services import treasury_line_record
from tests.conftest import make_project, plan, source

pytestmark = pytest.mark.django_db

D = dt.date
LINES = 230


@pytest.fixture
def busy(district):
    project = make_project("DA-LON", district["board"], district["vanan"])
    for month in (1, 2, 3):
        plan(project, 10_000_000_000, on=D(2023, 12, 20 + month), number=f"{month}/QĐ-UBND")
    for number in range(1, LINES + 1):
        treasury_line_record(
            line=LineInput(
                document_number=f"KB-{number:04d}",
                value_date=D(2024, 1, 1) + dt.timedelta(days=number),
                project_id=project.pk,
                source_id=source().pk,
                plan_year=2024,
                kind=LineKind.PAYMENT,
                amount=1_000_000,
            )
        )
    return project


def section(response, heading: str):
    return html.fromstring(response.content).xpath(f'//section[h2="{heading}"]')[0]


def numbers(part) -> list[str]:
    return [row.xpath("./td")[0].text_content() for row in part.xpath(".//tbody/tr")]


def links(part) -> dict[str, dict[str, list[str]]]:
    return {
        a.text_content(): parse_qs(urlsplit(a.get("href")).query)
        for a in part.xpath(".//nav[contains(@class, 'pagination')]//a")
    }


def test_the_lines_show_a_hundred_at_a_time(client_for, busy):
    client = client_for("tckh")
    first = section(client.get("/du-an/DA-LON/"), "Chứng từ giải ngân qua Kho bạc")
    assert numbers(first) == [f"KB-{n:04d}" for n in range(1, 101)]
    assert "Trang 1/3 (dòng 1-100 trong 230)" in first.text_content()
    last = section(client.get("/du-an/DA-LON/", {"trang_ct": 3}), "Chứng từ giải ngân qua Kho bạc")
    assert numbers(last) == [f"KB-{n:04d}" for n in range(201, 231)]


def test_the_navigator_keeps_the_other_parameters(client_for, busy):
    client = client_for("tckh")
    query = {"year": 2024, "as_of": "31/12/2024", "trang_kh": 1, "trang_ct": 2}
    part = section(client.get("/du-an/DA-LON/", query), "Chứng từ giải ngân qua Kho bạc")
    assert numbers(part)[0] == "KB-0101"
    found = links(part)
    assert found["Trang sau ›"] == {
        "year": ["2024"],
        "as_of": ["31/12/2024"],
        "trang_kh": ["1"],
        "trang_ct": ["3"],
    }
    assert found["‹ Trang trước"]["trang_ct"] == ["1"]
    assert found["« Trang đầu"]["trang_ct"] == ["1"]
    assert found["Trang cuối »"]["trang_ct"] == ["3"]
    assert found["Trang sau ›"]["as_of"] == ["31/12/2024"]


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "999", "1e3", "２"])
def test_a_bad_page_number_shows_a_page_not_an_error(client_for, busy, bad):
    response = client_for("tckh").get("/du-an/DA-LON/", {"trang_ct": bad})
    assert response.status_code == 200
    assert len(numbers(section(response, "Chứng từ giải ngân qua Kho bạc"))) in (100, 30)


def test_a_short_table_has_no_navigator(client_for, busy):
    part = section(client_for("tckh").get("/du-an/DA-LON/"), "Sổ kế hoạch vốn")
    assert len(numbers(part)) == 3
    assert not part.xpath(".//nav")


def test_the_history_is_paged_too(client_for, busy):
    client = client_for("tckh")
    part = section(client.get("/du-an/DA-LON/"), "Lịch sử thay đổi")
    assert len(part.xpath(".//tbody/tr")) == 100
    assert "Trang 1/" in part.text_content()
    assert "trang_ls" in links(part)["Trang sau ›"]


def test_the_downloads_hold_every_row(client_for, busy):
    client = client_for("tckh")
    response = client.get("/du-an/DA-LON/chung-tu.csv", {"trang_ct": 2})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:-1]] == [f"KB-{n:04d}" for n in range(1, LINES + 1)]
    assert rows[-1][0] == "Tổng cộng" and rows[-1][6] == str(LINES * 1_000_000)
    history = client.get("/du-an/DA-LON/lich-su.csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(history)))) > 101


@pytest.mark.parametrize("role", ["bqlda", "xa.tandoan", "tckh"])
def test_paging_keeps_the_projects_permission(client_for, busy, role):
    response = client_for(role).get("/du-an/DA-LON/", {"trang_ct": 2})
    assert response.status_code == (403 if role == "xa.tandoan" else 200)
