"""`giaingan reports status` and `giaingan obstacles`: the contract's JSON shapes, csv, xlsx,
exit codes, no tracebacks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from giaingan.monitoring.models import ObstacleKind, PeriodicReport, ReportStatus
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reports import report_open, report_transition

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cycle(people, district, projects):
    report = report_open(
        user=people["bqlda"], unit=district["board"], period=period_parse("2024-09")
    )
    report_transition(user=people["bqlda"], report=report, to_status=ReportStatus.SUBMITTED)
    moment = timezone.make_aware(dt.datetime(2024, 9, 24, 10))
    PeriodicReport.objects.filter(pk=report.pk).update(first_submitted_at=moment)
    for code, kind, opened in [
        ("BQ-1", ObstacleKind.SITE_CLEARANCE, dt.date(2024, 6, 1)),
        ("TD-1", ObstacleKind.SITE_CLEARANCE, dt.date(2024, 7, 1)),
        ("BQ-2", ObstacleKind.CONTRACTOR, dt.date(2024, 10, 5)),  # after the date asked
    ]:
        obstacle_record(
            user=people["tckh"],
            data=ObstacleInput(
                project=projects[code],
                kind=kind,
                description="Vướng mắc.",
                responsible_unit=district["committee"],
                opened_on=opened,
                due_date=opened + dt.timedelta(days=60),
            ),
        )


def test_reports_status_json_follows_the_contract(cycle):
    data = json.loads(run("reports", "status", "--period", "2024-09", "--format", "json"))
    assert data == {
        "period": "2024-09",
        "due": "2024-09-25",
        "units": [
            {
                "code": "BQLDA",
                "name": "Ban QLDA ĐTXD huyện",
                "status": "submitted",
                "submitted_on": "2024-09-24",
                "reported_disbursed": None,
                "treasury_disbursed": None,
                "difference": None,
            },
            {
                "code": "XA-TD",
                "name": "UBND xã Tân Đoàn",
                "status": "missing",
                "submitted_on": None,
                "reported_disbursed": None,
                "treasury_disbursed": None,
                "difference": None,
            },
        ],
    }


def test_reports_status_csv_and_xlsx(cycle, tmp_path):
    rows = list(
        csv.DictReader(
            io.StringIO(run("reports", "status", "--period", "2024-09", "--format", "csv"))
        )
    )
    assert [(row["code"], row["status"], row["submitted_on"]) for row in rows] == [
        ("BQLDA", "submitted", "24/09/2024"),
        ("XA-TD", "missing", ""),
    ]
    target = tmp_path / "status.xlsx"
    run("reports", "status", "--period", "2024-09", "--format", "xlsx", "-o", str(target))
    sheet = load_workbook(target).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4, max_col=4)]
    assert ["BQLDA", "Ban QLDA ĐTXD huyện", "Đã nộp đúng hạn", "submitted"] in values
    assert ["XA-TD", "UBND xã Tân Đoàn", "Chưa nộp", "missing"] in values


def test_obstacles_json_follows_the_contract(cycle):
    data = json.loads(run("obstacles", "--as-of", "2024-09-30", "--format", "json"))
    assert data["as_of"] == "2024-09-30"
    assert set(data) == {"as_of", "groups", "total"}
    site = data["groups"][0]
    assert site == {
        "kind": "site_clearance",
        "label": "Giải phóng mặt bằng, bồi thường",
        "open": 2,
        "cleared": 0,
        "projects": 2,
        "plan_held": 1_400_000_000,
    }
    contractor = next(group for group in data["groups"] if group["kind"] == "contractor")
    assert contractor["open"] == 0 and contractor["plan_held"] == 0
    assert data["total"] == {"open": 2, "cleared": 0, "projects": 2, "plan_held": 1_400_000_000}


def test_obstacles_csv_has_every_kind_and_a_total(cycle):
    rows = list(
        csv.DictReader(io.StringIO(run("obstacles", "--as-of", "30/09/2024", "--format", "csv")))
    )
    assert [row["kind"] for row in rows] == [*ObstacleKind.values, ""]
    assert rows[-1]["label"] == "Tổng cộng" and rows[-1]["plan_held"] == "1400000000"


def test_obstacles_xlsx_sums_the_plan_held(cycle, tmp_path):
    target = tmp_path / "vm.xlsx"
    run("obstacles", "--as-of", "2024-12-31", "--format", "xlsx", "-o", str(target))
    sheet = load_workbook(target).active
    last = sheet.max_row
    assert sheet.cell(row=last, column=1).value == "Tổng cộng"
    # by 31/12 the contractor's obstacle on BQ-2 is known too
    assert sheet.cell(row=last, column=6).value == 2_000_000_000


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("reports", "status", "--period", "09/2024"), 2, "2024-09 (tháng)"),
        (("reports", "status", "--period", "2023-09"), 1, "Chưa có quy định"),
        (("obstacles", "--as-of", "hôm qua"), 2, "--as-of"),
    ],
)
def test_bad_arguments_exit_with_a_vietnamese_message(db, args, code, says):
    with pytest.raises(CommandError) as caught:
        call_command(*args)
    assert caught.value.returncode == code
    assert says in str(caught.value)


# BQ-1 has paid 250 million đồng by the report date, BQ-2 nothing.
BOARD_TREASURY = 250_000_000


def test_reports_status_carries_the_board_reported_and_treasury_figures(
    cycle, client_for, tmp_path
):
    PeriodicReport.objects.filter(unit__code="BQLDA").update(reported_disbursed=300_000_000)
    data = json.loads(run("reports", "status", "--period", "2024-09", "--format", "json"))
    board, commune = data["units"]
    assert board["reported_disbursed"] == 300_000_000
    assert (board["treasury_disbursed"], board["difference"]) == (BOARD_TREASURY, 50_000_000)
    # The commune filed nothing: no figure to compare, not a zero.
    assert (commune["reported_disbursed"], commune["difference"]) == (None, None)
    rows = list(
        csv.DictReader(
            io.StringIO(run("reports", "status", "--period", "2024-09", "--format", "csv"))
        )
    )
    assert [
        (row["code"], row["reported_disbursed"], row["treasury_disbursed"], row["difference"])
        for row in rows
    ] == [
        ("BQLDA", "300000000", "250000000", "50000000"),
        ("XA-TD", "", "", ""),
    ]
    # The same rows as the web board's file.
    web = client_for("tckh").get("/bao-cao-dinh-ky/tong-hop.csv?period=2024-09")
    assert web.status_code == 200
    web_rows = list(csv.reader(io.StringIO(web.content.decode("utf-8-sig"))))
    assert ["300000000", "250000000", "50000000"] in [
        row[-3:] for row in web_rows if row and row[0] == "BQLDA"
    ], web_rows
    target = tmp_path / "status.xlsx"
    run("reports", "status", "--period", "2024-09", "--format", "xlsx", "-o", str(target))
    values = [[cell.value for cell in row] for row in load_workbook(target).active.iter_rows()]
    assert [300_000_000, 250_000_000, 50_000_000] in [
        row[5:8] for row in values if row[0] == "BQLDA"
    ]
