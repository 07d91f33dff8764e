"""Who signs a paper: the one rule for every paper the system generates.

A Decree 30 paper types the signer's full name under the titles and the space to sign. A
paper issued by a unit (an office, a board, a commune, the treasury) is signed by its head,
recorded on the unit ("Họ và tên người đứng đầu", "Chức danh người đứng đầu": edited where
units are edited); a paper a person signs in their own name (an award decision, a
person's achievement report) carries that person's name. Where a unit records no head, the
official who issues the paper signs it when their account has a name; otherwise the paper
is not made (`SignerMissing`, naming the unit and where to record its head), never signed
by an empty line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from giaingan.lib.problems import InvalidInput, Problem
from giaingan.org.issuers import home_committee
from giaingan.org.models import Membership, Role, Unit, UnitKind

WHERE = "Quản trị › Đơn vị, mục «Họ và tên người đứng đầu»"
# The words in the name of a committee's Finance-Planning office (no unit records its role).
FINANCE_OFFICE_WORDS = "Tài chính"


@dataclass(frozen=True)
class Signer:
    titles: list[str]
    name: str


class SignerMissing(InvalidInput):
    """A paper would be signed with no name: nothing was produced."""


def person_name(user: Any) -> str:
    """A user's full name as typed on a paper ("" when the account has none)."""
    if user is None:
        return ""
    return (user.get_full_name() or "").strip()


def signer_missing(unit: Unit | None, what: str) -> SignerMissing:
    if unit is None:
        reason = f"Chưa tạo được {what}: chưa có tên người ký (chưa ghi đơn vị ban hành)."
    else:
        reason = (
            f"Chưa tạo được {what}: đơn vị «{unit.name}» chưa ghi họ và tên người đứng đầu "
            f"để ký ({WHERE})."
        )
    return SignerMissing([Problem(reason, column="người ký")])


def unit_signer(
    unit: Unit | None,
    *,
    titles: Sequence[str],
    what: str = "văn bản",
    issued_by: Any = None,
) -> Signer:
    """The unit's head signs under `titles` (the paper's usual ones: "TM. Ủy ban nhân dân",
    "Chủ tịch"); the head's own title, when recorded, replaces the last line, in the same
    case. No head recorded: the official who issues it (`issued_by`), if named; else
    `SignerMissing`."""
    titles = list(titles)
    name = unit.head_name.strip() if unit is not None else ""
    if name:
        own = unit.head_title.strip()
        if own and titles:
            last = titles[-1]
            titles[-1] = own.upper() if last.isupper() else own[:1].upper() + own[1:]
        return Signer(titles, name)
    name = person_name(issued_by)
    if name:
        return Signer(titles, name)
    raise signer_missing(unit, what)


def person_signer(user: Any, *, titles: Sequence[str], what: str = "văn bản") -> Signer:
    """A paper the user signs in their own name (a decision, the certificates)."""
    name = person_name(user)
    if not name:
        raise SignerMissing(
            [
                Problem(
                    f"Chưa tạo được {what}: tài khoản «{getattr(user, 'username', '')}» chưa "
                    "có họ và tên để ký (Quản trị › Người dùng).",
                    column="người ký",
                )
            ]
        )
    return Signer(list(titles), name)


def role_unit(user: Any, *roles: str) -> Unit | None:
    """The unit in which the user holds one of `roles` (the first such membership)."""
    if user is None or not getattr(user, "pk", None):
        return None
    membership = (
        Membership.objects.filter(user_id=user.pk, role__in=roles)
        .select_related("unit__parent")
        .order_by("id")
        .first()
    )
    return membership.unit if membership is not None else None


def finance_planning_office(user: Any = None, committee: Unit | None = None) -> Unit | None:
    """The Finance-Planning office that issues a paper: the user's own; where its staff sit
    on a committee (or no user is named), that committee's (else `committee`'s, else the
    home committee's) office found by its name."""
    unit = role_unit(user, Role.FINANCE_PLANNING)
    if unit is not None and unit.kind != UnitKind.COMMITTEE:
        return unit
    return office_named(unit or committee or home_committee(), FINANCE_OFFICE_WORDS)


def office_named(committee: Unit | None, words: str) -> Unit | None:
    """The committee's office whose name holds `words` ("Văn phòng", "Tài chính - Kế
    hoạch"), when there is one."""
    if committee is None:
        return None
    return (
        Unit.objects.filter(parent=committee, kind=UnitKind.OFFICE, name__icontains=words)
        .order_by("code")
        .first()
    )
