"""Writes to the unit tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from giaingan.audit.services import log_action
from giaingan.lib.problems import Problem
from giaingan.lib.rows import rows_create_with_history
from giaingan.lib.users import signed_in
from giaingan.org.models import Unit


@dataclass(frozen=True)
class UnitInput:
    code: str
    name: str
    kind: str
    parent_code: str = ""
    tax_code: str = ""
    # Who heads it (`org.signers`); None leaves what is recorded as it is.
    head_name: str | None = None
    head_title: str | None = None


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
        # Parents first, level by level, so each new unit is written once, with its parent,
        # in its history: one bulk insert per level of the tree, not one save per unit.
        for level in _levels([data for _, data in rows], existing):
            values = [
                {
                    "code": data.code,
                    "name": data.name,
                    "kind": data.kind,
                    "tax_code": data.tax_code,
                    "parent_id": existing[data.parent_code].pk if data.parent_code else None,
                    "head_name": data.head_name or "",
                    "head_title": data.head_title or "",
                }
                for data in level
            ]
            ids = rows_create_with_history(
                model=Unit, key="code", rows=values, user=signed_in(user)
            )
            for row in values:
                existing[row["code"]] = Unit(id=ids[row["code"]], **row)
                outcome.created.append(row["code"])
        created = set(outcome.created)
        changed: dict[str, Unit] = {}
        for _, data in rows:
            unit = existing[data.code]
            parent = existing[data.parent_code] if data.parent_code else None
            head_name = unit.head_name if data.head_name is None else data.head_name
            head_title = unit.head_title if data.head_title is None else data.head_title
            same = (
                unit.name == data.name
                and unit.kind == data.kind
                and unit.tax_code == data.tax_code
                and unit.parent_id == (parent.pk if parent else None)
                and unit.head_name == head_name
                and unit.head_title == head_title
            )
            if same:
                if data.code not in created:
                    outcome.unchanged += 1
                continue
            unit.name, unit.kind, unit.tax_code, unit.parent = (
                data.name,
                data.kind,
                data.tax_code,
                parent,
            )
            unit.head_name, unit.head_title = head_name, head_title
            changed[data.code] = unit
            if data.code not in created:
                outcome.updated += 1
        if changed:
            bulk_update_with_history(
                list(changed.values()),
                Unit,
                ["name", "kind", "tax_code", "parent", "head_name", "head_title"],
                batch_size=1000,
                default_user=signed_in(user),
            )
        if outcome.created or outcome.updated:
            log_action(
                "org.units.saved",
                user=user,
                data={"created": outcome.created[:1000], "updated": outcome.updated},
            )
    return outcome


def _levels(rows: list[UnitInput], existing: dict[str, Unit]) -> list[list[UnitInput]]:
    """The new units of `rows`, by depth below the units already saved: each level's
    parents are saved or in an earlier level. Cycles were refused before."""
    new = {data.code: data for data in rows if data.code not in existing}
    depth: dict[str, int] = {}
    for code in new:
        chain = []
        while code in new and code not in depth:
            chain.append(code)
            code = new[code].parent_code
        known = depth.get(code, -1)  # a saved unit, no parent, or a code measured before
        for step in reversed(chain):
            known += 1
            depth[step] = known
    levels: list[list[UnitInput]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for code, data in new.items():
        levels[depth[code]].append(data)
    return levels


def _in_cycle(code: str, parent_of: dict[str, str]) -> bool:
    visited = {code}
    current = parent_of.get(code, "")
    while current:
        if current in visited:
            return True
        visited.add(current)
        current = parent_of.get(current, "")
    return False
