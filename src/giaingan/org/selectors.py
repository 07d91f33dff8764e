from __future__ import annotations

from giaingan.org.models import Role, Unit


def units_of(user, role: Role | None = None) -> list[Unit]:
    """The units in which `user` holds `role` (any role when None)."""
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = user.memberships.select_related("unit")
    if role is not None:
        memberships = memberships.filter(role=role)
    return [membership.unit for membership in memberships]


def has_role(user, role: Role) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.memberships.filter(role=role).exists()
