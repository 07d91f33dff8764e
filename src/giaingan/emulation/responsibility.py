"""The projects an individual answers for in a movement (dự án được giao phụ trách).

A person registered in a movement is judged on the figures of the projects on their list;
without a list, on their unit's figures (`evaluation.judged_on_text`). The person's unit or
Internal Affairs keeps the list; every change is in the row history and the event log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet

from giaingan.audit.services import log_action
from giaingan.capital.models import PlanEntry, Project
from giaingan.emulation.models import Category, Registration, ResponsibleProject
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.users import signed_in

MAX_PROJECTS = 200  # far more than one person answers for; keeps a crafted form small


@dataclass(frozen=True)
class ResponsibilityChange:
    registration: Registration
    added: list[str]  # project codes
    removed: list[str]

    def summary(self) -> str:
        if not self.added and not self.removed:
            return "Danh sách dự án phụ trách không thay đổi."
        parts = []
        if self.added:
            parts.append("thêm " + ", ".join(self.added))
        if self.removed:
            parts.append("bỏ " + ", ".join(self.removed))
        return "Đã cập nhật danh sách dự án phụ trách: " + "; ".join(parts) + "."


def responsibility_set(
    *, registration: Registration, projects: list[Project], user: Any
) -> ResponsibilityChange:
    """Make `projects` the list of projects the registered person answers for."""
    if not user.has_perm("emulation.assign_projects", registration):
        raise PermissionDenied
    if registration.category != Category.INDIVIDUAL:
        raise InvalidInput(
            [
                Problem(
                    "chỉ cá nhân mới có danh sách dự án phụ trách; tập thể được xét trên "
                    "dự án mình làm chủ đầu tư hoặc cơ quan chủ quản",
                    column="projects",
                )
            ]
        )
    wanted = {project.pk: project for project in projects}
    if len(wanted) > MAX_PROJECTS:
        raise InvalidInput(
            [Problem(f"một cá nhân phụ trách tối đa {MAX_PROJECTS} dự án", column="projects")]
        )
    with transaction.atomic():
        # Lock the registration: two editors of one list apply one after the other.
        Registration.objects.select_for_update().filter(pk=registration.pk).first()
        current = {
            row.project_id: row
            for row in registration.responsible_projects.select_related("project")
        }
        removed = [current[pk] for pk in current if pk not in wanted]
        added = [wanted[pk] for pk in wanted if pk not in current]
        for row in removed:
            row.delete()  # the history keeps it, dated
        actor = signed_in(user)
        for project in added:
            ResponsibleProject.objects.create(
                registration=registration, project=project, added_by=actor
            )
        change = ResponsibilityChange(
            registration=registration,
            added=sorted(project.code for project in added),
            removed=sorted(row.project.code for row in removed),
        )
        if change.added or change.removed:
            log_action(
                "emulation.responsibility.changed",
                user=user,
                obj=registration,
                data={
                    "movement": registration.movement.code,
                    "person": registration.person_name,
                    "added": change.added,
                    "removed": change.removed,
                },
            )
    return change


def assignable_projects(*, registration: Registration, user: Any) -> QuerySet[Project]:
    """The projects that may go on a person's list: those with a capital plan in the
    movement's year; for the person's unit, only the ones it invests in, governs or that
    lie in its commune (Internal Affairs may choose any)."""
    year = registration.movement.plan_year
    planned = Project.objects.filter(
        id__in=PlanEntry.objects.filter(plan_year=year).values("project_id")
    ).order_by("code")
    if user.has_perm("emulation.manage_movement"):
        return planned
    unit = registration.unit_id
    return planned.filter(
        Q(investor_id=unit) | Q(agency_id=unit) | Q(main_commune_id=unit) | Q(communes=unit)
    ).distinct()
