"""Who may do what: predicates over memberships, shared by every view, command and API."""

from __future__ import annotations

import rules

from giaingan.org.models import Role
from giaingan.org.selectors import has_role


def role_predicate(role: Role) -> rules.Predicate:
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user) -> bool:
        return has_role(user, role)

    return predicate


is_finance_planning = role_predicate(Role.FINANCE_PLANNING)
is_treasury = role_predicate(Role.TREASURY)
is_admin = rules.is_superuser

rules.add_perm("org.import_units", is_admin | is_finance_planning)
