"""Reads of the award pipeline shared by its services and its papers."""

from __future__ import annotations

from giaingan.emulation.models import CouncilSession, Nomination

# The order of every list of nominees (the council's, the posted list, the decision): women
# (or collectives of 70% women) first at equal merit, then by group, unit and name.
AWARD_ORDER = ("-women_priority", "category", "unit__name", "person_name", "id")


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
