"""The demo district's month's cycle in 2024: monthly reports from July to October (most on
time, some late, one unit missing September, one report returned and sent again, one
returned and still waiting; the third quarter's reports; one unit's own disbursement
figure ahead of the treasury's), obstacles of several kinds, one cleared and one overdue, and
two briefings (August and September) whose tasks are done, one late, and one overdue; and
two ad hoc requests from Finance-Planning (site clearance in Tân Đoàn and Hòa Bình in
September: the board answers, Tân Đoàn is returned once and answers again, Hòa Bình never
answers; the chance of spending the year's plan in November, one answer still unread).

Replayed through the same services as the pages, at the dates they happened.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model

from giaingan.capital.models import Project
from giaingan.monitoring.adhoc import (
    RequestInput,
    report_request_record,
    request_answer_review,
    request_answer_submit,
)
from giaingan.monitoring.briefings import (
    ActionInput,
    BriefingInput,
    action_complete,
    action_record,
    briefing_conclude,
    briefing_record,
)
from giaingan.monitoring.models import (
    Briefing,
    Obstacle,
    ObstacleKind,
    ObstacleStatus,
    PeriodicReport,
    ReportRequest,
    ReportStatus,
)
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record, obstacle_update
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reports import (
    ReportInput,
    report_figures,
    report_ledger,
    report_open,
    report_save,
    report_transition,
)
from giaingan.monitoring.selectors import owing_unit_ids
from giaingan.notifications.models import Notification
from giaingan.notifications.services import notification_read
from giaingan.org.models import Unit

from . import story

MONTHS = ["2024-07", "2024-08", "2024-09", "2024-10"]
QUARTERS = ["2024-Q3"]  # every owing unit files its third-quarter report too
# A unit whose own books show more than the treasury has paid (a payment order the treasury
# has not booked yet): the board highlights the difference.
AHEAD_OF_TREASURY = ("2024-09", "XA-KHANHKHE", 85_000_000)
MISSING = ("2024-09", "XA-TRANNINH")  # never filed its September report
# (period, unit): days after the deadline the unit first sent its report
LATE = {
    ("2024-07", "XA-KHANHKHE"): 3,
    ("2024-08", "XA-KHANHKHE"): 6,
    ("2024-08", "VQ-GDDT"): 2,
    ("2024-09", "XA-LIENHOI"): 4,
    ("2024-10", "XA-TUXUYEN"): 1,
}
RETURNED_AND_SENT_AGAIN = ("2024-09", "XA-TANDOAN")
RETURNED_WAITING = ("2024-10", "XA-HOABINH")
RETURN_REASON = (
    "Báo cáo chưa nêu số hộ chưa nhận tiền bồi thường và tiến độ bàn giao mặt bằng; "
    "đề nghị bổ sung và gửi lại."
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def cycle_ensure() -> None:
    """Load the 2024 reports and obstacles once, and the briefings once; a database that has
    any of either is left alone for that part."""
    if (
        PeriodicReport.objects.exists()
        and Briefing.objects.exists()
        and ReportRequest.objects.exists()
    ):
        return
    User = get_user_model()
    users = {
        user.username: user
        for user in User.objects.filter(username__in=["tckh", "admin", "bqlda", "xa.tandoan"])
    }
    reviewer, admin = users["tckh"], users["admin"]
    filers = {story.BOARD: users["bqlda"], "XA-TANDOAN": users["xa.tandoan"]}
    before = set(Notification.objects.values_list("id", flat=True))
    if not PeriodicReport.objects.exists():
        for code in MONTHS + QUARTERS:
            period = period_parse(code)
            due = period.due_date()
            for unit in Unit.objects.filter(id__in=owing_unit_ids(period, due)).order_by("code"):
                if (code, unit.code) == MISSING:
                    continue
                _file(period, due, unit, filers.get(unit.code, admin), reviewer)
        _obstacles(reviewer)
    if not Briefing.objects.exists():
        _briefings(reviewer, {**filers, "admin": admin})
    if not ReportRequest.objects.exists():
        _requests(reviewer, filers, admin)
    # The replayed year's notices are history: read already, so the inboxes start clean.
    for note in Notification.objects.exclude(id__in=before).only("id", "user"):
        notification_read(user=note.user, notification_id=note.pk)


def _file(period, due: dt.date, unit: Unit, filer, reviewer) -> None:
    report = report_open(user=filer, unit=unit, period=period)
    key = (period.code, unit.code)
    sent = due + dt.timedelta(days=LATE.get(key, -1 - len(unit.code) % 3))
    report_save(user=filer, report=report, data=_input(period, unit, report, sent, due))
    report = report_transition(
        user=filer, report=report, to_status=ReportStatus.SUBMITTED, at=_at(sent, 9)
    )
    if key in (RETURNED_AND_SENT_AGAIN, RETURNED_WAITING):
        report = report_transition(
            user=reviewer,
            report=report,
            to_status=ReportStatus.RETURNED,
            reason=RETURN_REASON,
            at=_at(sent + dt.timedelta(days=1), 15),
        )
        if key == RETURNED_WAITING:
            return
        resent = sent + dt.timedelta(days=3)  # with its figure brought up to that day
        report_save(user=filer, report=report, data=_input(period, unit, report, resent, due))
        report = report_transition(
            user=filer, report=report, to_status=ReportStatus.SUBMITTED, at=_at(resent, 10)
        )
    report_transition(
        user=reviewer,
        report=report,
        to_status=ReportStatus.ACCEPTED,
        at=_at(max(sent, due) + dt.timedelta(days=4), 14),
    )


def _input(period, unit: Unit, report, sent: dt.date, due: dt.date) -> ReportInput:
    """What the unit writes when it sends its report on `sent`: its own books agree with
    the treasury's figure as of the day the report speaks for (`report_as_of` once sent),
    but for the unit that is ahead of the treasury."""
    ledger = report_ledger(report, as_of=min(due, sent))
    reported = report_figures(report, ledger=ledger).disbursed
    if (period.code, unit.code) == AHEAD_OF_TREASURY[:2]:
        reported += AHEAD_OF_TREASURY[2]
    return ReportInput(
        reported_disbursed=reported,
        progress=f"Các dự án triển khai theo kế hoạch {period.phrase}.",
        obstacles_text=(
            "Một số hộ dân chưa đồng thuận phương án bồi thường."
            if unit.code in ("XA-TANDOAN", "XA-HOABINH")
            else ""
        ),
        proposals="Đề nghị UBND huyện tiếp tục chỉ đạo tháo gỡ vướng mắc.",
    )


def _project(*, investor: str, commune: str | None = None) -> Project:
    projects = Project.objects.filter(investor__code=investor, plan_entries__plan_year=2024)
    if commune is not None:
        projects = projects.filter(main_commune__code=commune)
    return projects.order_by("code").distinct().first()


# (investor, commune of the project, kind, responsible unit, description, opened, due,
# cleared on and how, or None)
OBSTACLES = [
    (
        "XA-TANDOAN",
        "XA-TANDOAN",
        ObstacleKind.SITE_CLEARANCE,
        "XA-TANDOAN",
        "Còn 4 hộ chưa nhận tiền bồi thường, chưa bàn giao mặt bằng đoạn cuối tuyến.",
        dt.date(2024, 6, 20),
        dt.date(2024, 9, 30),
        None,
    ),
    (
        story.BOARD,
        "XA-HOABINH",
        ObstacleKind.SITE_CLEARANCE,
        "XA-HOABINH",
        "Chưa thống nhất đơn giá bồi thường cây trồng với 7 hộ dân.",
        dt.date(2024, 7, 15),
        dt.date(2024, 12, 31),
        None,
    ),
    (
        story.BOARD,
        None,
        ObstacleKind.DESIGN,
        "VQ-KTHT",
        "Hồ sơ thiết kế bản vẽ thi công và dự toán điều chỉnh chưa được thẩm định.",
        dt.date(2024, 8, 5),
        dt.date(2024, 10, 31),
        (
            dt.date(2024, 10, 18),
            "Phòng Kinh tế và Hạ tầng đã thẩm định, UBND huyện phê duyệt dự toán điều chỉnh.",
        ),
    ),
    (
        story.BOARD,
        None,
        ObstacleKind.CONTRACTOR,
        story.BOARD,
        "Nhà thầu thiếu nhân lực và máy thi công, chậm 45 ngày so với tiến độ hợp đồng.",
        dt.date(2024, 9, 10),
        dt.date(2024, 11, 30),
        None,
    ),
]


def _obstacles(reviewer) -> None:
    used: set[int] = set()
    for investor, commune, kind, responsible, text, opened, due, cleared in OBSTACLES:
        project = _project(investor=investor, commune=commune)
        if project is None or project.pk in used and commune is None:
            candidates = Project.objects.filter(
                investor__code=investor, plan_entries__plan_year=2024
            ).exclude(id__in=used)
            project = candidates.order_by("code").distinct().first()
        if project is None:
            continue
        used.add(project.pk)
        obstacle = obstacle_record(
            user=reviewer,
            data=ObstacleInput(
                project=project,
                kind=kind,
                description=text,
                responsible_unit=Unit.objects.get(code=responsible),
                opened_on=opened,
                due_date=due,
            ),
        )
        if cleared is not None:
            obstacle_update(
                user=reviewer,
                obstacle=obstacle,
                status=ObstacleStatus.CLEARED,
                resolution=cleared[1],
                cleared_on=cleared[0],
            )


ATTENDEES = (
    "Lãnh đạo UBND huyện\n"
    "Phòng Tài chính - Kế hoạch\n"
    "Phòng Kinh tế và Hạ tầng\n"
    "Kho bạc Nhà nước khu vực\n"
    "Ban Quản lý dự án đầu tư xây dựng huyện\n"
    "Chủ tịch UBND các xã có dự án"
)
CHAIR = "Đồng chí Hoàng Văn Thuận, Chủ tịch UBND huyện"
# (briefing day, conclusion, [(unit, task, due, obstacle kind and commune or None,
#   (done on, what was done) or None)])
BRIEFINGS = [
    (
        dt.date(2024, 8, 28),
        "Các chủ đầu tư rà soát khối lượng đã nghiệm thu, hoàn thiện hồ sơ thanh toán "
        "gửi Kho bạc trước ngày 15/9/2024.",
        [
            (
                story.BOARD,
                "Hoàn thiện hồ sơ thanh toán khối lượng đã nghiệm thu các dự án chuyển tiếp.",
                dt.date(2024, 9, 15),
                None,
                (dt.date(2024, 9, 12), "Đã gửi Kho bạc hồ sơ thanh toán 6 dự án."),
            ),
            (
                "VQ-KTHT",
                "Thẩm định hồ sơ thiết kế và dự toán điều chỉnh của Ban QLDA.",
                dt.date(2024, 9, 30),
                (ObstacleKind.DESIGN, None),
                (dt.date(2024, 10, 18), "Đã thẩm định; UBND huyện phê duyệt dự toán điều chỉnh."),
            ),
        ],
    ),
    (
        dt.date(2024, 9, 30),
        "Tỷ lệ giải ngân chưa đạt chỉ tiêu; yêu cầu các đơn vị tập trung tháo gỡ vướng mắc về "
        "mặt bằng, đôn đốc nhà thầu và gửi báo cáo tháng đúng hạn.",
        [
            (
                "XA-TANDOAN",
                "Chi trả tiền bồi thường cho 4 hộ còn lại và bàn giao mặt bằng đoạn cuối tuyến.",
                dt.date(2024, 10, 20),
                (ObstacleKind.SITE_CLEARANCE, "XA-TANDOAN"),
                (dt.date(2024, 10, 16), "Đã chi trả cho 4 hộ, bàn giao mặt bằng ngày 16/10/2024."),
            ),
            (
                story.BOARD,
                "Làm việc với nhà thầu, yêu cầu bổ sung nhân lực và máy thi công, lập tiến độ bù.",
                dt.date(2024, 10, 15),
                (ObstacleKind.CONTRACTOR, None),
                None,  # never reported done: overdue
            ),
            (
                "XA-TRANNINH",
                "Gửi báo cáo tháng 09/2024 còn thiếu.",
                dt.date(2024, 10, 5),
                None,
                (dt.date(2024, 10, 7), "Đã gửi báo cáo (muộn 2 ngày)."),
            ),
        ],
    ),
]


def _briefings(reviewer, users: dict) -> None:
    for day, conclusion, tasks in BRIEFINGS:
        briefing = briefing_record(
            user=reviewer,
            data=BriefingInput(
                held_on=day, chair=CHAIR, attendees=ATTENDEES, venue="Hội trường UBND huyện"
            ),
        )
        briefing_conclude(user=reviewer, briefing=briefing, conclusion=conclusion)
        for code, task, due, about, done in tasks:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                continue
            obstacle = None
            if about is not None:
                kind, commune = about
                found = Obstacle.objects.filter(kind=kind)
                if commune is not None:
                    found = found.filter(project__main_commune__code=commune)
                obstacle = found.order_by("id").first()
            action = action_record(
                user=reviewer,
                briefing=briefing,
                data=ActionInput(task=task, responsible_unit=unit, due_date=due, obstacle=obstacle),
            )
            if done is not None:
                action_complete(
                    user=users.get(code, users["admin"]),
                    action=action,
                    done_on=done[0],
                    note=done[1],
                )


# Ad hoc requests (báo cáo đột xuất): what Finance-Planning asks, of whom, and how each unit
# answered: (unit, days after the request it answered or None, returned with this reason
# and answered again so many days later, accepted so many days after its last sending).
REQUESTS = [
    {
        "subject": "Tình hình bồi thường, giải phóng mặt bằng tại xã Tân Đoàn và xã Hòa Bình",
        "details": (
            "Đề nghị các đơn vị báo cáo số hộ bị ảnh hưởng, số hộ đã nhận tiền bồi thường, "
            "diện tích đã bàn giao mặt bằng, khó khăn vướng mắc và đề xuất giải pháp."
        ),
        "requested_on": dt.date(2024, 9, 5),
        "due_date": dt.date(2024, 9, 13),
        "answers": [
            (
                story.BOARD,
                6,
                "Đã chi trả bồi thường cho 38/45 hộ; đã bàn giao 2,1/2,6 km mặt bằng tuyến "
                "đường. Còn 7 hộ tại thôn Bản Pảng chưa đồng thuận đơn giá; đề nghị UBND xã "
                "Tân Đoàn phối hợp vận động.",
                None,
                2,
            ),
            (
                "XA-TANDOAN",
                7,
                "Xã đã tổ chức đối thoại với các hộ dân chưa đồng thuận; dự kiến hoàn thành "
                "bàn giao mặt bằng trong tháng 10/2024.",
                (
                    "Báo cáo chưa nêu số hộ chưa nhận tiền bồi thường và diện tích còn vướng; "
                    "đề nghị bổ sung số liệu và gửi lại.",
                    3,
                    "Còn 7 hộ (1,2 ha) chưa nhận tiền bồi thường; xã đã đối thoại 2 lần, "
                    "dự kiến bàn giao mặt bằng trước ngày 31/10/2024.",
                ),
                1,
            ),
            ("XA-HOABINH", None, "", None, None),  # never answered
        ],
    },
    {
        "subject": "Khả năng giải ngân hết kế hoạch vốn năm 2024",
        "details": (
            "Đề nghị báo cáo giá trị khối lượng đã thực hiện, dự kiến giải ngân đến hết "
            "ngày 31/01/2025 và số vốn đề nghị điều chuyển (nếu có)."
        ),
        "requested_on": dt.date(2024, 11, 5),
        "due_date": dt.date(2024, 11, 15),
        "answers": [
            (
                story.BOARD,
                9,
                "Dự kiến giải ngân 100% kế hoạch vốn được giao trước ngày 31/01/2025; không "
                "đề nghị điều chuyển vốn.",
                None,
                4,
            ),
            (
                "XA-TANDOAN",
                10,
                "Dự kiến giải ngân 92% kế hoạch; đề nghị điều chuyển phần vốn còn lại sang "
                "dự án có khối lượng hoàn thành.",
                None,
                None,  # waiting for Finance-Planning to read it
            ),
        ],
    },
]


def _requests(reviewer, filers: dict, admin) -> None:
    for asked in REQUESTS:
        units = {u.code: u for u in Unit.objects.filter(code__in=[a[0] for a in asked["answers"]])}
        request = report_request_record(
            user=reviewer,
            data=RequestInput(
                subject=asked["subject"],
                details=asked["details"],
                requested_on=asked["requested_on"],
                due_date=asked["due_date"],
                recipients=[units[code] for code, *_ in asked["answers"]],
            ),
        )
        for code, after, text, returned, accepted in asked["answers"]:
            if after is None:
                continue
            unit, filer = units[code], filers.get(code, admin)
            sent = asked["requested_on"] + dt.timedelta(days=after)
            answer = request_answer_submit(
                user=filer, request=request, unit=unit, text=text, at=_at(sent, 9)
            )
            if returned is not None:
                reason, again, text_again = returned
                answer = request_answer_review(
                    user=reviewer,
                    answer=answer,
                    to_status=ReportStatus.RETURNED,
                    reason=reason,
                    at=_at(sent + dt.timedelta(days=1), 15),
                )
                sent += dt.timedelta(days=again)
                answer = request_answer_submit(
                    user=filer, request=request, unit=unit, text=text_again, at=_at(sent, 10)
                )
            if accepted is not None:
                request_answer_review(
                    user=reviewer,
                    answer=answer,
                    to_status=ReportStatus.ACCEPTED,
                    at=_at(sent + dt.timedelta(days=accepted), 14),
                )
