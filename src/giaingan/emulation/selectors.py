"""Reads of the award pipeline shared by its services and its papers."""

from __future__ import annotations

from giaingan.emulation.models import CouncilSession


def session_dossiers(session: CouncilSession):
    return session.dossiers.select_related("unit").order_by("-women_priority", "category", "id")
