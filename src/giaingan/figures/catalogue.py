"""The project catalogue a page's figures need: code, name, key flag and units of each
project, read once per `Figures` and shared by its tables and its forecast (a province's
dashboard read the 8,000-row Project table four times before)."""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections

from giaingan.capital.models import Project

# Past this many ids an IN list costs more than reading the whole (small) table.
MANY_IDS = 5000


class ProjectEntry(NamedTuple):
    code: str
    name: str
    is_key: bool
    investor_id: int | None
    agency_id: int | None
    main_commune_id: int | None


def project_catalogue(ids: Collection[int]) -> dict[int, ProjectEntry]:
    """The entry of each project of `ids` (more when the whole table is cheaper to read:
    callers look up, never iterate)."""
    found = (
        Project.objects.all() if len(ids) > MANY_IDS else Project.objects.filter(id__in=list(ids))
    )
    rows = found.order_by().values_list(
        "id", "code", "name", "is_key", "investor_id", "agency_id", "main_commune_id"
    )
    # Read as the database gives them: ids and text need none of Django's per-row
    # conversion (10^4 rows); the key flag is made a bool here (SQLite gives 0 or 1).
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # no id: nothing to ask
        return {}
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return {
            pk: ProjectEntry(code, name, bool(is_key), investor, agency, commune)
            for pk, code, name, is_key, investor, agency, commune in cursor.fetchall()
        }
