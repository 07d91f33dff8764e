from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from giaingan.audit.events import require_event
from giaingan.audit.models import Event
from giaingan.lib.users import signed_in


def log_action(
    action: str,
    *,
    user: Any = None,
    obj: models.Model | None = None,
    data: dict | None = None,
    at: dt.datetime | None = None,
) -> Event:
    """Record a business event, e.g. log_action("capital.plan.imported", user=u, data={...});
    `at`: when the step was taken, for a service that replays one (by default, now).
    The code must have its label in `audit.events.EVENTS`."""
    require_event(action)
    actor = signed_in(user)
    return Event.objects.create(
        action=action,
        at=at or timezone.now(),
        actor=actor,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
    )
