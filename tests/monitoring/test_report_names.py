"""A report is named as officials write it: "Báo cáo tháng 09/2024", "báo cáo quý III/2024",
never "Báo cáo tháng tháng 09/2024" or the stored code "2024-09", on its page, in the
notifications, on the project's page and in the obstacle form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reports import report_open, report_transition
from giaingan.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("period", "title", "phrase"),
    [
        ("2024-09", "Báo cáo tháng 09/2024", "báo cáo tháng 09/2024"),
        ("2024-Q3", "Báo cáo quý III/2024", "báo cáo quý III/2024"),
        ("2024", "Báo cáo năm 2024", "báo cáo năm 2024"),
    ],
)
def test_a_report_is_named_by_its_period(people, district, period, title, phrase):
    report = report_open(
        user=people["xa.tandoan"], unit=district["tandoan"], period=period_parse(period)
    )
    assert (report.title, report.phrase) == (title, phrase)
    assert str(report) == f"{title} - {district['tandoan'].name}"


def test_the_page_the_notices_and_the_project_page_use_the_name(
    people, district, projects, client_for
):
    project = projects["TD-1"]
    report = report_open(
        user=people["xa.tandoan"],
        unit=district["tandoan"],
        period=period_parse("2024-09"),
        project=project,
    )
    page = client_for("xa.tandoan").get(reverse("monitoring:report", args=[report.pk]))
    html = page.content.decode()
    assert "<title>Báo cáo tháng 09/2024" in html
    assert f"<h1>Báo cáo tháng 09/2024: {project.code}" in html
    assert "tháng tháng" not in html.lower()
    report_transition(user=people["xa.tandoan"], report=report, to_status="submitted")
    subjects = set(Notification.objects.values_list("subject", flat=True))
    assert f"UBND xã Tân Đoàn đã gửi báo cáo tháng 09/2024 ({project.code})" in subjects
    assert not any("2024-09" in subject for subject in subjects)
    report_transition(user=people["tckh"], report=report, to_status="returned", reason="Thiếu")
    assert Notification.objects.filter(
        subject=f"Báo cáo tháng 09/2024 ({project.code}) bị trả lại"
    ).exists()
    form = client_for("xa.tandoan").get(reverse("monitoring:obstacle_new") + f"?report={report.pk}")
    assert form.status_code == 200
    assert "Ghi vướng mắc từ báo cáo tháng 09/2024" in form.content.decode()
