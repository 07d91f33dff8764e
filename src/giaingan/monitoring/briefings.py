"""Briefings (giao ban): Finance-Planning records the meeting (date, chair, attendees,
scope), the chair's conclusions become action items (task, responsible unit, deadline,
linked project or obstacle), and the responsible unit reports each one done.

Each write is one transaction, logged with who and when; the unit that must act is told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from giaingan.audit.services import log_action
from giaingan.capital.models import Project
from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.users import signed_in
from giaingan.monitoring.models import ActionItem, ActionStatus, Briefing, Obstacle
from giaingan.notifications.services import notify
from giaingan.org.models import Unit


@dataclass(frozen=True)
class BriefingInput:
    held_on: dt.date
    chair: str
    attendees: str
    scope_unit: Unit | None = None
    venue: str = ""


@dataclass(frozen=True)
class ActionInput:
    task: str
    responsible_unit: Unit
    due_date: dt.date
    project: Project | None = None
    obstacle: Obstacle | None = None


def attendee_lines(text: str) -> list[str]:
    """The attendees, one a line, blanks and bullets dropped."""
    return [line.strip(" -+•\t") for line in text.splitlines() if line.strip(" -+•\t")]


def briefing_record(*, user: Any, data: BriefingInput) -> Briefing:
    """Open a briefing; refuse it whole when the chair or the attendees are missing."""
    if not user.has_perm("monitoring.hold_briefing"):
        raise PermissionDenied
    problems = []
    if not data.chair.strip():
        problems.append(Problem("Cần ghi người chủ trì cuộc họp.", column="người chủ trì"))
    if not attendee_lines(data.attendees):
        problems.append(Problem("Cần ghi thành phần dự họp.", column="thành phần dự họp"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        briefing = Briefing.objects.create(
            held_on=data.held_on,
            chair=data.chair.strip(),
            attendees="\n".join(attendee_lines(data.attendees)),
            scope_unit=data.scope_unit,
            venue=data.venue.strip(),
            created_by=signed_in(user),
        )
        log_action(
            "monitoring.briefing.recorded",
            user=user,
            obj=briefing,
            data={"held_on": data.held_on.isoformat(), "chair": briefing.chair},
        )
    return briefing


def briefing_conclude(*, user: Any, briefing: Briefing, conclusion: str) -> Briefing:
    """Write the chair's general conclusion (the opening of the Thông báo kết luận)."""
    if not user.has_perm("monitoring.hold_briefing"):
        raise PermissionDenied
    with transaction.atomic():
        locked = Briefing.objects.select_for_update().get(pk=briefing.pk)
        locked.conclusion = conclusion.strip()
        locked.save(update_fields=["conclusion"])
        log_action("monitoring.briefing.concluded", user=user, obj=locked, data={})
    return locked


def action_record(*, user: Any, briefing: Briefing, data: ActionInput) -> ActionItem:
    """Record one of the chair's conclusions as a task for a unit, due after the meeting."""
    if not user.has_perm("monitoring.hold_briefing"):
        raise PermissionDenied
    problems = []
    if not data.task.strip():
        problems.append(Problem("Cần ghi nội dung nhiệm vụ.", column="nội dung nhiệm vụ"))
    if data.due_date < briefing.held_on:
        problems.append(
            Problem(
                f"Thời hạn phải từ ngày họp ({format_date(briefing.held_on)}) trở đi.",
                column="thời hạn",
                value=format_date(data.due_date),
            )
        )
    project = data.project
    if data.obstacle is not None:
        if project is None:
            project = data.obstacle.project
        elif data.obstacle.project_id != project.pk:
            problems.append(
                Problem(
                    f"Vướng mắc đã chọn thuộc dự án {data.obstacle.project.code}, không phải "
                    f"dự án {project.code}.",
                    column="vướng mắc",
                    value=str(data.obstacle.pk),
                )
            )
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        action = ActionItem.objects.create(
            briefing=briefing,
            task=data.task.strip(),
            responsible_unit=data.responsible_unit,
            due_date=data.due_date,
            project=project,
            obstacle=data.obstacle,
            created_by=signed_in(user),
        )
        log_action(
            "monitoring.action.recorded",
            user=user,
            obj=action,
            data={
                "briefing": briefing.pk,
                "unit": data.responsible_unit.code,
                "due": data.due_date.isoformat(),
            },
        )
        notify(
            unit_members([data.responsible_unit.pk]),
            subject=f"Nhiệm vụ sau giao ban ngày {format_date(briefing.held_on)}, "
            f"hạn {format_date(data.due_date)}",
            body=action.task,
            url=reverse("monitoring:action", args=[action.pk]),
        )
    return action


def action_complete(*, user: Any, action: ActionItem, done_on: dt.date, note: str) -> ActionItem:
    """The responsible unit (or Finance-Planning) reports the task done, with what was done."""
    if not user.has_perm("monitoring.complete_action", action):
        raise PermissionDenied
    problems = []
    note = note.strip()
    if not note:
        problems.append(Problem("Cần ghi kết quả thực hiện.", column="kết quả thực hiện"))
    if done_on < action.briefing.held_on:
        problems.append(
            Problem(
                f"Ngày hoàn thành phải từ ngày họp ({format_date(action.briefing.held_on)}) "
                "trở đi.",
                column="ngày hoàn thành",
                value=format_date(done_on),
            )
        )
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        # Locked: the unit and Finance-Planning closing it at once must not both write.
        locked = ActionItem.objects.select_for_update().get(pk=action.pk)
        if locked.status == ActionStatus.DONE:
            raise InvalidInput([Problem("Nhiệm vụ này đã được báo hoàn thành.")])
        locked.status = ActionStatus.DONE
        locked.done_on, locked.done_note, locked.done_by = done_on, note, signed_in(user)
        locked.save()
        log_action(
            "monitoring.action.done",
            user=user,
            obj=locked,
            data={"done_on": done_on.isoformat(), "late": done_on > locked.due_date},
        )
    return locked


def unit_members(unit_ids) -> list:
    """The active users holding any role in `unit_ids`: who must carry a unit's task out."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, memberships__unit_id__in=list(unit_ids))
        .distinct()
    )
