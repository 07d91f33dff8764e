"""Reads of the award pipeline shared by its services, its views and its papers: the award
order, a council's dossiers and members and its tally, what is posted publicly and what
founded objections leave out, when an appraisal is due. No writes, no service imported."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from giaingan.emulation.models import (
    AWARD_ORDER,
    CouncilSession,
    DossierStatus,
    Movement,
    Nomination,
    Objection,
    ObjectionOutcome,
    Posting,
    Proposal,
    ProposalStatus,
    Purpose,
    SessionStatus,
)
from giaingan.emulation.votes import Tally, votes_tally
from giaingan.lib.dates import format_date
from giaingan.org.models import Role, Unit
from giaingan.rulebook.selectors import add_working_days, rules_on

S = DossierStatus


def award_order(nomination: Nomination) -> tuple:
    """AWARD_ORDER for nominees already in memory."""
    return (
        not nomination.women_priority,
        nomination.category,
        nomination.unit.name,
        nomination.person_name,
        nomination.pk or 0,
    )


def session_dossiers(session: CouncilSession):
    return session.dossiers.select_related("unit").order_by(*AWARD_ORDER)


def awaiting_council(movement: Movement) -> QuerySet[Nomination]:
    """The award dossiers of a submitted proposal appraised eligible: what a new session of
    the council is asked to vote on."""
    return Nomination.objects.filter(
        proposal__movement=movement,
        proposal__status=ProposalStatus.SUBMITTED,
        purpose=Purpose.AWARD,
        status=S.ELIGIBLE,
    ).select_related("unit", "proposal")


def council_members(council: Unit) -> list:
    return list(
        get_user_model()
        .objects.filter(
            memberships__unit=council,
            memberships__role=Role.COUNCIL_MEMBER,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def session_results(session: CouncilSession) -> dict[int, Tally]:
    """Each dossier of the session with its tally, under the rules in force that day."""
    rules = rules_on(timezone.localtime(session.held_at).date())
    seats = list(session.attendance.all())
    members = len(seats)
    present = sum(seat.present for seat in seats)
    cast: dict[int, list[tuple[str, bool]]] = {}
    for nomination_id, choice, written in session.votes.values_list(
        "nomination_id", "choice", "written"
    ):
        cast.setdefault(nomination_id, []).append((choice, written))
    return {
        nomination.pk: votes_tally(
            cast.get(nomination.pk, []),
            members=members,
            present=present,
            threshold=rules.vote_threshold,
            denominator=rules.vote_denominator,
        )
        for nomination in session_dossiers(session)
    }


# A dossier taken out by a founded objection (back to appraisal) leaves the posted list.
STILL_LISTED = {DossierStatus.AT_COUNCIL, DossierStatus.AWARDED}


def posted_dossiers(proposal: Proposal) -> list[Nomination]:
    """What the public sees: the dossiers the council passed, women first at equal merit."""
    passed = []
    sessions = CouncilSession.objects.filter(
        dossiers__proposal=proposal, status=SessionStatus.CLOSED
    ).distinct()
    for session in sessions:
        results = session_results(session)
        passed += [
            nomination
            for nomination in session.dossiers.all()
            if results[nomination.pk].passed and nomination.status in STILL_LISTED
        ]
    return sorted(passed, key=award_order)


def posting_is_open(posting: Posting, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    return posting.posted_on <= on <= posting.ends_on


def objection_reason(objection: Objection) -> str:
    """The reason a founded objection gives the dossier it takes out."""
    received = timezone.localtime(objection.received_at)
    return (
        f"Ý kiến phản ánh có cơ sở (của {objection.sender_name}, nhận ngày "
        f"{format_date(received.date())}): {objection.answer}"
    )


def objection_exclusions(proposal: Proposal) -> dict[int, str]:
    """The dossiers founded objections leave out of the award (id -> reason)."""
    founded = Objection.objects.filter(
        posting__proposal=proposal,
        founded=True,
        outcome=ObjectionOutcome.NOT_AWARDED,
        nomination__isnull=False,
    ).order_by("received_at", "pk")
    found: dict[int, str] = {}
    for objection in founded:
        found.setdefault(objection.nomination_id, objection_reason(objection))
    return found


def appraisal_due(nomination: Nomination) -> dt.date | None:
    """The day Internal Affairs should have appraised a dossier waiting for it: the rulebook's
    working days after it was sent (the proposal's date, or the day a returned one came back)."""
    if nomination.status not in (S.SUBMITTED, S.RECEIVED):
        return None
    sent = nomination.transitions.filter(to_status=S.SUBMITTED).order_by("-at", "-id").first()
    if sent is None:
        return None
    day = (
        nomination.proposal.submitted_on
        if sent.from_status == S.DRAFT and nomination.proposal.submitted_on
        else timezone.localdate(sent.at)
    )
    return add_working_days(day, rules_on(day).appraisal_working_days)
