"""A table's csv and xlsx are the page's table: its Vietnamese headers, its columns in its
order, its rows in its order (by rank where it ranks), the gap to the target in words."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from lxml import html
from openpyxl import load_workbook

from giaingan.capital.models import DisbursementTarget
from tests.conftest import make_project, pay, plan

pytestmark = pytest.mark.django_db

D = dt.date
AS_OF = {"year": 2024, "as_of": "31/12/2024"}


@pytest.fixture
def figures(district):
    """The commune's projects reach 90%, the board's 40%: the commune ranks first, and by
    the 46,25% target due on 30/06 the board is 6,25 points behind."""
    DisbursementTarget.objects.create(
        plan_year=2024, due_date=D(2024, 6, 30), share_percent="46.25"
    )
    board_road = make_project("DA-DUONG", district["board"], district["vanan"])
    board_school = make_project("DA-TRUONG", district["board"], district["tandoan"])
    hall = make_project("DA-NHA", district["tandoan"], district["tandoan"])
    for project, planned, paid in [
        (board_road, 600_000_000, 300_000_000),
        (board_school, 400_000_000, 100_000_000),
        (hall, 500_000_000, 450_000_000),
    ]:
        plan(project, planned)
        pay(project, paid, on=D(2024, 5, 2))
    return district


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def page_tables(response) -> list:
    return html.fromstring(response.content).xpath("//table")


def cell_texts(row) -> list[str]:
    return [" ".join(cell.text_content().split()) for cell in row.xpath("./td|./th")]


def test_the_dashboard_tables_download_ranked_with_the_pages_headers(client_for, figures):
    client = client_for("tckh")
    page = client.get("/tong-quan/", AS_OF)
    table = next(t for t in page_tables(page) if "Chủ đầu tư" in cell_texts(t.xpath(".//tr")[0]))
    page_headers = cell_texts(table.xpath(".//thead/tr")[0])
    page_rows = [cell_texts(row) for row in table.xpath(".//tbody/tr")]

    rows = csv_rows(client.get("/xuat/investor.csv", AS_OF))
    headers = rows[0]
    # The page's columns, in its order; amounts in đồng where the page shows millions, and
    # the code beside the name.
    assert headers == [
        "Hạng",
        "Mã",
        "Chủ đầu tư",
        "Kế hoạch (đồng)",
        "Đã giải ngân (đồng)",
        "Dư ứng (đồng)",
        "Tỷ lệ",
        "So với mục tiêu",
    ]
    assert [header.replace("(tr.đ)", "(đồng)") for header in page_headers] == [
        headers[0],
        *headers[2:],
    ]
    body = rows[1:-1]
    assert [row[2] for row in body] == [row[1] for row in page_rows]  # same rows, same order
    assert [row[0] for row in body] == ["1", "2"]
    assert [row[6] for row in body] == [row[5] for row in page_rows]  # rates as on the page
    assert [row[7] for row in body] == [row[6] for row in page_rows]
    assert body[1][7] == "Chậm 6,25 điểm %"  # the board: 40% against 46,25%
    assert body[0][7] == "Vượt 43,75 điểm %"
    assert rows[-1][0] == "Tổng cộng"

    sheet = load_workbook(io.BytesIO(client.get("/xuat/investor.xlsx", AS_OF).content)).active
    grid = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert grid[0] == headers
    assert [row[2] for row in grid[1:-1]] == [row[2] for row in body]
    assert grid[2][3] == 1_000_000_000 and grid[2][7] == "Chậm 6,25 điểm %"


def test_the_gap_reads_in_words_on_the_dashboard(client_for, figures):
    text = client_for("tckh").get("/tong-quan/", AS_OF).content.decode()
    assert "Chậm 6,25 điểm %" in text
    assert "-6,25" not in text and "Chậm -" not in text


def test_the_project_list_downloads_in_the_pages_sort_and_columns(client_for, figures):
    client = client_for("tckh")
    query = {**AS_OF, "sort": "-plan", "commune": figures["tandoan"].pk}
    page = client.get("/du-an/", query)
    table = page_tables(page)[0]
    page_headers = [text.rstrip(" ▲▼") for text in cell_texts(table.xpath(".//thead/tr")[0])]
    page_codes = [cell_texts(row)[0].split()[0] for row in table.xpath(".//tbody/tr")]

    rows = csv_rows(client.get("/xuat/projects.csv", query))
    assert rows[0] == page_headers
    assert [row[0] for row in rows[1:-1]] == page_codes == ["DA-NHA", "DA-TRUONG"]
    assert rows[1][2:5] == ["500000000", "450000000", "90,00%"]
    assert rows[-1][1] == "Tổng cộng (2 dự án)"
    sheet = load_workbook(io.BytesIO(client.get("/xuat/projects.xlsx", query).content)).active
    grid = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert grid[0] == page_headers
    assert [row[0] for row in grid[1:-1]] == page_codes


@pytest.mark.parametrize(
    ("ledger", "heading"),
    [
        ("ke-hoach", "Sổ kế hoạch vốn"),
        ("chung-tu", "Chứng từ giải ngân qua Kho bạc"),
        ("lich-su", "Lịch sử thay đổi"),
    ],
)
def test_a_projects_tables_download_with_the_pages_headers_and_rows(
    client_for, figures, ledger, heading
):
    client = client_for("tckh")
    page = html.fromstring(client.get("/du-an/DA-DUONG/").content)
    section = page.xpath(f'//section[h2="{heading}"]')[0]
    page_headers = cell_texts(section.xpath(".//thead/tr")[0])
    page_rows = [cell_texts(row) for row in section.xpath(".//tbody/tr")]
    rows = csv_rows(client.get(f"/du-an/DA-DUONG/{ledger}.csv"))
    assert rows[0] == page_headers
    body = rows[1:-1] if ledger != "lich-su" else rows[1:]
    assert len(body) == len(page_rows) > 0
    for exported, shown in zip(body, page_rows, strict=True):
        assert exported[0] == shown[0]  # the same rows in the same order
        if ledger != "lich-su":
            assert exported[1] == shown[1]  # dates as the page writes them
        assert shown[-1].startswith(exported[-1])  # the page adds only its links
