from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from giaingan.audit.models import Event
from giaingan.capital.models import PlanEntry, Project, TreasuryLine
from giaingan.figures.selectors import disbursement_table
from giaingan.imports.models import ImportBatch
from giaingan.org.models import Unit
from tests.imports.helpers import (
    PLAN,
    PROJECTS,
    TREASURY,
    UNITS,
    csv_bytes,
    load_all,
    run_import,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_the_four_files_load_and_give_the_figures():
    load_all()
    table = disbursement_table(year=2024, as_of=dt.date(2025, 1, 31), by="investor")
    assert {(row.code, row.plan, row.disbursed) for row in table.rows} == {
        ("BQLDA", 800_000_000, 350_000_000),
        ("XA-TD", 700_000_000, 600_000_000),
    }


def test_a_unit_may_name_a_parent_that_comes_later():
    assert run_import("units", csv_bytes(UNITS)).created == 4
    assert Unit.objects.get(code="XA-TD").parent.code == "UBND"


def test_headers_are_matched_without_case_spaces_or_marks():
    rows = [["MA DON VI", "ten_don_vi", "LOẠI", "Ghi chú riêng"], ["X1", "Xã Một", "xa", "bỏ"]]
    result = run_import("units", csv_bytes(rows, delimiter=";", bom=True))
    assert result.ok and result.created == 1
    assert result.ignored_columns == ["Ghi chú riêng"]
    assert "Ghi chú riêng" in result.summary()


def test_xlsx_files_are_read_with_date_and_number_cells():
    run_import("units", csv_bytes(UNITS))
    run_import("projects", csv_bytes(PROJECTS))
    rows = [
        PLAN[0],
        [
            "4888/QĐ-UBND",
            dt.datetime(2023, 12, 22),
            "giao_dau_nam",
            "DA1",
            "NSDP-HUYEN",
            2024,
            1_000_000_000,
        ],
    ]
    result = run_import("plan", xlsx_bytes(rows), "ke_hoach.xlsx")
    assert result.ok, result.problems
    entry = PlanEntry.objects.get()
    assert (entry.decision_date, entry.amount) == (dt.date(2023, 12, 22), 1_000_000_000)


def test_importing_the_same_file_twice_changes_nothing():
    load_all()
    counts = (
        Unit.objects.count(),
        Project.objects.count(),
        PlanEntry.objects.count(),
        TreasuryLine.objects.count(),
    )
    for kind, rows in [
        ("units", UNITS),
        ("projects", PROJECTS),
        ("plan", PLAN),
        ("treasury", TREASURY),
    ]:
        again = run_import(kind, csv_bytes(rows))
        assert again.ok and again.changed_nothing
        assert "không có gì thay đổi" in again.summary()
    assert counts == (
        Unit.objects.count(),
        Project.objects.count(),
        PlanEntry.objects.count(),
        TreasuryLine.objects.count(),
    )


def test_a_dry_run_writes_nothing():
    result = run_import("units", csv_bytes(UNITS), dry_run=True)
    assert result.ok and result.created == 4
    assert "Chạy thử" in result.summary()
    assert Unit.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_every_import_is_recorded_with_its_hash():
    content = csv_bytes(UNITS)
    result = run_import("units", content, "don_vi.csv")
    batch = ImportBatch.objects.get()
    assert (batch.file_name, batch.sha256) == ("don_vi.csv", hashlib.sha256(content).hexdigest())
    assert (batch.rows_read, batch.created) == (4, 4)
    assert sorted(batch.created_codes) == ["BQLDA", "KB", "UBND", "XA-TD"]
    assert result.batch == batch
    assert Event.objects.filter(action="imports.units.imported", object_id=str(batch.pk)).exists()


def test_ledger_rows_name_their_import():
    load_all()
    batch = ImportBatch.objects.get(kind="treasury")
    assert TreasuryLine.objects.filter(import_batch=batch).count() == 4


def test_one_bad_row_refuses_the_whole_file():
    load_all()
    rows = [
        *TREASURY[:1],
        ["KB10", "01/08/2024", "DA1", "NSDP-HUYEN", "2024", "thanh_toan", "5", "", ""],
        ["KB11", "01/08/2024", "DA9", "NSDP-HUYEN", "2024", "thanh_toan", "5", "", ""],
    ]
    result = run_import("treasury", csv_bytes(rows))
    assert not result.ok
    assert [(p.row, p.column, p.value) for p in result.problems] == [(3, "ma_du_an", "DA9")]
    assert not TreasuryLine.objects.filter(document_number="KB10").exists()
    assert "không ghi dòng nào" in result.summary()


def test_every_error_is_listed_with_row_column_value_and_reason():
    load_all()
    rows = [
        TREASURY[0],
        ["", "31/02/2024", "DA1", "XX", "20x", "tam", "1.5", "", ""],
        [
            "KB2",
            "01/06/2024",
            "DA1",
            "NSDP-HUYEN",
            "2024",
            "thanh_toan",
            "300000001",
            "50000000",
            "",
        ],
        ["KB20", "01/06/2024", "DA1", "NSDP-HUYEN", "2024", "thanh_toan", "10", "20", ""],
        [
            "KB21",
            "01/06/2024",
            "DA1",
            "NSDP-HUYEN",
            "2024",
            "thanh_toan",
            "1234567890123456",
            "",
            "",
        ],
    ]
    result = run_import("treasury", csv_bytes(rows))
    found = {(p.row, p.column) for p in result.problems}
    assert found >= {
        (2, "so_chung_tu"),
        (2, "ngay"),
        (2, "nguon_von"),
        (2, "nam_ke_hoach"),
        (2, "loai"),
        (2, "so_tien"),
        (3, "so_chung_tu"),
        (4, "thu_hoi_tam_ung"),
        (5, "so_tien"),
    }
    assert all(p.reason for p in result.problems)
    assert "15 chữ số" in str([p for p in result.problems if p.row == 5][0])


def test_a_missing_required_column_is_named():
    result = run_import("treasury", csv_bytes([TREASURY[0][:3], ["KB1", "01/03/2024", "DA1"]]))
    assert {p.column for p in result.problems} >= {"nguon_von", "so_tien", "loai"}
    assert all(p.row == 1 for p in result.problems)


def test_recovery_is_checked_across_the_rows_of_a_file():
    load_all()
    rows = [
        TREASURY[0],
        ["KB30", "01/11/2024", "DA2", "NSDP-HUYEN", "2024", "tam_ung", "100", "", ""],
        ["KB31", "02/11/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "100", "60", ""],
        ["KB32", "03/11/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "100", "60", ""],
    ]
    result = run_import("treasury", csv_bytes(rows))
    assert [(p.row, p.column) for p in result.problems] == [(4, "thu_hoi_tam_ung")]


def test_a_correction_may_follow_its_original_in_the_same_file():
    load_all()
    rows = [
        TREASURY[0],
        ["KB40", "01/11/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "100", "", ""],
        ["KB41", "02/11/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "-40", "", "KB40"],
    ]
    assert run_import("treasury", csv_bytes(rows)).ok
    assert TreasuryLine.objects.get(document_number="KB41").reverses.document_number == "KB40"


def test_a_document_number_twice_in_a_file_is_an_error():
    load_all()
    row = ["KB50", "01/11/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "100", "", ""]
    result = run_import("treasury", csv_bytes([TREASURY[0], row, row]))
    assert [(p.row, p.column) for p in result.problems] == [(3, "so_chung_tu")]


def test_an_unbalanced_transfer_in_a_file_is_refused():
    run_import("units", csv_bytes(UNITS))
    run_import("projects", csv_bytes(PROJECTS))
    rows = [
        *PLAN[:4],
        ["1200/QĐ-UBND", "2024-10-15", "dieu_chuyen", "DA2", "NSDP-HUYEN", "2024", "100000000"],
    ]
    result = run_import("plan", csv_bytes(rows))
    assert [(p.row, p.column) for p in result.problems] == [(4, "so_quyet_dinh")]
    assert PlanEntry.objects.count() == 0


def test_a_decision_number_with_two_dates_is_an_error():
    run_import("units", csv_bytes(UNITS))
    run_import("projects", csv_bytes(PROJECTS))
    rows = [
        *PLAN[:2],
        ["4888/QĐ-UBND", "23/12/2023", "giao_dau_nam", "DA2", "NSDP-HUYEN", "2024", "5"],
    ]
    result = run_import("plan", csv_bytes(rows))
    assert [(p.row, p.column) for p in result.problems] == [(3, "ngay_quyet_dinh")]


def test_a_plan_going_below_zero_is_refused():
    run_import("units", csv_bytes(UNITS))
    run_import("projects", csv_bytes(PROJECTS))
    rows = [
        *PLAN[:2],
        ["9/QĐ-UBND", "01/06/2024", "dieu_chinh", "DA1", "NSDP-HUYEN", "2024", "-1.000.000.001"],
    ]
    result = run_import("plan", csv_bytes(rows))
    assert [(p.row, p.column) for p in result.problems] == [(3, "so_tien")]


def test_projects_are_updated_with_history():
    run_import("units", csv_bytes(UNITS))
    run_import("projects", csv_bytes(PROJECTS))
    changed = [
        PROJECTS[0],
        [*PROJECTS[1][:1], "Đường Tân Đoàn - Văn An (giai đoạn 2)", *PROJECTS[1][2:]],
    ]
    result = run_import("projects", csv_bytes(changed))
    assert (result.created, result.updated, result.skipped) == (0, 1, 0)
    project = Project.objects.get(code="DA1")
    assert project.name.endswith("(giai đoạn 2)")
    assert project.history.count() == 2
    assert project.is_key and project.total_investment == 5_000_000_000
    assert project.investor.code == "BQLDA" and project.main_commune.code == "XA-TD"


def test_a_project_names_its_investor_by_code_or_exact_name():
    run_import("units", csv_bytes(UNITS))
    run_import("projects", csv_bytes(PROJECTS))
    assert Project.objects.get(code="DA2").investor.code == "XA-TD"
    rows = [PROJECTS[0], ["DA3", "X", "Xã không có", "", "", "", "", ""]]
    result = run_import("projects", csv_bytes(rows))
    assert [(p.row, p.column) for p in result.problems] == [(2, "chu_dau_tu")]


def test_a_unit_cycle_is_refused():
    rows = [UNITS[0], ["A", "A", "phong", "B"], ["B", "B", "phong", "A"]]
    result = run_import("units", csv_bytes(rows))
    assert {p.row for p in result.problems} == {2, 3}
    assert Unit.objects.count() == 0


def test_an_empty_file_is_refused_with_a_message():
    assert "rỗng" in str(run_import("units", b"").problems[0])
    assert "không có dòng dữ liệu" in str(run_import("units", csv_bytes(UNITS[:1])).problems[0])


def test_a_broken_xlsx_or_a_wrong_encoding_is_refused_with_a_message():
    broken = run_import("units", b"PK\x03\x04garbage", "don_vi.xlsx")
    assert "Excel" in str(broken.problems[0])
    latin = run_import("units", "ma_don_vi,ten_don_vi,loai\nX,Xã,xa\n".encode("latin-1"))
    assert "UTF-8" in str(latin.problems[0])
    assert Unit.objects.count() == 0


def test_a_new_unit_is_saved_once_with_its_parent():
    run_import("units", csv_bytes(UNITS))
    unit = Unit.objects.get(code="XA-TD")
    assert unit.history.count() == 1
    assert unit.history.get().parent_id == Unit.objects.get(code="UBND").pk
