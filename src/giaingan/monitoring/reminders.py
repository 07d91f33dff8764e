"""The daily reminders of the month's cycle, through the notifications (in the app, and by
mail when it is set up): reports coming due, reports late, obstacles past their due date,
briefing action items past their deadline.

Run once a day (`giaingan remind`); a second run on the same day tells no one twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.adhoc import request_status
from giaingan.monitoring.agenda import overdue_actions
from giaingan.monitoring.briefings import unit_members
from giaingan.monitoring.models import STILL_OPEN, Obstacle, ReportRequest
from giaingan.monitoring.periods import Period, periods_of_year
from giaingan.monitoring.rules import REPORTING_ROLES
from giaingan.monitoring.selectors import WAITING, period_status
from giaingan.notifications.models import Notification
from giaingan.notifications.services import notify
from giaingan.org.models import Role


@dataclass
class ReminderOutcome:
    due_soon: int = 0  # units reminded of a report coming due
    late: int = 0  # units reminded of a late report
    obstacles: int = 0  # obstacles past their due date
    actions: int = 0  # briefing action items past their deadline
    requests: int = 0  # units reminded of an ad hoc report not yet sent
    notifications: int = 0

    def summary(self) -> str:
        return (
            f"Đã nhắc {self.due_soon} đơn vị sắp đến hạn nộp báo cáo, {self.late} đơn vị "
            f"quá hạn nộp báo cáo; {self.obstacles} vướng mắc quá hạn tháo gỡ; "
            f"{self.actions} nhiệm vụ sau giao ban quá hạn; "
            f"{self.requests} đơn vị chưa gửi báo cáo đột xuất; "
            f"{self.notifications} thông báo đã gửi."
        )


def reminders_send(
    *, today: dt.date, days_ahead: int = 3, late_window: int = 31
) -> ReminderOutcome:
    """Remind units of reports due within `days_ahead` days, of reports due in the last
    `late_window` days and still owed, and of obstacles past their due date; Finance-
    Planning gets one line per period and one for the obstacles."""
    outcome = ReminderOutcome()
    sent = _already_sent()
    reviewers = list(_users().filter(memberships__role=Role.FINANCE_PLANNING).distinct())
    with transaction.atomic():
        for period, due in _periods(today, days_ahead, late_window):
            owing = [u for u in period_status(period).units if u.status in WAITING]
            if not owing:
                continue
            late = due < today
            url = reverse("monitoring:reports") + f"?year={period.year}"
            if late:
                subject = f"Quá hạn nộp {period.phrase} (hạn {format_date(due)})"
                body = "Đơn vị chưa gửi báo cáo, hoặc báo cáo bị trả lại chưa gửi lại."
            else:
                subject = f"Sắp đến hạn nộp {period.phrase}: {format_date(due)}"
                body = "Đơn vị lập và gửi báo cáo trước hạn nộp."
            filers = _reporting_users([unit.unit_id for unit in owing])
            for unit in owing:
                outcome.notifications += _tell(sent, filers[unit.unit_id], subject, body, url)
            if late:
                outcome.late += len(owing)
                names = ", ".join(unit.name for unit in owing)
                outcome.notifications += _tell(
                    sent,
                    reviewers,
                    f"{len(owing)} đơn vị chưa nộp {period.phrase} (hạn {format_date(due)})",
                    names,
                    reverse("monitoring:board") + f"?period={period.code}",
                )
            else:
                outcome.due_soon += len(owing)
        overdue = list(
            Obstacle.objects.filter(status__in=STILL_OPEN, due_date__lt=today)
            .select_related("project", "responsible_unit")
            .order_by("due_date", "id")
        )
        outcome.obstacles = len(overdue)
        if overdue:
            filers = _reporting_users({o.responsible_unit_id for o in overdue})
            for obstacle in overdue:
                outcome.notifications += _tell(
                    sent,
                    filers[obstacle.responsible_unit_id],
                    f"Vướng mắc quá hạn tháo gỡ: {obstacle.project.code} "
                    f"({obstacle.get_kind_display().lower()}), hạn {format_date(obstacle.due_date)}",
                    obstacle.description,
                    reverse("monitoring:obstacle", args=[obstacle.pk]),
                )
            outcome.notifications += _tell(
                sent,
                reviewers,
                f"{len(overdue)} vướng mắc quá hạn tháo gỡ",
                "; ".join(f"{o.project.code}: {o.get_kind_display()}" for o in overdue[:20]),
                reverse("monitoring:obstacles"),
            )
        late_actions = list(overdue_actions(day=today))
        outcome.actions = len(late_actions)
        if late_actions:
            members = {a.responsible_unit_id: [] for a in late_actions}
            for user in unit_members(members):
                for unit_id in user.memberships.filter(unit_id__in=members).values_list(
                    "unit_id", flat=True
                ):
                    members[unit_id].append(user)
            for action in late_actions:
                outcome.notifications += _tell(
                    sent,
                    members[action.responsible_unit_id],
                    f"Nhiệm vụ sau giao ban quá hạn (hạn {format_date(action.due_date)}): "
                    f"{action.task[:120]}",
                    action.task,
                    reverse("monitoring:action", args=[action.pk]),
                )
            outcome.notifications += _tell(
                sent,
                reviewers,
                f"{len(late_actions)} nhiệm vụ sau giao ban quá hạn",
                "; ".join(f"{a.responsible_unit.name}: {a.task[:60]}" for a in late_actions[:20]),
                reverse("monitoring:actions"),
            )
        outcome.requests, told = _remind_requests(
            sent, reviewers, today - dt.timedelta(days=late_window), today, days_ahead
        )
        outcome.notifications += told
    return outcome


def _remind_requests(sent, reviewers, first: dt.date, today: dt.date, days_ahead: int):
    """Ad hoc report requests due from `first` to `days_ahead` days on: the units asked that
    have not answered are reminded, Finance-Planning told of the late ones. (units, told)"""
    units = told = 0
    requests = ReportRequest.objects.filter(
        due_date__gte=first, due_date__lte=today + dt.timedelta(days=days_ahead)
    ).order_by("due_date", "pk")
    for request in requests:
        waiting = [row for row in request_status(request) if row.waiting]
        if not waiting:
            continue
        owing = [row.unit for row in waiting]
        units += len(owing)
        late = request.due_date < today
        when = f"hạn {format_date(request.due_date)}"
        subject = (
            f"Quá hạn gửi báo cáo đột xuất ({when}): {request.subject}"
            if late
            else f"Sắp đến hạn gửi báo cáo đột xuất ({when}): {request.subject}"
        )
        url = reverse("monitoring:request", args=[request.pk])
        filers = _reporting_users([unit.pk for unit in owing])
        for row in waiting:
            body = (
                f"Báo cáo bị trả lại, chưa gửi lại. Lý do: {row.answer.return_reason}"
                if row.status == "returned"
                else request.details
            )
            told += _tell(sent, filers[row.unit.pk], subject, body, url)
        if late:
            told += _tell(
                sent,
                reviewers,
                f"{len(owing)} đơn vị chưa gửi (hoặc chưa gửi lại) báo cáo đột xuất ({when}): "
                f"{request.subject}",
                ", ".join(unit.name for unit in owing),
                url,
            )
    return units, told


def period_remind(*, user, period: Period) -> int:
    """Finance-Planning reminds, from the board, the units that still owe `period`'s report;
    the number of units reminded. Logged with who asked."""
    if not user.has_perm("monitoring.review_report"):
        raise PermissionDenied
    due = period.due_date()
    owing = [unit for unit in period_status(period).units if unit.status in WAITING]
    if not owing:
        return 0
    with transaction.atomic():
        filers = _reporting_users([unit.unit_id for unit in owing])
        late = due < timezone.localdate()
        subject = (
            f"Đề nghị gửi ngay {period.phrase} (đã quá hạn {format_date(due)})"
            if late
            else f"Đề nghị gửi {period.phrase} trước hạn {format_date(due)}"
        )
        url = reverse("monitoring:reports") + f"?year={period.year}"
        for unit in owing:
            notify(
                filers[unit.unit_id],
                subject=subject,
                body="Phòng Tài chính - Kế hoạch đề nghị đơn vị lập và gửi báo cáo.",
                url=url,
            )
        log_action(
            "monitoring.report.reminded",
            user=user,
            data={"period": period.code, "units": [unit.code for unit in owing]},
        )
    return len(owing)


def _periods(today: dt.date, days_ahead: int, late_window: int) -> list[tuple[Period, dt.date]]:
    """Periods due from `late_window` days ago to `days_ahead` days on, with their deadline;
    a period whose year has no deadline rule is left out."""
    first, last = today - dt.timedelta(days=late_window), today + dt.timedelta(days=days_ahead)
    found = []
    for year in range(first.year, last.year + 1):
        for period in periods_of_year(year):
            try:
                due = period.due_date()
            except InvalidInput:
                continue
            if first <= due <= last:
                found.append((period, due))
    return found


def _users():
    return get_user_model().objects.filter(is_active=True)


def _reporting_users(unit_ids) -> dict[int, list]:
    users: dict[int, list] = defaultdict(list)
    for user in (
        _users()
        .filter(memberships__unit_id__in=unit_ids, memberships__role__in=REPORTING_ROLES)
        .distinct()
    ):
        for unit_id in set(
            user.memberships.filter(unit_id__in=unit_ids, role__in=REPORTING_ROLES).values_list(
                "unit_id", flat=True
            )
        ):
            users[unit_id].append(user)
    return users


def _already_sent() -> set[tuple[int, str]]:
    """What was told today, by the clock (not the date reminded about)."""
    return set(
        Notification.objects.filter(created_at__date=timezone.localdate()).values_list(
            "user_id", "subject"
        )
    )


def _tell(sent: set[tuple[int, str]], users, subject: str, body: str, url: str) -> int:
    """Notify those not told `subject` today; the count told."""
    fresh = [user for user in users if (user.pk, subject[:255]) not in sent]
    if fresh:
        notify(fresh, subject=subject, body=body, url=url)
        sent.update((user.pk, subject[:255]) for user in fresh)
    return len(fresh)
