"""Who may do what from acceptance to payment (ARCHITECTURE principle 4).

An investor enters its own projects' contracts, acceptances and payment dossiers; the
treasury returns a dossier or links the lines that paid it; Finance-Planning reads all,
keeps the contractors' register and proposes how to handle a breach; the chairman decides.
"""

from __future__ import annotations

import rules

from giaingan.org.rules import (
    invested_unit_ids,
    is_admin,
    is_chairman,
    is_finance_planning,
    is_investor_or_commune,
    is_treasury,
    owns_project,
    sees_district,
)


def project_of(target):
    """The project of a Project, a contract, an acceptance, a dossier or a breach."""
    if target is None:
        return None
    if hasattr(target, "investor_id"):
        return target
    contract = getattr(target, "contract", target)
    return getattr(contract, "project", None)


@rules.predicate
def invests_in(user, target) -> bool:
    """The user's unit is the investor of the target's project (a commune where the project
    is only built reads it, but does not enter its contracts)."""
    project = project_of(target)
    return project is not None and project.investor_id in invested_unit_ids(user)


@rules.predicate
def reads_project_of(user, target) -> bool:
    return owns_project(user, project_of(target))


@rules.predicate
def speaks_for_investor(user, unit) -> bool:
    return unit is not None and unit.pk in invested_unit_ids(user)


enters_contracts = is_admin | invests_in
rules.add_perm("contracts.view_contracts", sees_district | reads_project_of)
rules.add_perm("contracts.add_contract", enters_contracts)
rules.add_perm("contracts.add_acceptance", enters_contracts)
rules.add_perm("contracts.send_dossier", enters_contracts)
rules.add_perm("contracts.return_dossier", is_admin | is_treasury)
rules.add_perm("contracts.link_payment", is_admin | is_treasury)
# Imports: each row is checked against the same `add_contract`/`add_acceptance` rule.
rules.add_perm("imports.import_contracts", is_admin | is_investor_or_commune)
rules.add_perm("imports.import_acceptances", is_admin | is_investor_or_commune)
rules.add_perm("contracts.view_investor", sees_district | speaks_for_investor)

# Contractors: registered by whoever enters a contract, read by the district.
rules.add_perm("contracts.view_contractors", sees_district)
rules.add_perm(
    "contracts.register_contractor", is_admin | is_finance_planning | is_investor_or_commune
)
rules.add_perm("contracts.record_breach", is_admin | is_finance_planning | invests_in)
rules.add_perm("contracts.propose_handling", is_admin | is_finance_planning)
rules.add_perm("contracts.decide_handling", is_admin | is_chairman)
