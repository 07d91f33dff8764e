"""Writes to the project catalogue (not money: the ledger is in `ledger.py`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from giaingan.audit.services import log_action
from giaingan.capital.models import Project
from giaingan.figures.cache import ledger_generation_bump
from giaingan.lib.rows import rows_create_with_history, rows_insert
from giaingan.lib.users import signed_in
from giaingan.org.services import SaveOutcome

FIELDS = [
    "name",
    "investor_id",
    "agency_id",
    "group",
    "sector",
    "total_investment",
    "start_year",
    "end_year",
    "is_key",
]


def projects_save(*, rows: list[Any], user: Any = None, batch: Any = None) -> SaveOutcome:
    """Create or update projects by code. Each row has the attributes of `ProjectRow`."""
    outcome = SaveOutcome()
    with transaction.atomic():
        existing = {
            project.code: project
            for project in Project.objects.filter(
                code__in=[row.code for row in rows]
            ).prefetch_related("communes")
        }
        new: list[tuple[str, dict[str, Any], list[int]]] = []
        for row in rows:
            values = {
                "name": row.name,
                "investor_id": row.investor,
                "agency_id": row.agency,
                "group": row.group,
                "sector": row.sector,
                "total_investment": row.total_investment,
                "start_year": row.start_year,
                "end_year": row.end_year,
                "is_key": row.is_key,
                "main_commune_id": row.communes[0] if row.communes else None,
            }
            project = existing.get(row.code)
            if project is None:
                new.append((row.code, values, row.communes))
                continue
            same_fields = all(getattr(project, name) == value for name, value in values.items())
            same_communes = {unit.pk for unit in project.communes.all()} == set(row.communes)
            if same_fields and same_communes:
                outcome.unchanged += 1
                continue
            for name, value in values.items():
                setattr(project, name, value)
            project.save()
            if not same_communes:
                project.communes.set(row.communes)
            outcome.updated += 1
        if new:
            # Straight into the tables, with their history: model objects through
            # bulk_create cost a nation's catalogue five times the database's work.
            ids = rows_create_with_history(
                model=Project,
                key="code",
                rows=[{"code": code, **values} for code, values, _ in new],
                user=signed_in(user),
            )
            rows_insert(
                model=Project.communes.through,
                columns=["project", "unit"],
                rows=[
                    (ids[code], unit)
                    for code, _, communes in new
                    for unit in dict.fromkeys(communes)
                ],
            )
            ledger_generation_bump()  # bulk writes send no signal (figures.cache)
            outcome.created = [code for code, _, _ in new]
        if outcome.created or outcome.updated:
            log_action(
                "capital.projects.saved",
                user=user,
                data={"created": len(outcome.created), "updated": outcome.updated},
            )
    return outcome
