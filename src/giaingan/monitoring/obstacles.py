"""Obstacles: registered on a project (from a report or directly), assigned to the unit
that must clear them, followed until cleared or escalated to the province."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from giaingan.audit.services import log_action
from giaingan.capital.models import Project
from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.users import signed_in
from giaingan.monitoring.models import Obstacle, ObstacleKind, ObstacleStatus, PeriodicReport
from giaingan.monitoring.rules import project_belongs_to
from giaingan.org.models import Unit


@dataclass(frozen=True)
class ObstacleInput:
    project: Project
    kind: str
    description: str
    responsible_unit: Unit
    opened_on: dt.date
    due_date: dt.date
    report: PeriodicReport | None = None


def obstacle_record(*, user: Any, data: ObstacleInput) -> Obstacle:
    """Register an obstacle on a project the user may act for; refuse bad input whole."""
    if not user.has_perm("monitoring.add_project_obstacle", data.project):
        raise PermissionDenied
    problems = []
    if data.kind not in ObstacleKind.values:
        problems.append(
            Problem("Loại vướng mắc không có trong danh mục.", column="loại", value=data.kind)
        )
    if not data.description.strip():
        problems.append(Problem("Cần mô tả vướng mắc.", column="nội dung"))
    if data.due_date < data.opened_on:
        problems.append(
            Problem(
                f"Hạn tháo gỡ phải từ ngày phát sinh ({format_date(data.opened_on)}) trở đi.",
                column="hạn tháo gỡ",
                value=format_date(data.due_date),
            )
        )
    report = data.report
    if report is not None and (
        (report.project_id and report.project_id != data.project.pk)
        or (not report.project_id and not project_belongs_to(data.project, report.unit_id))
    ):
        problems.append(
            Problem(
                f"Dự án {data.project.code} không thuộc báo cáo này.",
                column="dự án",
                value=data.project.code,
            )
        )
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        obstacle = Obstacle.objects.create(
            project=data.project,
            report=report,
            kind=data.kind,
            description=data.description.strip(),
            responsible_unit=data.responsible_unit,
            opened_on=data.opened_on,
            due_date=data.due_date,
            created_by=signed_in(user),
        )
        log_action(
            "monitoring.obstacle.recorded",
            user=user,
            obj=obstacle,
            data={"project": data.project.code, "kind": data.kind},
        )
    return obstacle


def obstacle_update(
    *,
    user: Any,
    obstacle: Obstacle,
    status: str,
    resolution: str = "",
    cleared_on: dt.date | None = None,
) -> Obstacle:
    """Move an obstacle to `status`; clearing it needs how and when it was cleared."""
    if not user.has_perm("monitoring.change_obstacle", obstacle):
        raise PermissionDenied
    problems = []
    if status not in ObstacleStatus.values:
        problems.append(Problem("Trạng thái không hợp lệ.", column="trạng thái", value=status))
    resolution = resolution.strip()
    if status == ObstacleStatus.CLEARED:
        if not resolution:
            problems.append(Problem("Cần ghi cách đã tháo gỡ vướng mắc.", column="cách tháo gỡ"))
        if cleared_on is None:
            problems.append(Problem("Cần ghi ngày tháo gỡ.", column="ngày tháo gỡ"))
        elif cleared_on < obstacle.opened_on:
            problems.append(
                Problem(
                    f"Ngày tháo gỡ phải từ ngày phát sinh ({format_date(obstacle.opened_on)}) "
                    "trở đi.",
                    column="ngày tháo gỡ",
                    value=format_date(cleared_on),
                )
            )
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        # Locked: two officers updating at once must not lose either's note.
        locked = Obstacle.objects.select_for_update().get(pk=obstacle.pk)
        before = locked.status
        locked.status = status
        locked.cleared_on = cleared_on if status == ObstacleStatus.CLEARED else None
        if resolution:
            locked.resolution = resolution
        locked.save()
        log_action(
            "monitoring.obstacle.updated",
            user=user,
            obj=locked,
            data={"from": before, "to": status, "resolution": resolution},
        )
    return locked
