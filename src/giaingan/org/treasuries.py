"""Which treasury a document belongs to when its file or form does not say (FORMATS.md:
the importing user's treasury, or the only one)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from giaingan.lib.users import signed_in
from giaingan.org.models import Unit, UnitKind
from giaingan.org.rules import recordable_treasury_ids


def treasury_codes() -> dict[str, int]:
    """Every treasury unit, by code."""
    return dict(Unit.objects.filter(kind=UnitKind.TREASURY).values_list("code", "id"))


def default_treasury_id(user: Any) -> int | None:
    """The user's treasury (its unit, when that unit is a treasury and the only one it
    belongs to), else the database's only treasury, else None: then the file or form must
    name the treasury."""
    user = signed_in(user)
    if user is not None:
        own = set(
            user.memberships.filter(unit__kind=UnitKind.TREASURY).values_list("unit_id", flat=True)
        )
        if len(own) == 1:
            return own.pop()
    only = list(Unit.objects.filter(kind=UnitKind.TREASURY).values_list("id", flat=True)[:2])
    return only[0] if len(only) == 1 else None


def treasury_count() -> int:
    return Unit.objects.filter(kind=UnitKind.TREASURY).count()


def missing_treasury_reason() -> str:
    """Why a document without a treasury cannot be recorded: the one message of the
    importer, the entry form and the ledger."""
    count = treasury_count()
    if not count:
        return "danh mục chưa có đơn vị kho bạc (loại kho_bac) nào: nhập danh mục đơn vị trước"
    return f"cần cột kho_bac: có {count} kho bạc, không biết chứng từ này của kho bạc nào"


def recordable_treasuries(user: Any) -> QuerySet[Unit]:
    """The treasury units whose documents `user` may record (the entry form's choices)."""
    allowed = recordable_treasury_ids(user)
    units = Unit.objects.filter(kind=UnitKind.TREASURY)
    return units if allowed is None else units.filter(id__in=allowed)


def correctable_treasury_codes(user: Any) -> set[str]:
    """Codes of the treasuries whose lines `user` may correct from a page."""
    if not user.has_perm("capital.add_treasury_line"):
        return set()
    return set(recordable_treasuries(user).values_list("code", flat=True))
