"""Writes to the unit tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from giaingan.audit.services import log_action
from giaingan.lib.problems import Problem
from giaingan.org.models import Unit


@dataclass(frozen=True)
class UnitInput:
    code: str
    name: str
    kind: str
    parent_code: str = ""
    tax_code: str = ""


@dataclass
class SaveOutcome:
    created: list[str] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def units_save(*, rows: list[tuple[int | None, UnitInput]], user: Any = None) -> SaveOutcome:
    """Create or update units by code; parents may be named before or after their children."""
    outcome = SaveOutcome()
    existing = {unit.code: unit for unit in Unit.objects.select_related("parent")}
    parent_of = {code: (unit.parent.code if unit.parent else "") for code, unit in existing.items()}
    seen: dict[str, int | None] = {}
    for row, data in rows:
        if data.code in seen:
            outcome.problems.append(
                Problem("mã đơn vị trùng với một dòng trước trong tệp", row, "ma_don_vi", data.code)
            )
        seen[data.code] = row
        parent_of[data.code] = data.parent_code
    for row, data in rows:
        if data.parent_code and data.parent_code not in parent_of:
            outcome.problems.append(
                Problem("không có đơn vị cha mang mã này", row, "don_vi_cha", data.parent_code)
            )
        elif _in_cycle(data.code, parent_of):
            outcome.problems.append(
                Problem("đơn vị cha tạo thành vòng lặp", row, "don_vi_cha", data.parent_code)
            )
    if outcome.problems:
        return outcome
    with transaction.atomic():
        # Parents first, so each new unit is saved once, with its parent, in its history.
        for data in _parents_first([data for _, data in rows], existing):
            if data.code not in existing:
                unit = Unit(
                    code=data.code,
                    name=data.name,
                    kind=data.kind,
                    tax_code=data.tax_code,
                    parent=existing[data.parent_code] if data.parent_code else None,
                )
                unit.save()
                existing[data.code] = unit
                outcome.created.append(data.code)
        for _, data in rows:
            unit = existing[data.code]
            parent = existing[data.parent_code] if data.parent_code else None
            changed = (
                unit.name != data.name
                or unit.kind != data.kind
                or unit.tax_code != data.tax_code
                or unit.parent_id != (parent.pk if parent else None)
            )
            if not changed:
                if data.code not in outcome.created:
                    outcome.unchanged += 1
                continue
            unit.name, unit.kind, unit.tax_code, unit.parent = (
                data.name,
                data.kind,
                data.tax_code,
                parent,
            )
            unit.save()
            if data.code not in outcome.created:
                outcome.updated += 1
        if outcome.created or outcome.updated:
            log_action(
                "org.units.saved",
                user=user,
                data={"created": outcome.created[:1000], "updated": outcome.updated},
            )
    return outcome


def _parents_first(rows: list[UnitInput], existing: dict[str, Unit]) -> list[UnitInput]:
    placed = set(existing)
    ordered: list[UnitInput] = []
    waiting = rows
    while waiting:
        ready = [data for data in waiting if not data.parent_code or data.parent_code in placed]
        ordered.extend(ready)
        placed.update(data.code for data in ready)
        waiting = [data for data in waiting if data not in ready]
        if not ready:  # cycles were refused before; only existing units remain
            ordered.extend(waiting)
            break
    return ordered


def _in_cycle(code: str, parent_of: dict[str, str]) -> bool:
    visited = {code}
    current = parent_of.get(code, "")
    while current:
        if current in visited:
            return True
        visited.add(current)
        current = parent_of.get(current, "")
    return False
