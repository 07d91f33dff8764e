"""What an API caller may see: the pages' permission rules and scopes (org/rules.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from rest_framework.permissions import BasePermission

from giaingan.capital.models import PlanEntry, Project, TreasuryLine
from giaingan.org.models import Unit
from giaingan.org.rules import own_unit_ids, project_scope, sees_district


def rule(permission: str) -> type[BasePermission]:
    """A DRF permission that asks the rules module for `permission`, as the pages do."""

    class Rule(BasePermission):
        def has_permission(self, request, view) -> bool:
            return bool(request.user and request.user.has_perm(permission))

    Rule.__name__ = f"Rule_{permission.replace('.', '_')}"
    return Rule


def projects_seen(user) -> QuerySet[Project]:
    """The projects the user may open on the site: its own, and a commune's on its land."""
    scope = project_scope(user)
    projects = Project.objects.all()
    return projects if scope is None else projects.filter(scope)


def units_seen(user) -> QuerySet[Unit]:
    """The whole tree for the district's roles; for an investor or a commune, its own units
    and those its projects name (investor, governing agency, communes)."""
    if sees_district(user):
        return Unit.objects.all()
    projects = projects_seen(user)
    return Unit.objects.filter(
        Q(id__in=own_unit_ids(user))
        | Q(id__in=projects.values("investor_id"))
        | Q(id__in=projects.exclude(agency=None).values("agency_id"))
        | Q(id__in=projects.exclude(main_commune=None).values("main_commune_id"))
        | Q(projects_located__in=projects)
    ).distinct()


def plan_entries_seen(user) -> QuerySet[PlanEntry]:
    if project_scope(user) is None:
        return PlanEntry.objects.all()
    return PlanEntry.objects.filter(project__in=projects_seen(user))


def treasury_lines_seen(user) -> QuerySet[TreasuryLine]:
    if project_scope(user) is None:
        return TreasuryLine.objects.all()
    return TreasuryLine.objects.filter(project__in=projects_seen(user))
