"""The pages as a unit officer and Finance-Planning use them: figures pre-filled, draft,
submit, return with a reason, the board, the register, the paper, the files."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from giaingan.audit.models import Event
from giaingan.monitoring.models import ObstacleKind, PeriodicReport, ReportStatus
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record
from tests.documents.helpers import lines, open_docx

pytestmark = pytest.mark.django_db


def open_report(client, district, project: str = "") -> PeriodicReport:
    response = client.post(
        reverse("monitoring:report_new"),
        {"unit": district["tandoan"].pk, "period": "2024-09", "project": project},
    )
    assert response.status_code == 302
    return PeriodicReport.objects.get(unit=district["tandoan"], period="2024-09")


def test_the_list_offers_the_units_periods(client_for, projects):
    page = client_for("xa.tandoan").get(reverse("monitoring:reports") + "?year=2024")
    assert "UBND xã Tân Đoàn" in page.text
    assert 'data-period="2024-09"' in page.text and "25/09/2024" in page.text
    assert 'data-period="2024-Q3"' in page.text
    # The projects offered are those the service accepts: its own and those built there.
    assert "TD-1 - Dự án TD-1" in page.text and "BQ-1 - Dự án BQ-1" in page.text
    assert "BQ-2" not in page.text


def test_a_commune_files_and_finance_planning_returns(client_for, district, projects):
    client = client_for("xa.tandoan")
    report = open_report(client, district, "TD-1")
    page = client.get(reverse("monitoring:report", args=[report.pk]))
    assert "400.000.000 đồng" in page.text and "100.000.000 đồng" in page.text
    assert "25,00" in page.text
    bad = client.post(
        reverse("monitoring:report", args=[report.pk]),
        {"work_done_value": "12a", "action": "save"},
    )
    assert bad.status_code == 200 and "errorlist" in bad.text
    client.post(
        reverse("monitoring:report", args=[report.pk]),
        {
            "work_done_value": "180.000.000",
            "accepted_unpaid_value": "30000000",
            "progress": "Đã thi công xong nền đường.",
            "obstacles_text": "Còn 3 hộ chưa nhận tiền.",
            "action": "submit",
        },
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.work_done_value == 180_000_000
    reviewer = client_for("tckh")
    board = reviewer.get(reverse("monitoring:board") + "?period=2024-09")
    assert 'data-unit="XA-TD" data-status="late"' in board.text
    assert 'data-unit="BQLDA" data-status="missing"' in board.text
    empty = reviewer.post(
        reverse("monitoring:report_step", args=[report.pk]),
        {"to": "returned", "reason": ""},
        follow=True,
    )
    assert "Cần ghi lý do trả lại" in empty.text
    reviewer.post(
        reverse("monitoring:report_step", args=[report.pk]),
        {"to": "returned", "reason": "Thiếu tiến độ gói thầu 2."},
    )
    seen = client_for("xa.tandoan").get(reverse("monitoring:report", args=[report.pk]))
    assert "Bị trả lại" in seen.text and "Thiếu tiến độ gói thầu 2." in seen.text
    assert 'id="report-form"' in seen.text  # the unit may edit and send again


def test_a_bad_period_on_the_board_falls_back_with_a_reason(client_for, projects):
    page = client_for("tckh").get(reverse("monitoring:board") + "?period=2023-09")
    assert page.status_code == 200
    assert "Chưa có quy định" in page.text and "Đang hiển thị kỳ" in page.text


def test_the_paper_is_the_decree_30_report(client_for, district, projects):
    client = client_for("xa.tandoan")
    report = open_report(client, district, "TD-1")
    client.post(
        reverse("monitoring:report", args=[report.pk]),
        {"progress": "Đã thi công xong nền đường.", "action": "save"},
    )
    response = client.get(reverse("monitoring:report_docx", args=[report.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = lines(open_docx(response.content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tình hình thực hiện và giải ngân vốn đầu tư công tháng 09/2024" in text
    assert "1. Kế hoạch vốn năm 2024: 400.000.000 đồng." in text
    assert "2. Giá trị đã giải ngân: 100.000.000 đồng, đạt 25,00% kế hoạch." in text
    assert "Đã thi công xong nền đường." in text
    assert "CHỦ TỊCH" in text
    assert (
        client_for("bqlda").get(reverse("monitoring:report_docx", args=[report.pk])).status_code
        == 403
    )


def test_the_register_page_groups_and_holds(client_for, people, district, projects):
    obstacle_record(
        user=people["tckh"],
        data=ObstacleInput(
            project=projects["BQ-1"],
            kind=ObstacleKind.SITE_CLEARANCE,
            description="3 hộ chưa nhận tiền bồi thường.",
            responsible_unit=district["tandoan"],
            opened_on=dt.date(2024, 6, 1),
            due_date=dt.date(2024, 8, 31),
        ),
    )
    page = client_for("chutich").get(reverse("monitoring:obstacles") + "?as_of=30/09/2024")
    assert 'data-group="site_clearance"' in page.text
    assert "1.000,0" in page.text  # million đồng held up
    assert "Quá hạn" in page.text
    by_commune = client_for("chutich").get(
        reverse("monitoring:obstacles") + "?as_of=30/09/2024&by=commune"
    )
    assert 'data-group="XA-TD"' in by_commune.text
    bad = client_for("chutich").get(reverse("monitoring:obstacles") + "?as_of=hôm qua")
    assert bad.status_code == 200 and "Ngày «hôm qua»" in bad.text


def test_a_commune_downloads_only_its_obstacles(client_for, people, district, projects):
    for code in ["BQ-2", "TD-1"]:
        obstacle_record(
            user=people["tckh"],
            data=ObstacleInput(
                project=projects[code],
                kind=ObstacleKind.DESIGN,
                description=f"Dự toán {code} chưa thẩm định.",
                responsible_unit=district["committee"],
                opened_on=dt.date(2024, 6, 1),
                due_date=dt.date(2024, 8, 31),
            ),
        )
    url = reverse("monitoring:obstacles_export", args=["danh-sach", "csv"]) + "?as_of=30/09/2024"
    body = client_for("xa.tandoan").get(url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [row[0] for row in rows[1:]] == ["TD-1"]
    everyone = client_for("tckh").get(url).content.decode("utf-8-sig")
    assert "BQ-2" in everyone and "TD-1" in everyone


def test_the_obstacle_form_names_what_is_wrong(client_for, district, projects):
    response = client_for("tckh").post(
        reverse("monitoring:obstacle_new"),
        {
            "project": "TD-1",
            "kind": "design",
            "description": "Chưa thẩm định.",
            "responsible_unit": district["committee"].pk,
            "opened_on": "01/07/2024",
            "due_date": "01/06/2024",
        },
    )
    assert response.status_code == 200
    assert "Hạn tháo gỡ phải từ ngày phát sinh (01/07/2024) trở đi." in response.text


def test_finance_planning_reminds_from_the_board(client_for, people, district, projects):
    client = client_for("tckh")
    board = client.get(reverse("monitoring:board") + "?period=2024-09")
    assert "Nhắc 2 đơn vị chưa nộp" in board.text
    done = client.post(reverse("monitoring:board_remind"), {"period": "2024-09"}, follow=True)
    assert "Đã nhắc 2 đơn vị chưa nộp tháng 09/2024." in done.text
    event = Event.objects.get(action="monitoring.report.reminded")
    assert event.actor == people["tckh"] and event.data["units"] == ["BQLDA", "XA-TD"]
    chairman = client_for("chutich").get(reverse("monitoring:board") + "?period=2024-09")
    assert reverse("monitoring:board_remind") not in chairman.text
