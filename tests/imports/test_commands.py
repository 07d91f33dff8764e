"""The console script as a user runs it: files in, tables out, exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.imports.helpers import PLAN, PROJECTS, TREASURY, UNITS, csv_bytes, load_all

GIAINGAN = Path(sys.executable).parent / "giaingan"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_report_json_follows_formats():
    load_all()
    out, _ = run(
        "report", "disbursement", "--year", "2024", "--as-of", "31/01/2025", "--by", "investor"
    )
    data = json.loads(out)
    assert (data["year"], data["as_of"], data["base"], data["by"]) == (
        2024,
        "2025-01-31",
        "assigned",
        "investor",
    )
    assert data["rows"][0] == {
        "code": "BQLDA",
        "name": "Ban QLDA ĐTXD huyện",
        "plan": 800_000_000,
        "disbursed": 350_000_000,
        "outstanding_advance": 50_000_000,
        "rate_percent": 43.75,
        "rank": 2,
    }
    assert data["total"]["disbursed"] == 950_000_000


@pytest.mark.django_db
def test_report_csv_has_a_total_row():
    load_all()
    out, _ = run(
        "report",
        "disbursement",
        "--year",
        "2024",
        "--as-of",
        "2025-01-31",
        "--by",
        "commune",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[-1]["name"] == "Tổng cộng"
    assert rows[0]["code"] == "XA-TD" and rows[0]["rate_percent"] == "63.33"


@pytest.mark.django_db
def test_report_xlsx_for_officials(tmp_path):
    load_all()
    target = tmp_path / "giai_ngan.xlsx"
    run(
        "report",
        "disbursement",
        "--year",
        "2024",
        "--as-of",
        "30/09/2024",
        "--by",
        "project",
        "--base",
        "with_carryover",
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    sheet = load_workbook(target).active
    assert "NĂM 2024" in sheet["A1"].value
    assert "30/09/2024" in sheet["A2"].value and "kéo dài" in sheet["A2"].value
    assert sheet["D4"].value == "Kế hoạch (đồng)"
    assert sheet.freeze_panes == "A5"
    # Ranked as the dashboard ranks: best rate first, the rank in the first column.
    ranked = [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]]
    assert [row[0] for row in ranked] == sorted(row[0] for row in ranked)
    assert next(row for row in ranked if row[1] == "DA1")[3] == 1_000_000_000  # before the transfer
    assert sheet["D5"].number_format == "#,##0"
    last = sheet.max_row
    assert sheet.cell(row=last, column=1).value == "Tổng cộng"
    assert sheet.cell(row=last, column=4).value == 1_500_000_000


def test_the_console_script_end_to_end(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GIAINGAN_TESTING": "1",
    }

    def giaingan(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(GIAINGAN), *args], capture_output=True, text=True, env=env, timeout=120
        )

    assert giaingan("migrate", "-v", "0").returncode == 0
    for kind, rows in [
        ("units", UNITS),
        ("projects", PROJECTS),
        ("plan", PLAN),
        ("treasury", TREASURY),
    ]:
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(csv_bytes(rows))
        dry = giaingan(f"import_{kind}", str(path), "--dry-run")
        assert dry.returncode == 0 and "Chạy thử" in dry.stdout
        done = giaingan(f"import_{kind}", str(path))
        assert done.returncode == 0, done.stderr
        assert "Đã tạo mới" in done.stdout
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_bytes(
            [
                TREASURY[0],
                ["KB9", "32/01/2024", "DA1", "NSDP-HUYEN", "2024", "tam_ung", "5", "", ""],
            ]
        )
    )
    refused = giaingan("import_treasury", str(bad))
    assert refused.returncode == 1
    assert "Dòng 2, cột ngay" in refused.stderr and "Traceback" not in refused.stderr
    misuse = giaingan("report", "disbursement", "--year", "2024", "--as-of", "hôm qua")
    assert misuse.returncode == 2 and "Traceback" not in misuse.stderr
    missing = giaingan("import_units", str(tmp_path / "khong_co.csv"))
    assert missing.returncode == 2 and "Không tìm thấy tệp" in missing.stderr
    report = giaingan(
        "report", "disbursement", "--year", "2024", "--as-of", "31/01/2025", "--format", "json"
    )
    assert report.returncode == 0
    assert json.loads(report.stdout)["total"]["plan"] == 1_500_000_000
