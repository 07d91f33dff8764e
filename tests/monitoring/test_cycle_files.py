"""The register's open list and the action list as files: every column the page shows, the
labels in Vietnamese, the overdue flag by the same rule as the page."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from giaingan.monitoring.briefings import action_complete
from giaingan.monitoring.models import ObstacleKind, ObstacleStatus
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record, obstacle_update
from tests.monitoring.test_briefings import assign, hold

pytestmark = pytest.mark.django_db


def body_of(response) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row for row in rows[1:] if row]


def test_the_open_obstacles_download_with_their_labels(client_for, people, district, projects):
    _overdue, escalated = (
        obstacle_record(
            user=people["tckh"],
            data=ObstacleInput(
                project=projects[code],
                kind=kind,
                description=f"Vướng mắc {code}.",
                responsible_unit=unit,
                opened_on=dt.date(2024, 6, 1),
                due_date=due,
            ),
        )
        for code, kind, unit, due in [
            ("BQ-2", ObstacleKind.DESIGN, district["committee"], dt.date(2024, 8, 31)),
            ("TD-1", ObstacleKind.SITE_CLEARANCE, district["tandoan"], dt.date(2024, 12, 31)),
        ]
    )
    obstacle_update(
        user=people["tckh"], obstacle=escalated, status=ObstacleStatus.ESCALATED, resolution=""
    )
    url = reverse("monitoring:obstacles_export", args=["danh-sach", "csv"]) + "?as_of=30/09/2024"
    assert body_of(client_for("tckh").get(url)) == [
        [
            "BQ-2",
            "Dự án BQ-2",
            "Thẩm định thiết kế, dự toán",
            "Vướng mắc BQ-2.",
            district["committee"].name,
            "01/06/2024",
            "31/08/2024",
            "Chưa xử lý",
            "Quá hạn",
        ],
        [
            "TD-1",
            "Dự án TD-1",
            "Giải phóng mặt bằng, bồi thường",
            "Vướng mắc TD-1.",
            "UBND xã Tân Đoàn",
            "01/06/2024",
            "31/12/2024",
            "Đã báo cáo tỉnh",
            "",
        ],
    ]


def test_a_task_done_late_is_not_flagged_overdue_in_the_file(client_for, people, district):
    briefing = hold(people)
    done = assign(people, briefing, district["board"], due=dt.date(2024, 10, 15), task="Việc A")
    assign(people, briefing, district["board"], due=dt.date(2024, 10, 15), task="Việc B")
    action_complete(user=people["tckh"], action=done, done_on=dt.date(2024, 11, 1), note="Xong.")
    rows = body_of(
        client_for("tckh").get(reverse("monitoring:actions_export", args=["csv"]) + "?tat_ca=1")
    )
    listed = {row[1]: row for row in rows if row[1].startswith("Việc")}
    assert listed["Việc A"][5:] == ["Đã hoàn thành", "01/11/2024", "Xong.", ""]
    assert listed["Việc B"][5:] == ["Đang thực hiện", "", "", "Quá hạn"]
    assert listed["Việc A"][0] == "30/09/2024" and listed["Việc A"][2] == district["board"].name
