"""No file the app hands out carries a live formula: names imported or typed as
`=HYPERLINK(...)`, `+1+1`, `@SUM(A1)` or `-2+3` reach every download, for every role, as
text (xlsx string cells, intact; csv cells with a leading quote), while negative amounts stay
numbers; control characters in old data never break an export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from giaingan.capital.ledger import LineInput
from giaingan.capital.models import LineKind, Project
from giaingan.capital.services import treasury_line_record
from giaingan.emulation.models import Category, CriterionKind, Movement
from giaingan.emulation.models import Criterion as CriterionRow
from giaingan.emulation.services import movement_register
from giaingan.imports.templates import template_workbook
from giaingan.org.models import Unit
from giaingan.org.rules import sees_district
from tests.conftest import ROLE_LOGINS, pay, plan
from tests.imports.helpers import run_import

pytestmark = pytest.mark.django_db

D = dt.date
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3"]
ROLES = [*ROLE_LOGINS, "admin"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_file(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def hostile(district, people):
    """Units and projects imported with hostile names, a board project and a hostile user
    recording its ledger, a movement whose criterion and participants carry them too."""
    units = [["ma_don_vi", "ten_don_vi", "loai", "don_vi_cha"]]
    units += [[f"U{n}", name, "ban_qlda", "UBND"] for n, name in enumerate(HOSTILE, start=1)]
    assert run_import("units", csv_file(units)).ok
    projects = [["ma_du_an", "ten_du_an", "chu_dau_tu", "dia_ban"]]
    projects += [[f"P{n}", name, f"U{n}", "XA-TD"] for n, name in enumerate(HOSTILE, start=1)]
    projects += [["P0", HOSTILE[0], "BQLDA", "XA-TD"]]  # the board's own, for its officers
    projects += [["P5", HOSTILE[1], "XA-TD", "XA-TD"]]  # the commune's own, for its officers
    assert run_import("projects", csv_file(projects)).ok
    clerk = get_user_model().objects.create_user("clerk", first_name=HOSTILE[3])
    for project in Project.objects.filter(code__startswith="P"):
        plan(project, 1_000_000_000)
        pay(project, 300_000_000, on=D(2024, 6, 3), number=f"KB-{project.code}")
        # A correction: a negative amount, which must stay a number.
        pay(project, -50_000_000, on=D(2024, 6, 20), reverses=f"KB-{project.code}")
    board_project = Project.objects.get(code="P0")
    treasury_line_record(
        line=LineInput(
            document_number="KB-CLERK",
            value_date=D(2024, 7, 1),
            project_id=board_project.pk,
            source_id=board_project.plan_entries.first().source_id,
            plan_year=2024,
            kind=LineKind.PAYMENT,
            amount=10_000_000,
        ),
        user=clerk,
    )
    movement = Movement.objects.create(
        code="DTC-2024",
        name=HOSTILE[0],
        plan_year=2024,
        starts_on=D(2024, 4, 15),
        ends_on=D(2025, 1, 31),
    )
    CriterionRow.objects.create(
        movement=movement,
        category=Category.INVESTOR,
        key="sang_kien",
        label=HOSTILE[2],
        kind=CriterionKind.MANUAL,
        order=0,
    )
    for unit in Unit.objects.filter(code__in=["U1", "U2", "U3", "U4", "BQLDA"]):
        movement_register(
            movement=movement, unit=unit, category=Category.INVESTOR, registered_on=D(2024, 4, 20)
        )
    return movement


def xlsx_texts(content: bytes) -> list:
    """Every cell of every sheet; none may be a formula."""
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    return cells


def assert_xlsx_safe(content: bytes, *, expect: int = 1) -> None:
    cells = xlsx_texts(content)
    found = [cell for cell in cells if cell.value in HOSTILE]
    assert len(found) >= expect  # the hostile text is there, intact...
    assert all(cell.data_type == "s" for cell in found)  # ...as text
    assert all(cell.quotePrefix for cell in found)


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def assert_csv_safe(text: str, *, expect: int = 1) -> None:
    cells = csv_cells(text)
    for cell in cells:
        if cell.startswith(TRIGGERS) and cell != "-":
            int(cell)  # only a number may start so: a negative amount, written as a number
    assert len([cell for cell in cells if cell.lstrip("'") in HOSTILE]) >= expect
    assert not [cell for cell in cells if cell in HOSTILE]


def downloads(client, path: str, params: dict | None = None):
    return {fmt: client.get(path.format(fmt=fmt), params or {}) for fmt in ("csv", "xlsx")}


@pytest.mark.parametrize("role", ROLES)
def test_every_table_download_is_safe_for_every_role(client_for, people, hostile, role):
    client = client_for(role)
    allowed = people[role].has_perm("web.view_dashboard")
    params = {"year": 2024, "as_of": "31/12/2024"}
    for table in ["projects", "project", "investor", "commune", "source", "agency"]:
        responses = downloads(client, f"/xuat/{table}.{{fmt}}", params)
        for fmt, response in responses.items():
            assert response.status_code == (200 if allowed else 403), (table, fmt)
            if not allowed or table in {"commune", "source", "agency"}:
                continue  # their rows are catalogue names; checked below for what they hold
            # An investor's officers see their own unit only: no hostile investor name.
            expect = 0 if table == "investor" and not sees_district(people[role]) else 1
            if fmt == "csv":
                assert_csv_safe(response.content.decode("utf-8"), expect=expect)
            else:
                assert_xlsx_safe(response.content, expect=expect)
        if allowed:
            xlsx_texts(responses["xlsx"].content)  # no formula anywhere


@pytest.mark.parametrize("role", ROLES)
def test_a_projects_ledgers_and_history_download_safely_for_every_role(
    client_for, people, hostile, role
):
    client = client_for(role)
    project = Project.objects.get(code="P0")
    allowed = people[role].has_perm("capital.view_project", project)
    for ledger in ["ke-hoach", "chung-tu", "lich-su"]:
        for fmt, response in downloads(client, f"/du-an/P0/{ledger}.{{fmt}}").items():
            assert response.status_code == (200 if allowed else 403), (ledger, fmt)
            if not allowed:
                continue
            if ledger == "lich-su":  # the clerk's name opens the "who" cell
                check = assert_csv_safe if fmt == "csv" else assert_xlsx_safe
                check(response.content.decode("utf-8") if fmt == "csv" else response.content)
            elif fmt == "xlsx":
                xlsx_texts(response.content)
                subtitle = load_workbook(io.BytesIO(response.content)).active["A2"].value
                assert subtitle == f"Dự án P0: {HOSTILE[0]}"
            if ledger == "chung-tu" and fmt == "csv":
                # The correction's negative amount stays a plain number.
                assert "-50000000" in csv_cells(response.content.decode("utf-8"))
            if ledger == "chung-tu" and fmt == "xlsx":
                values = [
                    cell.value for cell in xlsx_texts(response.content) if cell.data_type == "n"
                ]
                assert -50_000_000 in values


@pytest.mark.parametrize("role", ROLES)
def test_the_movement_standing_downloads_safely_for_every_role(client_for, people, hostile, role):
    client = client_for(role)
    allowed = people[role].has_perm("emulation.view_evaluation")
    path = reverse("emulation:movement_export", args=["DTC-2024", "csv"]).replace(".csv", ".{fmt}")
    for fmt, response in downloads(client, path, {"as_of": "31/01/2025"}).items():
        assert response.status_code == (200 if allowed else 403)
        if not allowed:
            continue
        if fmt == "csv":
            assert_csv_safe(response.content.decode("utf-8"), expect=5)  # 4 units, 1 header
        else:
            assert_xlsx_safe(response.content, expect=5)
            title = load_workbook(io.BytesIO(response.content)).active["A1"].value
            assert HOSTILE[0].upper() in title


def test_the_commands_files_are_safe(hostile, tmp_path):
    out = io.StringIO()
    call_command(
        "report",
        "disbursement",
        "--year=2024",
        "--as-of=31/12/2024",
        "--by=project",
        "--format=csv",
        stdout=out,
    )
    assert_csv_safe(out.getvalue(), expect=5)
    target = tmp_path / "bao_cao.xlsx"
    call_command(
        "report",
        "disbursement",
        "--year=2024",
        "--as-of=31/12/2024",
        "--by=investor",
        "--format=xlsx",
        f"-o={target}",
    )
    assert_xlsx_safe(target.read_bytes(), expect=4)
    out = io.StringIO()
    call_command(
        "movement", "evaluate", "DTC-2024", "--as-of=31/01/2025", "--format=csv", stdout=out
    )
    assert_csv_safe(out.getvalue(), expect=4)


@pytest.mark.parametrize("kind", ["units", "projects", "plan", "treasury"])
def test_the_import_templates_hold_no_formula(db, kind):
    cells = xlsx_texts(template_workbook(kind))
    assert {cell.data_type for cell in cells if isinstance(cell.value, str)} == {"s"}


def test_control_characters_in_old_data_never_break_an_export(client_for, hostile):
    # Stored before entry points refused them: written straight to the table.
    Project.objects.filter(code="P1").update(name="Cầu\x01 treo\x0b Bản\x1f Lải")
    Unit.objects.filter(code="U1").update(name="Ban\x03 QLDA")  # no NUL: PostgreSQL refuses it
    Movement.objects.filter(code="DTC-2024").update(name="Thi đua\x02")
    client = client_for("tckh")
    for path in [
        "/xuat/projects.{fmt}",
        "/xuat/investor.{fmt}",
        "/du-an/P1/ke-hoach.{fmt}",
        "/du-an/P1/chung-tu.{fmt}",
        "/du-an/P1/lich-su.{fmt}",
        "/thi-dua/DTC-2024/danh-gia.{fmt}",
    ]:
        for fmt, response in downloads(client, path, {"as_of": "31/12/2024"}).items():
            assert response.status_code == 200, path
            body = (
                response.content.decode("utf-8")
                if fmt == "csv"
                else "\n".join(str(cell.value) for cell in xlsx_texts(response.content))
            )
            assert not any(chr(code) in body for code in (0, 1, 2, 3, 11, 31)), (path, fmt)
    projects = client.get("/xuat/projects.xlsx", {"as_of": "31/12/2024"})
    values = [cell.value for cell in xlsx_texts(projects.content)]
    assert "Cầu treo Bản Lải" in values
