"""The workflow of a dossier: the table of steps and the helpers every service takes them with.

A dossier moves draft -> submitted -> received (or returned with a reason) -> appraised
eligible (or not, with a reason) -> at council -> awarded or not. Each step is allowed to one
role only (TRANSITIONS), taken under a row lock (`step_take`, inside the caller's
transaction), written to `DossierTransition` and the event log, and the next actor is
notified (`notify_step`). The process services (proposal, council, publicity, decisions)
take their steps here; this module imports none of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.emulation.models import (
    DossierStatus,
    DossierTransition,
    Nomination,
    Purpose,
)
from giaingan.emulation.restrictions import nominee_restrictions, restriction_message
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.users import signed_in
from giaingan.notifications.services import notify
from giaingan.org.models import Role

S = DossierStatus


@dataclass(frozen=True)
class Step:
    permission: str
    needs_reason: bool = False


# (from, to) -> who may take the step. Anything else is refused.
TRANSITIONS: dict[tuple[str, str], Step] = {
    (S.DRAFT, S.SUBMITTED): Step("emulation.draft_proposal"),
    (S.RETURNED, S.SUBMITTED): Step("emulation.draft_proposal"),
    (S.SUBMITTED, S.RECEIVED): Step("emulation.appraise_dossier"),
    (S.SUBMITTED, S.RETURNED): Step("emulation.appraise_dossier", needs_reason=True),
    (S.RECEIVED, S.RETURNED): Step("emulation.appraise_dossier", needs_reason=True),
    (S.RECEIVED, S.ELIGIBLE): Step("emulation.appraise_dossier"),
    (S.RECEIVED, S.INELIGIBLE): Step("emulation.appraise_dossier", needs_reason=True),
    # An appraisal overtaken by events (a restriction, a founded objection) is revised.
    (S.ELIGIBLE, S.INELIGIBLE): Step("emulation.appraise_dossier", needs_reason=True),
    (S.ELIGIBLE, S.AT_COUNCIL): Step("emulation.run_session"),
    # A founded objection sends the dossier back to appraisal (publicity.objection_answer).
    (S.AT_COUNCIL, S.RECEIVED): Step("emulation.appraise_dossier", needs_reason=True),
    (S.AT_COUNCIL, S.AWARDED): Step("emulation.decide"),
    (S.AT_COUNCIL, S.NOT_AWARDED): Step("emulation.decide", needs_reason=True),
}


# Steps taken only as part of a larger act, each with where it is taken: opening a council
# session puts dossiers before the council; the chairman's decision awards them or not.
TAKEN_BY_SERVICES: dict[str, str] = {
    S.AT_COUNCIL: "Hồ sơ được trình Hội đồng khi mở phiên họp Hội đồng.",
    S.AWARDED: "Hồ sơ được khen thưởng khi Chủ tịch ban hành quyết định.",
    S.NOT_AWARDED: "Hồ sơ không được khen thưởng khi Chủ tịch ban hành quyết định.",
}
# A dossier before the council leaves it only through a service: the decision, or the
# answer to a founded objection.
LEFT_BY_SERVICES = {S.AT_COUNCIL}


def allowed_steps(nomination: Nomination, user: Any) -> list[str]:
    """The statuses `user` may move this dossier to by hand from where it stands."""
    if nomination.purpose != Purpose.AWARD:
        return []
    return [
        target
        for (source, target), step in TRANSITIONS.items()
        if source == nomination.status
        and source not in LEFT_BY_SERVICES
        and target not in TAKEN_BY_SERVICES
        and user.has_perm(step.permission)
    ]


def hand_step_check(to_status: str) -> None:
    """Refuse by hand a step only a larger act takes, saying where it is taken."""
    if to_status in TAKEN_BY_SERVICES:
        raise InvalidInput([Problem(TAKEN_BY_SERVICES[to_status])])


# The steps that carry a dossier forward, each checked against the restrictions in force
# on its own date (Decree 98, Art. 4): a unit restricted after being proposed stops there.
CHECKED_STEPS: dict[str, str] = {
    S.SUBMITTED: "trình",
    S.RECEIVED: "tiếp nhận",
    S.ELIGIBLE: "thẩm định",
    S.AT_COUNCIL: "trình Hội đồng",
    S.AWARDED: "quyết định khen thưởng",
}


def restriction_stop(nomination: Nomination, to_status: str, on: dt.date) -> str:
    """Why `nomination` may not take the step to `to_status` on `on`; "" when it may."""
    if to_status not in CHECKED_STEPS or nomination.purpose != Purpose.AWARD:
        return ""
    reasons = nominee_restrictions(
        unit_id=nomination.unit_id, person_name=nomination.person_name, on=on
    )
    if not reasons:
        return ""
    return restriction_message(nomination.nominee, reasons, on=on, step=CHECKED_STEPS[to_status])


def step_take(
    nomination_id: int,
    to_status: str,
    user: Any,
    reason: str,
    *,
    on: dt.date | None = None,
    by_hand: bool = False,
) -> Nomination:
    """Take one step of TRANSITIONS under a row lock, refusing a restricted nominee."""
    # Lock the dossier: two officials pressing buttons at once must not both move it.
    nomination = Nomination.objects.select_for_update().select_related("unit").get(pk=nomination_id)
    step = TRANSITIONS.get((nomination.status, to_status))
    if by_hand and nomination.status in LEFT_BY_SERVICES:
        step = None
    if nomination.purpose != Purpose.AWARD or step is None:
        raise InvalidInput(
            [
                Problem(
                    f"Hồ sơ «{nomination.nominee}» đang ở trạng thái «{nomination.get_status_display()}», "
                    f"không chuyển sang «{S(to_status).label}» được."
                )
            ]
        )
    if not user.has_perm(step.permission):
        raise PermissionDenied
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise InvalidInput([Problem("Phải ghi rõ lý do.", column="Lý do")])
    if stop := restriction_stop(nomination, to_status, on or timezone.localdate()):
        raise InvalidInput([Problem(stop)])
    source = nomination.status
    nomination.status = to_status
    nomination.status_reason = reason
    nomination.status_changed_at = timezone.now()
    nomination.save(update_fields=["status", "status_reason", "status_changed_at"])
    DossierTransition.objects.create(
        nomination=nomination,
        from_status=source,
        to_status=to_status,
        actor=signed_in(user),
        reason=reason,
    )
    log_action(
        "emulation.dossier.moved",
        user=user,
        obj=nomination,
        data={"from": source, "to": to_status, "reason": reason},
    )
    return nomination


@dataclass(frozen=True)
class Told:
    """Who is told that dossiers reached a status; `own_units`: only the officers of the
    dossiers' own units, sent to the movement's page rather than the dossiers'."""

    roles: tuple[Role, ...]
    adds: str = ""  # what the subject adds
    own_units: bool = False


