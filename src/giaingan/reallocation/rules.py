"""Who may do what with capital needs and reallocation proposals (ARCHITECTURE principle 4):
an investor registers needs for the projects it invests in; Finance-Planning drafts and
edits proposals; the chairman (or a vice-chairman) approves them."""

from __future__ import annotations

import rules

from giaingan.org.rules import (
    invested_unit_ids,
    is_admin,
    is_chairman,
    is_finance_planning,
    is_investor_or_commune,
    sees_district,
)


@rules.predicate
def invests_in(user, project) -> bool:
    """The user's unit is the project's investor (a commune's land is not enough)."""
    return project is not None and project.investor_id in invested_unit_ids(user)


rules.add_perm("reallocation.view_reallocation", sees_district)
rules.add_perm("reallocation.view_needs", sees_district | is_investor_or_commune)
rules.add_perm("reallocation.add_need", is_admin | is_finance_planning | is_investor_or_commune)
rules.add_perm("reallocation.add_project_need", is_admin | is_finance_planning | invests_in)
rules.add_perm("reallocation.change_proposal", is_admin | is_finance_planning)
rules.add_perm("reallocation.approve_proposal", is_chairman)
