"""Who may do what in an emulation movement (ARCHITECTURE principle 4).

Internal Affairs runs the movement and appraises; units register and show their evidence;
Finance-Planning evaluates and proposes; council members vote; the chairman decides.
"""

from __future__ import annotations

import rules

from giaingan.emulation.models import SessionStatus
from giaingan.org.models import Role
from giaingan.org.rules import (
    is_admin,
    is_chairman,
    is_finance_planning,
    own_unit_ids,
    role_predicate,
    roles_of,
    sees_district,
)

is_internal_affairs = role_predicate(Role.INTERNAL_AFFAIRS)
is_council_member = role_predicate(Role.COUNCIL_MEMBER)


@rules.predicate
def has_any_role(user) -> bool:
    return bool(roles_of(user))


@rules.predicate
def speaks_for_unit(user, unit) -> bool:
    """The user holds a role in `unit` (a Unit, or anything with a `unit_id`)."""
    if unit is None:
        return False
    unit_id = getattr(unit, "unit_id", None) or getattr(unit, "pk", None)
    return unit_id in own_unit_ids(user)


@rules.predicate
def sits_on_council(user, session) -> bool:
    if session is None:
        return False
    return session.council_id in own_unit_ids(user, {Role.COUNCIL_MEMBER.value})


runs_movement = is_admin | is_internal_affairs

rules.add_perm("emulation.view_movement", is_admin | has_any_role)
rules.add_perm("emulation.manage_movement", runs_movement)
# A unit registers itself; Internal Affairs may register one on its behalf.
rules.add_perm("emulation.register_unit", runs_movement | speaks_for_unit)
rules.add_perm("emulation.add_evidence", runs_movement | speaks_for_unit)
# The projects a registered person answers for: their unit, or Internal Affairs.
rules.add_perm("emulation.assign_projects", runs_movement | speaks_for_unit)
rules.add_perm("emulation.assess_evidence", is_admin | is_finance_planning | is_internal_affairs)
rules.add_perm("emulation.view_evaluation", sees_district)
# A registration and its evidence: the unit's own officers, assessors, district officials.
rules.add_perm(
    "emulation.view_registration",
    runs_movement | speaks_for_unit | is_finance_planning | sees_district,
)
rules.add_perm("emulation.draft_proposal", is_admin | is_finance_planning)
rules.add_perm("emulation.view_pipeline", sees_district)
rules.add_perm("emulation.appraise_dossier", runs_movement)
rules.add_perm("emulation.run_session", runs_movement)
rules.add_perm("emulation.vote", sits_on_council)
rules.add_perm("emulation.post_publicly", runs_movement)
rules.add_perm("emulation.answer_objection", runs_movement)
rules.add_perm("emulation.decide", is_chairman)

SIGNING_ROLES = {Role.CHAIRMAN.value, Role.VICE_CHAIRMAN.value}


def may_decide(user) -> bool:
    """Only a chairman's or vice-chairman's role signs an award decision. Django lets an active
    superuser pass every `has_perm`, so the decision asks the roles themselves: being an
    administrator signs nothing (issue 10, item 8)."""
    return bool(roles_of(user) & SIGNING_ROLES)


def sees_all_ballots(user, session) -> bool:
    """Until a session closes, a member sees only their own ballot: the live tally and the
    others' votes are for whoever runs the session (Internal Affairs) only."""
    return session.status != SessionStatus.OPEN or bool(user.has_perm("emulation.run_session"))


def may_sign_submission(user) -> bool:
    """The Tờ trình is signed for Finance-Planning: its role, not an administrator's account."""
    return Role.FINANCE_PLANNING.value in roles_of(user)
