"""Which body issued a capital-plan decision when its file or form does not say: the
importing user's people's committee, or the district's (the only committee with no
committee below it: a district's, under its province)."""

from __future__ import annotations

from typing import Any

from giaingan.lib.users import signed_in
from giaingan.org.models import Unit, UnitKind


def home_committee_id() -> int | None:
    """The only people's committee with no committee among its children, else None."""
    lowest = Unit.objects.filter(kind=UnitKind.COMMITTEE).exclude(children__kind=UnitKind.COMMITTEE)
    ids = list(lowest.values_list("id", flat=True).distinct()[:2])
    return ids[0] if len(ids) == 1 else None


def home_committee() -> Unit | None:
    """The committee whose officials work in this system and under whose name its papers
    are issued: the only committee with none below it (a district's, under its province),
    else the one at the top of the tree (a province's, over its districts)."""
    home = home_committee_id()
    if home is not None:
        return Unit.objects.get(pk=home)
    return (
        Unit.objects.filter(parent__isnull=True, kind=UnitKind.COMMITTEE).order_by("code").first()
    )


def default_issuer_id(user: Any) -> int | None:
    """The committee the user works in or under (when there is one), else the home one."""
    user = signed_in(user)
    if user is not None:
        found = set()
        for unit in Unit.objects.filter(memberships__user=user).select_related("parent"):
            committee = next(
                (u for u in [unit, *unit.ancestors()] if u.kind == UnitKind.COMMITTEE), None
            )
            if committee is not None:
                found.add(committee.pk)
        if len(found) == 1:
            return found.pop()
    return home_committee_id()


def unit_codes() -> dict[str, int]:
    return dict(Unit.objects.values_list("code", "id"))


def missing_issuer_reason() -> str:
    """Why a decision without an issuer cannot be recorded."""
    count = Unit.objects.filter(kind=UnitKind.COMMITTEE).count()
    return (
        f"cần cột co_quan_ban_hanh (mã cơ quan ban hành quyết định): có {count} UBND, "
        "không biết quyết định này của cơ quan nào"
    )
