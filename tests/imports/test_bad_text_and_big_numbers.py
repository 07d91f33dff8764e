"""Control characters are refused at every entry point, with the place named; amounts
whose sums could pass the database's integer range are refused in Vietnamese."""

from __future__ import annotations

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import PlanEntry, TreasuryLine
from giaingan.lib.text import control_character
from giaingan.org.models import Unit
from giaingan.web.controls import app_of, field_labels, field_place, form_classes
from tests.capital.entry_helpers import LINE_NEW, PLAN_NEW, line_form, plan_form
from tests.conftest import make_project, plan
from tests.imports.helpers import PLAN, PROJECTS, TREASURY, UNITS, csv_bytes, run_import, xlsx_bytes

CONTROLS = [chr(code) for code in [*range(0, 9), 11, 12, *range(14, 32), 127]]


def test_the_check_allows_lines_only_where_asked():
    assert control_character("a\tb\nc\r") == "U+0009"
    assert control_character("a\tb\nc\r", multiline=True) is None
    assert control_character("ghi\x00chú", multiline=True) == "U+0000"
    assert control_character("Đường Tân Đoàn") is None


@pytest.mark.parametrize(
    "kind, rows, row, column",
    [
        ("units", [UNITS[0], ["XA-\x01", "Xã", "xa", ""]], 2, "ma_don_vi"),
        (
            "projects",
            [PROJECTS[0], ["DA9", "Tên\x00", "BQLDA", "", "", "", "", ""]],
            2,
            "ten_du_an",
        ),
        ("plan", [PLAN[0], [*PLAN[1][:3], "DA1\x7f", *PLAN[1][4:]]], 2, "ma_du_an"),
        ("treasury", [TREASURY[0], ["KB\x00", *TREASURY[1][1:]]], 2, "so_chung_tu"),
        ("treasury", [TREASURY[0], [*TREASURY[1][:5], "tam\x1fung", *TREASURY[1][6:]]], 2, "loai"),
    ],
)
def test_every_importer_names_the_cell(db, kind, rows, row, column):
    result = run_import(kind, csv_bytes(rows))
    assert [(p.row, p.column) for p in result.problems] == [(row, column)]
    assert "ký tự điều khiển" in result.problems[0].reason
    assert "\\x" in result.problems[0].value  # shown escaped, never as the raw character
    assert not any(model.objects.exists() for model in (PlanEntry, TreasuryLine))


def test_a_note_may_have_several_lines_but_no_other_control(db):
    run_import("units", csv_bytes(UNITS))
    run_import("projects", csv_bytes(PROJECTS))
    header = [*PLAN[0], "ghi_chu"]
    good = run_import("plan", xlsx_bytes([header, [*PLAN[1], "dòng 1\ndòng 2"]]), "k.xlsx")
    assert good.ok, good.problems
    bad = run_import("plan", csv_bytes([header, [*PLAN[2], "x\x07"]]))
    assert [(p.row, p.column) for p in bad.problems] == [(2, "ghi_chu")]


