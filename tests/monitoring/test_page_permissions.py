"""Every page and action of the month's cycle, for each role of the shared cast: allowed or
refused on the server."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from giaingan.monitoring.models import Obstacle, ObstacleKind, PeriodicReport, ReportStatus
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reports import report_open, report_transition
from giaingan.notifications.models import Notification

pytestmark = pytest.mark.django_db

EVERYONE = ["chutich", "tckh", "khobac", "bqlda", "xa.tandoan", "noivu", "hoidong1", "xem", "admin"]
DISTRICT = {"chutich", "tckh", "khobac", "noivu", "hoidong1", "xem", "admin"}
REVIEWERS = {"tckh", "admin"}


def refused(response) -> bool:
    return response.status_code == 403 and "Không có quyền truy cập" in response.text


@pytest.fixture
def board_report(people, district, projects):
    return report_open(user=people["bqlda"], unit=district["board"], period=period_parse("2024-09"))


@pytest.fixture
def submitted(people, board_report):
    return report_transition(
        user=people["bqlda"], report=board_report, to_status=ReportStatus.SUBMITTED
    )


@pytest.fixture
def board_obstacle(people, district, projects):
    return obstacle_record(
        user=people["tckh"],
        data=ObstacleInput(
            project=projects["BQ-2"],
            kind=ObstacleKind.CONTRACTOR,
            description="Nhà thầu thiếu máy thi công.",
            responsible_unit=district["board"],
            opened_on=dt.date(2024, 7, 1),
            due_date=dt.date(2024, 8, 31),
        ),
    )


@pytest.mark.parametrize("name", EVERYONE)
def test_every_role_opens_the_reports_and_obstacles_pages(client_for, projects, name):
    client = client_for(name)
    assert client.get(reverse("monitoring:reports")).status_code == 200
    page = client.get(reverse("monitoring:obstacles"))
    assert page.status_code == 200
    assert "Vướng mắc" in page.text


def test_the_nav_offers_both_pages(client_for, projects):
    page = client_for("xa.tandoan").get(reverse("web:dashboard"))
    assert "Báo cáo định kỳ" in page.text and reverse("monitoring:obstacles") in page.text


def test_anonymous_is_sent_to_login(client_for, projects):
    client = client_for(None)
    for url in [
        reverse("monitoring:reports"),
        reverse("monitoring:board"),
        reverse("monitoring:obstacles"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("name", EVERYONE)
def test_the_status_board_is_for_the_district(client_for, projects, name):
    response = client_for(name).get(reverse("monitoring:board") + "?period=2024-09")
    if name in DISTRICT:
        assert response.status_code == 200
        assert "Tình hình nộp báo cáo tháng 09/2024" in response.text
    else:
        assert refused(response)
    export = client_for(name).get(
        reverse("monitoring:board_export", args=["csv"]) + "?period=2024-09"
    )
    assert export.status_code == (200 if name in DISTRICT else 403)


@pytest.mark.parametrize("name", EVERYONE)
def test_a_report_is_seen_by_its_unit_and_the_district(client_for, board_report, name):
    response = client_for(name).get(reverse("monitoring:report", args=[board_report.pk]))
    if name in DISTRICT | {"bqlda"}:
        assert response.status_code == 200
    else:
        assert refused(response)


@pytest.mark.parametrize("name", EVERYONE)
def test_only_the_unit_opens_its_report(client_for, district, projects, name):
    response = client_for(name).post(
        reverse("monitoring:report_new"), {"unit": district["board"].pk, "period": "2024-09"}
    )
    if name in {"bqlda", "admin"}:
        assert response.status_code == 302
        assert PeriodicReport.objects.filter(unit=district["board"], period="2024-09").exists()
    else:
        assert response.status_code == 403
        assert not PeriodicReport.objects.exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_only_the_unit_saves_its_draft(client_for, board_report, name):
    response = client_for(name).post(
        reverse("monitoring:report", args=[board_report.pk]),
        {"work_done_value": "1.000.000", "action": "save"},
    )
    board_report.refresh_from_db()
    if name in {"bqlda", "admin"}:
        assert response.status_code == 302
        assert board_report.work_done_value == 1_000_000
    else:
        assert response.status_code == 403
        assert board_report.work_done_value == 0


@pytest.mark.parametrize("name", EVERYONE)
def test_only_finance_planning_returns_a_report(client_for, submitted, name):
    client_for(name).post(
        reverse("monitoring:report_step", args=[submitted.pk]),
        {"to": "returned", "reason": "Thiếu số liệu."},
    )
    submitted.refresh_from_db()
    assert submitted.status == (
        ReportStatus.RETURNED if name in REVIEWERS else ReportStatus.SUBMITTED
    )


@pytest.mark.parametrize("name", EVERYONE)
def test_only_finance_planning_accepts_a_report(client_for, submitted, name):
    response = client_for(name).post(
        reverse("monitoring:report_step", args=[submitted.pk]), {"to": "accepted"}
    )
    submitted.refresh_from_db()
    if name in REVIEWERS:
        assert submitted.status == ReportStatus.ACCEPTED
    else:
        assert response.status_code == 403
        assert submitted.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("name", EVERYONE)
def test_registering_an_obstacle_on_the_boards_project(client_for, district, projects, name):
    response = client_for(name).post(
        reverse("monitoring:obstacle_new"),
        {
            "project": "BQ-2",
            "kind": "design",
            "description": "Dự toán chưa được thẩm định.",
            "responsible_unit": district["committee"].pk,
            "opened_on": "01/07/2024",
            "due_date": "31/08/2024",
        },
    )
    if name in {"tckh", "admin", "bqlda"}:
        assert response.status_code == 302
        assert Obstacle.objects.filter(project=projects["BQ-2"], kind="design").exists()
    else:
        assert response.status_code == 403
        assert not Obstacle.objects.exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_an_obstacle_is_seen_and_updated_by_whom_it_concerns(client_for, board_obstacle, name):
    url = reverse("monitoring:obstacle", args=[board_obstacle.pk])
    seen = client_for(name).get(url)
    assert seen.status_code == (200 if name in DISTRICT | {"bqlda"} else 403)
    changed = client_for(name).post(url, {"status": "in_progress"})
    board_obstacle.refresh_from_db()
    if name in {"tckh", "admin", "bqlda"}:
        assert changed.status_code == 302
        assert board_obstacle.status == "in_progress"
    else:
        assert changed.status_code == 403
        assert board_obstacle.status == "open"


def test_a_forged_unit_is_not_found_not_a_crash(client_for, projects):
    response = client_for("bqlda").post(
        reverse("monitoring:report_new"), {"unit": "abc", "period": "2024-09"}
    )
    assert response.status_code == 404


def test_a_bad_period_is_named_on_the_list(client_for, district, projects):
    response = client_for("bqlda").post(
        reverse("monitoring:report_new"),
        {"unit": district["board"].pk, "period": "09/2024"},
        follow=True,
    )
    assert "Kỳ báo cáo phải ghi dạng 2024-09" in response.text
    assert not PeriodicReport.objects.exists()


@pytest.mark.parametrize("forged", ["abc", "²", "-1"])
def test_a_forged_report_for_an_obstacle_is_not_found(client_for, projects, forged):
    response = client_for("tckh").get(reverse("monitoring:obstacle_new") + f"?report={forged}")
    assert response.status_code == 404


def test_the_admin_shows_reports_and_obstacles_read_only(client_for, board_report, board_obstacle):
    admin = client_for("admin")
    listed = admin.get("/admin/monitoring/periodicreport/")
    assert listed.status_code == 200 and "2024-09" in listed.text
    assert admin.get("/admin/monitoring/obstacle/").status_code == 200
    assert admin.get("/admin/monitoring/obstacle/add/").status_code == 403


@pytest.mark.parametrize("name", EVERYONE)
def test_only_finance_planning_reminds_the_late_ones(client_for, people, projects, name):
    response = client_for(name).post(reverse("monitoring:board_remind"), {"period": "2024-09"})
    told = Notification.objects.filter(subject__startswith="Đề nghị gửi ngay tháng 09/2024")
    if name in REVIEWERS:
        assert response.status_code == 302
        assert sorted(told.values_list("user__username", flat=True)) == ["bqlda", "xa.tandoan"]
    else:
        assert response.status_code == 403
        assert not told.exists()