DRAFTERS = Told((Role.FINANCE_PLANNING,))
# Rejected and returned cases are told their reason (DOMAIN 3), and so are the decided ones.
OFFICERS = Told((Role.INVESTOR, Role.COMMUNE), own_units=True)
TOLD_OF: dict[str, list[Told]] = {
    S.SUBMITTED: [Told((Role.INTERNAL_AFFAIRS,), " chờ tiếp nhận")],
    S.RECEIVED: [DRAFTERS],
    S.ELIGIBLE: [DRAFTERS],
    S.RETURNED: [DRAFTERS, OFFICERS],
    S.INELIGIBLE: [DRAFTERS, OFFICERS],
    S.AT_COUNCIL: [Told((Role.COUNCIL_MEMBER,), " chờ Hội đồng biểu quyết")],
    S.AWARDED: [OFFICERS],
    S.NOT_AWARDED: [OFFICERS],
}


def users_with(*roles: Role, units: list[int] | None = None):
    memberships = Q(memberships__role__in=[role.value for role in roles])
    if units is not None:
        memberships &= Q(memberships__unit_id__in=units)
    return get_user_model().objects.filter(memberships, is_active=True).distinct()


def notify_step(nominations: list[Nomination], to_status: str, user: Any) -> None:
    """Tell who acts next (TOLD_OF) that these dossiers reached `to_status`, with reasons."""
    if not nominations:
        return
    proposal = nominations[0].proposal
    movement = proposal.movement
    url = f"/thi-dua/{movement.code}/ho-so/"
    names = ", ".join(nomination.nominee for nomination in nominations[:5])
    if len(nominations) > 5:
        names += f" và {len(nominations) - 5} hồ sơ khác"
    label = S(to_status).label
    reasons = "; ".join(
        f"{nomination.nominee}: {nomination.status_reason}"
        for nomination in nominations
        if nomination.status_reason
    )
    body = f"{names}.\n{reasons}".strip()
    subject = f"[{movement.code}] {label}: {len(nominations)} hồ sơ"
    for told in TOLD_OF.get(to_status, []):
        units = [n.unit_id for n in nominations] if told.own_units else None
        notify(
            users_with(*told.roles, units=units),
            subject=subject + told.adds,
            body=body,
            url=f"/thi-dua/{movement.code}/" if told.own_units else url,
        )
