"""Who may not be proposed for an award on a given day (Decree 98/2023/NĐ-CP, Art. 4).

The one query of "a restriction in force on a date": the evaluation, the proposal and every
later step of the pipeline (receiving, appraisal, the council, the decision) ask it, each on
its own date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from giaingan.emulation.models import UnitRestriction
from giaingan.lib.dates import format_date
from giaingan.lib.text import name_key

LEGAL_NOTE = "Nghị định 98/2023/NĐ-CP, Điều 4"


def restrictions_in_force(*, on: dt.date, unit_ids: Iterable[int]) -> QuerySet[UnitRestriction]:
    """The restrictions of these units (and of their people) in force on `on`."""
    return (
        UnitRestriction.objects.filter(unit_id__in=list(unit_ids), since__lte=on)
        .filter(Q(until__isnull=True) | Q(until__gte=on))
        .order_by("since", "pk")
    )


def restriction_text(restriction: UnitRestriction) -> str:
    """ "Đang bị điều tra từ ngày 03/02/2025"."""
    return f"{restriction.get_kind_display()} từ ngày {format_date(restriction.since)}"


def unit_restrictions(*, unit_ids: Iterable[int], on: dt.date) -> dict[int, list[str]]:
    """Unit id -> why the unit itself (not one of its people) is restricted on `on`."""
    found: dict[int, list[str]] = {}
    for restriction in restrictions_in_force(on=on, unit_ids=unit_ids).filter(person_name=""):
        found.setdefault(restriction.unit_id, []).append(restriction_text(restriction))
    return found


def nominee_restrictions(*, unit_id: int, person_name: str, on: dt.date) -> list[str]:
    """Why this unit (person_name "") or this person of it is restricted on `on`."""
    key = name_key(person_name)
    return [
        restriction_text(restriction)
        for restriction in restrictions_in_force(on=on, unit_ids=[unit_id])
        if name_key(restriction.person_name) == key
    ]


def restriction_message(nominee: str, reasons: list[str], *, on: dt.date, step: str) -> str:
    """The reason shown when a step stops a restricted nominee."""
    return (
        f"«{nominee}» chưa được đề nghị khen thưởng tại bước {step} ngày {format_date(on)}: "
        f"{'; '.join(reasons)} ({LEGAL_NOTE})."
    )
