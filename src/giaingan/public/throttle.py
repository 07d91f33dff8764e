"""Limits on what anyone may send without logging in, counted in the database so that all
worker processes share one count (a count kept in a process's memory lets each of N
workers admit the whole limit)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from giaingan.public.models import ThrottleBucket


def throttle_admit(
    *, key: str, limit: int, window: dt.timedelta, now: dt.datetime | None = None
) -> bool:
    """Count one attempt for `key` and say whether it is within `limit` attempts in the
    sliding `window`; a refused attempt is not counted. Call it inside the transaction of
    the action it guards, so that an action that fails leaves no attempt behind."""
    now = now or timezone.now()
    since = now - window
    with transaction.atomic():
        # The row lock makes concurrent workers count one after the other (on SQLite the
        # immediate transaction already does).
        bucket, _ = ThrottleBucket.objects.select_for_update().get_or_create(
            key=key[:200], defaults={"updated_at": now}
        )
        recent = [hit for hit in bucket.hits if dt.datetime.fromisoformat(hit) > since]
        if len(recent) >= limit:
            return False
        bucket.hits = [*recent, now.isoformat()]
        bucket.updated_at = now
        bucket.save(update_fields=["hits", "updated_at"])
        # Clients gone quiet for a whole window have nothing left to count.
        ThrottleBucket.objects.filter(updated_at__lte=since).delete()
    return True
