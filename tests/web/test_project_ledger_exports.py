"""A project's plan ledger and treasury lines download as xlsx and csv, for those who may
see the project."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from giaingan.capital.models import PlanEntry
from tests.conftest import advance, make_project, pay, plan

ROLES = ["chutich", "tckh", "khobac", "bqlda", "xa.tandoan", "noivu", "hoidong1", "xem", "admin"]
ALLOWED = {"chutich", "tckh", "khobac", "bqlda", "noivu", "hoidong1", "xem", "admin"}
D = dt.date


@pytest.fixture
def project(district):
    project = make_project("DA-BQL", district["board"], district["vanan"])
    plan(project, 1_000_000_000, on=D(2023, 12, 22))
    advance(project, 300_000_000, on=D(2024, 3, 1), number="KB-1")
    pay(project, 500_000_000, on=D(2024, 6, 3), recovered=100_000_000, number="KB-2")
    pay(project, -50_000_000, on=D(2024, 6, 20), number="KB-3", reverses="KB-2")
    return project


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_may_see_the_project_download_it(client_for, project, role):
    response = client_for(role).get("/du-an/DA-BQL/chung-tu.xlsx")
    assert response.status_code == (200 if role in ALLOWED else 403)


def test_anonymous_users_are_sent_to_log_in(client_for, project):
    response = client_for(None).get("/du-an/DA-BQL/ke-hoach.csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_unknown_tables_formats_and_projects_are_not_found(client_for, project):
    client = client_for("tckh")
    for path in [
        "/du-an/DA-BQL/khac.xlsx",
        "/du-an/DA-BQL/ke-hoach.pdf",
        "/du-an/KHONG/ke-hoach.csv",
    ]:
        assert client.get(path).status_code == 404


def test_the_lines_as_excel_with_amounts_and_a_total(client_for, project):
    response = client_for("bqlda").get("/du-an/DA-BQL/chung-tu.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="chung-tu_DA-BQL.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert [row[0] for row in rows] == ["KB-1", "KB-2", "KB-3", "Tổng cộng"]
    assert rows[1][1] == "KB"  # the treasury that issued it: numbers are per treasury
    assert rows[1][2] == dt.datetime(2024, 6, 3)
    assert rows[1][6:9] == [500_000_000, 100_000_000, 400_000_000]
    assert rows[2][9] == "Điều chỉnh chứng từ KB-2"  # the line it corrects, as on the page
    assert rows[3][6:9] == [750_000_000, 100_000_000, 650_000_000]
    assert sheet["G5"].number_format == "#,##0"
    assert sheet.freeze_panes == "A4"
    assert "DA-BQL" in sheet["A2"].value


def test_the_plan_ledger_as_csv_opens_in_excel(client_for, project):
    response = client_for("tckh").get("/du-an/DA-BQL/ke-hoach.csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffSố quyết định,Cơ quan ban hành,Ngày quyết định")
    assert ",22/12/2023," in text and ",1000000000," in text


def test_the_plan_ledger_names_each_decisions_issuer_beside_its_number(client_for, project):
    # A decision number is one issuer's: the page and both downloads say whose it is.
    entry = PlanEntry.objects.select_related("issuer").filter(project=project).first()
    issuer = entry.issuer.name
    sheet = load_workbook(
        io.BytesIO(client_for("tckh").get("/du-an/DA-BQL/ke-hoach.xlsx").content)
    ).active
    assert [cell.value for cell in sheet[3]][:3] == [
        "Số quyết định",
        "Cơ quan ban hành",
        "Ngày quyết định",
    ]
    assert [cell.value for cell in sheet[4]][:2] == [entry.decision_number, issuer]
    text = client_for("tckh").get("/du-an/DA-BQL/ke-hoach.csv").content.decode("utf-8")
    assert f"{entry.decision_number},{issuer}," in text
    page = client_for("tckh").get("/du-an/DA-BQL/").content.decode()
    assert f"<td>{entry.decision_number}</td><td>{issuer}</td>" in page


def test_the_project_page_links_both_downloads(client_for, project):
    page = client_for("tckh").get("/du-an/DA-BQL/").content.decode()
    for link in ["ke-hoach.xlsx", "ke-hoach.csv", "chung-tu.xlsx", "chung-tu.csv"]:
        assert f'href="/du-an/DA-BQL/{link}"' in page
