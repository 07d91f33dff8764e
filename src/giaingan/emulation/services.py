"""Writes for the emulation movement."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from giaingan.audit.services import log_action
from giaingan.emulation.models import Movement, Registration
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.org.models import Unit


def movement_register(
    *,
    movement: Movement,
    unit: Unit,
    category: str,
    registered_on: dt.date,
    pledge: str = "",
    user: Any = None,
) -> Registration:
    """Register `unit` for the movement (idempotent: a second registration is refused)."""
    if not movement.starts_on <= registered_on <= movement.ends_on:
        raise InvalidInput(
            [
                Problem(
                    f"Ngày đăng ký phải trong thời gian phong trào ({movement.starts_on:%d/%m/%Y} - {movement.ends_on:%d/%m/%Y})."
                )
            ]
        )
    with transaction.atomic():
        registration, created = Registration.objects.get_or_create(
            movement=movement,
            unit=unit,
            defaults={"category": category, "registered_on": registered_on, "pledge": pledge},
        )
        if not created:
            raise InvalidInput([Problem(f"{unit.name} đã đăng ký phong trào {movement.code}.")])
        log_action(
            "emulation.registration.created",
            user=user,
            obj=registration,
            data={"movement": movement.code, "unit": unit.code, "category": category},
        )
    return registration