@pytest.fixture
def project(district):
    project = make_project("DA1", district["board"], district["tandoan"])
    plan(project, 1_000_000_000)
    return project


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f"])
def test_the_entry_forms_refuse_a_control_character_naming_the_field(
    project, client_for, character
):
    response = client_for("khobac").post(LINE_NEW, line_form(document_number=f"KB{character}1"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ô «Số chứng từ» có ký tự điều khiển" in page  # the form's label, not its name
    assert not TreasuryLine.objects.exists()
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000", f"ghi{character}chú")], number="7/QĐ")
    response = client_for("tckh").post(PLAN_NEW, data)
    assert response.status_code == 400
    assert "Dòng 1, ô «Ghi chú»" in response.content.decode()
    assert not PlanEntry.objects.filter(decision_number="7/QĐ").exists()


def test_a_multi_line_note_passes_the_door(project, client_for):
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000", "dòng 1\r\ndòng 2")], number="8/QĐ")
    assert client_for("tckh").post(PLAN_NEW, data).status_code == 302


def test_the_admin_and_the_emulation_forms_are_behind_the_same_door(project, client_for):
    admin = client_for("admin")
    response = admin.post(
        "/admin/org/unit/add/", {"code": "X\x00", "name": "Đơn vị", "kind": "khac"}
    )
    assert response.status_code == 400
    assert not Unit.objects.filter(name="Đơn vị").exists()
    # The admin's forms are Django's: its field keeps its name, never another form's label.
    assert "Ô «code» có ký tự điều khiển" in response.content.decode()
    response = admin.post("/thi-dua/", {"name": "Phong trào\x02"})
    assert response.status_code == 400
    assert "Ô «Tên phong trào» có ký tự điều khiển" in response.content.decode()


def test_the_labels_come_from_the_forms_of_the_app_the_view_belongs_to(db):
    assert get_resolver().url_patterns  # the URLconf imports every form, as a served request has
    labels = field_labels()
    declared = {
        (app_of(form.__module__), name): str(field.label)
        for form in form_classes()
        for name, field in form.base_fields.items()
    }
    assert labels and all(declared[key] == label for key, label in labels.items())
    assert field_place("form-2-note", "giaingan.capital") == "dòng 3, ô «Ghi chú»"
    assert field_place("note", "") == "ô «note»"
    assert field_place("chua_co_form_nao", "giaingan.capital") == "ô «chua_co_form_nao»"


BIG = "999999999999999"  # 15 digits: the largest amount a cell may hold


def test_a_file_of_large_amounts_is_refused_in_vietnamese(project):
    rows = [PLAN[0]] + [
        [f"{n}/QĐ", "22/12/2023", "giao_dau_nam", "DA1", "NSDP-HUYEN", "2024", BIG]
        for n in range(12)
    ]
    result = run_import("plan", csv_bytes(rows))
    assert not result.ok
    # The fixture's 10^9 and ten amounts of 10^15 - 1 pass 10^16 at the tenth (row 11).
    assert [(p.row, p.column) for p in result.problems] == [
        (11, "so_tien"),
        (12, "so_tien"),
        (13, "so_tien"),
    ]
    assert "10^16" in result.problems[0].reason
    assert PlanEntry.objects.count() == 1  # the fixture's only


def test_the_cli_answers_large_amounts_with_a_message_not_a_traceback(project, tmp_path):
    rows = [PLAN[0]] + [
        [f"{n}/QĐ", "22/12/2023", "giao_dau_nam", "DA1", "NSDP-HUYEN", "2024", BIG]
        for n in range(12)
    ]
    path = tmp_path / "lon.csv"
    path.write_bytes(csv_bytes(rows))
    err = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("import_plan", str(path), stderr=err, stdout=io.StringIO())
    assert stopped.value.code == 1
    assert "10^16" in err.getvalue() and "Traceback" not in err.getvalue()


def test_the_web_import_answers_large_amounts_with_a_page_not_a_500(project, client_for):
    rows = [PLAN[0]] + [
        [f"{n}/QĐ", "22/12/2023", "giao_dau_nam", "DA1", "NSDP-HUYEN", "2024", BIG]
        for n in range(12)
    ]
    response = client_for("tckh").post(
        reverse("imports:upload", args=["plan"]),
        {"file": SimpleUploadedFile("lon.csv", csv_bytes(rows))},
    )
    assert response.status_code == 200
    assert "10^16" in html.unescape(response.content.decode())


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(st.characters(whitelist_categories=("L", "N")), max_size=8),
    bad=st.sampled_from(CONTROLS),
)
def test_any_text_with_a_control_character_is_refused_in_a_cell(db, text, bad):
    code = f"A{bad}{text}Z"
    result = run_import("units", csv_bytes([UNITS[0], [code, "X", "xa", ""]]))
    assert [(p.row, p.column) for p in result.problems] == [(2, "ma_don_vi")]
    assert not Unit.objects.filter(name="X").exists()
