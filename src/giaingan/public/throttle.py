"""Limits on how often one client may do something, counted in the database so that all
worker processes share one count (a count kept in a process's memory lets each of N
workers admit the whole limit). The public objection form and the API use it alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from giaingan.public.models import ThrottleBucket


@dataclass(frozen=True)
class Admission:
    admitted: bool
    # When refused: how long until the oldest attempt in the window leaves it.
    retry_after: dt.timedelta | None = None


def throttle_check(
    *, key: str, limit: int, window: dt.timedelta, now: dt.datetime | None = None
) -> Admission:
    """Count one attempt for `key` and say whether it is within `limit` attempts in the
    sliding `window` (and, if not, how long to wait); a refused attempt is not counted.
    Call it inside the transaction of the action it guards, so that an action that fails
    leaves no attempt behind."""
    now = now or timezone.now()
    since = now - window
    with transaction.atomic():
        # The row lock makes concurrent workers count one after the other (on SQLite the
        # immediate transaction already does).
        bucket, _ = ThrottleBucket.objects.select_for_update().get_or_create(
            key=key[:200], defaults={"updated_at": now, "expires_at": now + window}
        )
        recent = [hit for hit in bucket.hits if dt.datetime.fromisoformat(hit) > since]
        if len(recent) >= limit:
            oldest = dt.datetime.fromisoformat(recent[0]) if recent else now
            return Admission(admitted=False, retry_after=max(oldest + window - now, dt.timedelta()))
        bucket.hits = [*recent, now.isoformat()]
        bucket.updated_at = now
        bucket.expires_at = now + window
        bucket.save(update_fields=["hits", "updated_at", "expires_at"])
        # Clients gone quiet for their whole window have nothing left to count (each key
        # keeps its own window: an API key's may be a day, an objection's an hour).
        ThrottleBucket.objects.filter(expires_at__lte=now).delete()
    return Admission(admitted=True)


def throttle_admit(
    *, key: str, limit: int, window: dt.timedelta, now: dt.datetime | None = None
) -> bool:
    """`throttle_check`, when only the yes or no matters."""
    return throttle_check(key=key, limit=limit, window=window, now=now).admitted
