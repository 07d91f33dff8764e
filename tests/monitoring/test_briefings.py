"""Briefings: the agenda read from the figures as of the meeting, the chair's conclusions as
action items, followed to done with overdue ones flagged, and the Thông báo kết luận."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from giaingan.capital.models import DisbursementTarget
from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.agenda import (
    action_list,
    briefing_agenda,
    last_monthly_period,
    overdue_actions,
)
from giaingan.monitoring.briefings import (
    ActionInput,
    BriefingInput,
    action_complete,
    action_record,
    briefing_record,
)
from giaingan.monitoring.models import ActionItem, ActionStatus, Briefing, ObstacleKind
from giaingan.monitoring.notice import briefing_notice
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reminders import reminders_send
from giaingan.monitoring.reports import report_open, report_transition
from giaingan.notifications.models import Notification
from tests.conftest import make_project, pay, plan
from tests.documents.helpers import lines, open_docx

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.date(2024, 9, 30)


@pytest.fixture
def target(db):
    return DisbursementTarget.objects.create(
        plan_year=2024, due_date=dt.date(2024, 9, 30), share_percent=30
    )


def hold(people, day=SEPTEMBER, scope_unit=None, **extra) -> Briefing:
    return briefing_record(
        user=people["tckh"],
        data=BriefingInput(
            held_on=day,
            chair="Đồng chí Nông Văn Bình, Chủ tịch UBND huyện",
            attendees="Phòng Tài chính - Kế hoạch\nBan QLDA ĐTXD huyện\n\n- UBND xã Tân Đoàn",
            scope_unit=scope_unit,
            venue="Hội trường UBND huyện",
            **extra,
        ),
    )


def assign(people, briefing, unit, *, due, task="Hoàn thành bồi thường", **extra) -> ActionItem:
    return action_record(
        user=people["tckh"],
        briefing=briefing,
        data=ActionInput(task=task, responsible_unit=unit, due_date=due, **extra),
    )


def test_the_agenda_is_read_from_the_figures_as_of_the_meeting(people, district, projects, target):
    agenda = briefing_agenda(hold(people))
    assert (agenda.total.plan, agenda.total.disbursed) == (2_000_000_000, 400_000_000)
    # BQ-2 has paid nothing, BQ-1 25%; TD-1 37,5% is past the 30% due by 30/09.
    assert [row.code for row in agenda.slowest] == ["BQ-2", "BQ-1", "TD-1"]
    assert [row.code for row in agenda.behind] == ["BQ-2", "BQ-1"]
    assert agenda.behind_count == 2
    # Three days earlier TD-1 had 25% (its 28/09 payment not made yet): behind too.
    earlier = briefing_agenda(hold(people, day=dt.date(2024, 9, 27)))
    assert earlier.target is None  # the 30/09 milestone is not due yet
    assert earlier.behind == []
    assert earlier.total.disbursed == 350_000_000


@pytest.mark.parametrize(
    ("paid", "behind"),
    [(299_999_999, True), (300_000_000, False), (0, True), (1_000_000_000, False)],
)
def test_behind_the_target_compares_dong_not_a_rounded_rate(people, district, target, paid, behind):
    project = make_project("KT-1", district["board"])
    plan(project, 1_000_000_000)
    if paid:
        pay(project, paid, on=dt.date(2024, 9, 1))
    agenda = briefing_agenda(hold(people))
    assert ([row.code for row in agenda.behind] == ["KT-1"]) is behind


def test_the_agenda_names_missing_reports_open_obstacles_and_overdue_actions(
    people, district, projects, target
):
    report = report_open(
        user=people["bqlda"], unit=district["board"], period=period_parse("2024-09")
    )
    report_transition(user=people["bqlda"], report=report, to_status="submitted")
    obstacle = obstacle_record(
        user=people["tckh"],
        data=ObstacleInput(
            project=projects["BQ-2"],
            kind=ObstacleKind.SITE_CLEARANCE,
            description="Còn 5 hộ chưa bàn giao mặt bằng.",
            responsible_unit=district["vanan"],
            opened_on=dt.date(2024, 7, 1),
            due_date=dt.date(2024, 8, 31),
        ),
    )
    august = hold(people, day=dt.date(2024, 8, 28))
    late = assign(people, august, district["vanan"], due=dt.date(2024, 9, 15), obstacle=obstacle)
    assign(people, august, district["board"], due=dt.date(2024, 10, 15))
    agenda = briefing_agenda(hold(people))
    assert agenda.period == period_parse("2024-09")
    assert [(unit.code, unit.status) for unit in agenda.missing] == [("XA-TD", "missing")]
    assert (agenda.obstacles_open, agenda.obstacles_overdue) == (1, 1)
    site = next(group for group in agenda.register.groups if group.key == "site_clearance")
    assert (site.open, site.plan_held) == (1, 600_000_000)
    assert agenda.overdue_actions == [late]
    assert late.project == projects["BQ-2"]  # taken from its obstacle
    # A briefing about one commune sees that commune's projects only.
    scoped = briefing_agenda(hold(people, scope_unit=district["vanan"]))
    assert [row.code for row in scoped.slowest] == ["BQ-2"]
    assert scoped.missing == []  # Văn An invests in nothing: it owes no report


def test_the_last_monthly_period_is_the_one_whose_deadline_passed():
    assert last_monthly_period(dt.date(2024, 9, 25)) == period_parse("2024-09")
    assert last_monthly_period(dt.date(2024, 9, 24)) == period_parse("2024-08")
    assert last_monthly_period(dt.date(2025, 1, 10)) == period_parse("2024-12")


def test_an_action_is_refused_whole_on_bad_input(people, district, projects):
    briefing = hold(people)
    obstacle = obstacle_record(
        user=people["tckh"],
        data=ObstacleInput(
            project=projects["TD-1"],
            kind=ObstacleKind.DESIGN,
            description="Chưa thẩm định xong dự toán.",
            responsible_unit=district["tandoan"],
            opened_on=dt.date(2024, 9, 1),
            due_date=dt.date(2024, 10, 1),
        ),
    )
    with pytest.raises(InvalidInput) as refused:
        assign(
            people,
            briefing,
            district["board"],
            task="  ",
            due=dt.date(2024, 9, 1),
            project=projects["BQ-1"],
            obstacle=obstacle,
        )
    messages = [str(problem) for problem in refused.value.problems]
    assert any("Cần ghi nội dung nhiệm vụ" in text for text in messages)
    assert any("từ ngày họp (30/09/2024)" in text and "01/09/2024" in text for text in messages)
    assert any("thuộc dự án TD-1, không phải dự án BQ-1" in text for text in messages)
    assert ActionItem.objects.count() == 0
    with pytest.raises(InvalidInput):
        briefing_record(
            user=people["tckh"],
            data=BriefingInput(held_on=SEPTEMBER, chair=" ", attendees="\n  \n"),
        )
    assert Briefing.objects.count() == 1


@pytest.mark.parametrize("name", ["chutich", "tckh", "admin"])
def test_who_holds_briefings_records_them(people, name):
    briefing = briefing_record(
        user=people[name],
        data=BriefingInput(held_on=SEPTEMBER, chair="Chủ tịch", attendees="Phòng TC-KH"),
    )
    assert briefing.attendees == "Phòng TC-KH"


@pytest.mark.parametrize("name", ["khobac", "bqlda", "xa.tandoan", "noivu", "hoidong1", "xem"])
def test_others_cannot_hold_a_briefing_or_assign_tasks(people, district, name):
    with pytest.raises(PermissionDenied):
        briefing_record(
            user=people[name],
            data=BriefingInput(held_on=SEPTEMBER, chair="Chủ tịch", attendees="Phòng TC-KH"),
        )
    briefing = hold(people)
    with pytest.raises(PermissionDenied):
        action_record(
            user=people[name],
            briefing=briefing,
            data=ActionInput(
                task="Việc", responsible_unit=district["board"], due_date=dt.date(2024, 10, 1)
            ),
        )
    assert ActionItem.objects.count() == 0


def test_the_responsible_unit_marks_its_task_done_and_no_one_else(people, district, projects):
    action = assign(people, hold(people), district["board"], due=dt.date(2024, 10, 15))
    assert Notification.objects.filter(user=people["bqlda"], url__contains="/nhiem-vu/").exists()
    for name in ("xa.tandoan", "khobac", "xem"):
        with pytest.raises(PermissionDenied):
            action_complete(user=people[name], action=action, done_on=SEPTEMBER, note="Xong.")
    with pytest.raises(InvalidInput) as refused:
        action_complete(user=people["bqlda"], action=action, done_on=dt.date(2024, 9, 1), note="")
    assert len(refused.value.problems) == 2
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    done = action_complete(
        user=people["bqlda"], action=action, done_on=dt.date(2024, 10, 20), note="Đã chi trả."
    )
    assert (done.status, done.done_on, done.done_by) == (
        ActionStatus.DONE,
        dt.date(2024, 10, 20),
        people["bqlda"],
    )
    with pytest.raises(InvalidInput):  # not twice
        action_complete(user=people["tckh"], action=done, done_on=SEPTEMBER, note="Lại.")


def test_overdue_is_open_past_the_deadline_and_done_late_is_not(people, district, projects):
    briefing = hold(people)
    late = assign(people, briefing, district["board"], due=dt.date(2024, 10, 15))
    on_time = assign(people, briefing, district["tandoan"], due=dt.date(2024, 10, 31))
    day = dt.date(2024, 10, 20)
    assert list(overdue_actions(day=day)) == [late]
    assert late.overdue_on(day) and not on_time.overdue_on(day)
    assert not late.overdue_on(dt.date(2024, 10, 15))  # the deadline day itself is in time
    action_complete(user=people["bqlda"], action=late, done_on=day, note="Xong muộn.")
    assert list(overdue_actions(day=day)) == []
    assert list(action_list(unit_ids={district["tandoan"].pk})) == [on_time]


def test_remind_tells_the_responsible_unit_of_an_overdue_task_once_a_day(
    people, district, projects
):
    action = assign(people, hold(people), district["tandoan"], due=dt.date(2024, 10, 15))
    outcome = reminders_send(today=dt.date(2024, 10, 20), days_ahead=0, late_window=0)
    assert outcome.actions == 1
    assert "1 nhiệm vụ sau giao ban quá hạn" in outcome.summary()
    told = Notification.objects.filter(
        user=people["xa.tandoan"], subject__startswith="Nhiệm vụ sau giao ban quá hạn"
    )
    assert told.get().url.endswith(f"/nhiem-vu/{action.pk}/")
    assert Notification.objects.filter(
        user=people["tckh"], subject="1 nhiệm vụ sau giao ban quá hạn"
    ).exists()
    again = reminders_send(today=dt.date(2024, 10, 20), days_ahead=0, late_window=0)
    assert again.notifications == 0
    assert not Notification.objects.filter(
        user=people["bqlda"], subject__startswith="Nhiệm vụ sau giao ban quá"
    ).exists()


def test_the_notice_states_the_figures_and_the_tasks(people, district, projects, target):
    briefing = hold(people)
    briefing.conclusion = "Các đơn vị tập trung tháo gỡ vướng mắc mặt bằng."
    briefing.save()
    assign(
        people,
        briefing,
        district["board"],
        task="Hoàn thành chi trả bồi thường dự án BQ-2;",
        due=dt.date(2024, 10, 15),
        project=projects["BQ-2"],
    )
    text = lines(open_docx(briefing_notice(briefing)))
    assert "THÔNG BÁO" in text
    assert any(
        line.startswith("Kết luận của Đồng chí Nông Văn Bình, Chủ tịch UBND huyện tại cuộc họp")
        for line in text
    )
    assert "- UBND xã Tân Đoàn." in text
    assert any(
        "tổng kế hoạch vốn năm 2024 là 2.000.000.000 đồng; đã giải ngân 400.000.000 đồng, "
        "đạt 20,00% kế hoạch (chỉ tiêu đến ngày 30/09/2024: 30,00%; còn 2 dự án chưa đạt)" in line
        for line in text
    )
    assert "Đơn vị chưa gửi báo cáo tháng 09/2024: UBND xã Tân Đoàn, Ban QLDA ĐTXD huyện." in (
        text
    ) or ("Đơn vị chưa gửi báo cáo tháng 09/2024: Ban QLDA ĐTXD huyện, UBND xã Tân Đoàn." in text)
    # Nơi nhận: the leaders, those who attended, the unit given a task; each once.
    start = next(i for i, line in enumerate(text) if line.startswith("Nơi nhận"))
    recipients = [line for line in text[start:] if line.startswith("- ")]
    assert len(recipients) == len(set(recipients))
    assert any(line.startswith("- Chủ tịch, các Phó Chủ tịch UBND") for line in recipients)
    assert "- Các thành phần dự họp;" in recipients
    assert "- Ban QLDA ĐTXD huyện;" in recipients
    assert "Các đơn vị tập trung tháo gỡ vướng mắc mặt bằng." in text
    assert (
        "1. Ban QLDA ĐTXD huyện: Hoàn thành chi trả bồi thường dự án BQ-2 (dự án BQ-2). "
        "Thời hạn hoàn thành: trước ngày 15/10/2024." in text
    )


def test_the_agenda_reuses_its_figures_for_the_capital_held_and_agrees(people, district, projects):
    from giaingan.figures.selectors import Figures
    from giaingan.monitoring.selectors import obstacle_register

    for code, kind in (("BQ-1", ObstacleKind.CONTRACTOR), ("TD-1", ObstacleKind.CONTRACTOR)):
        obstacle_record(
            user=people["tckh"],
            data=ObstacleInput(
                project=projects[code],
                kind=kind,
                description="Nhà thầu thiếu nhân lực.",
                responsible_unit=district["board"],
                opened_on=dt.date(2024, 9, 1),
                due_date=dt.date(2024, 10, 1),
            ),
        )
    alone = obstacle_register(as_of=SEPTEMBER)
    shared = obstacle_register(as_of=SEPTEMBER, figures=Figures(year=2024, as_of=SEPTEMBER))
    assert shared == alone and alone.total.plan_held == 1_400_000_000
    # Figures of another date are not reused: the register reads its own.
    other = obstacle_register(
        as_of=SEPTEMBER, figures=Figures(year=2024, as_of=dt.date(2023, 12, 1))
    )
    assert other == alone
