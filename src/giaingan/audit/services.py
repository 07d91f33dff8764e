from __future__ import annotations

from typing import Any

from django.db import models

from giaingan.audit.models import Event
from giaingan.lib.users import signed_in


def log_action(
    action: str, *, user: Any = None, obj: models.Model | None = None, data: dict | None = None
) -> Event:
    """Record a business event, e.g. log_action("capital.plan.imported", user=u, data={...})."""
    actor = signed_in(user)
    return Event.objects.create(
        action=action,
        actor=actor,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
    )
