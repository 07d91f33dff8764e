"""Limits on how often one client may do something, counted in the database so that all
worker processes share one count (a count kept in a process's memory lets each of N
workers admit the whole limit).

Two counts: the public objection form (a few posts an hour) keeps each attempt's moment
and limits any sliding hour exactly (`throttle_check`); the API, asked many times a second,
counts per fixed window with one `UPDATE ... SET hits = hits + 1` (`throttle_count`):
one short write a request instead of reading and rewriting a list of moments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from giaingan.public.models import ThrottleBucket, ThrottleCounter


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


def window_bounds(now: dt.datetime, window: dt.timedelta) -> tuple[dt.datetime, dt.datetime]:
    """The fixed window of length `window` that holds `now`, aligned on the Unix epoch
    (a minute's windows start on the minute, an hour's on the hour, a day's at 00:00 UTC)."""
    length = max(1, int(window.total_seconds()))
    second = int(now.timestamp())
    start = dt.datetime.fromtimestamp(second - second % length, tz=dt.UTC)
    return start, start + dt.timedelta(seconds=length)


def throttle_count(
    *, key: str, limit: int, window: dt.timedelta, now: dt.datetime | None = None
) -> Admission:
    """Count one request for `key` in its fixed window and say whether it is within
    `limit` (if not, how long until the next window opens); a refused request is not
    counted. An admitted request costs one UPDATE; the first of a window an INSERT, and
    that rare moment also deletes the windows that have ended."""
    now = now or timezone.now()
    key = key[:200]
    start, end = window_bounds(now, window)
    counted = ThrottleCounter.objects.filter(key=key, window_start=start, hits__lt=limit).update(
        hits=F("hits") + 1
    )
    if counted:
        return Admission(admitted=True)
    refused = Admission(admitted=False, retry_after=end - now)
    if limit < 1 or ThrottleCounter.objects.filter(key=key, window_start=start).exists():
        return refused
    try:
        with transaction.atomic():  # a savepoint: losing the race below must not undo the caller
            ThrottleCounter.objects.create(key=key, window_start=start, hits=1, expires_at=end)
    except IntegrityError:
        # Another worker opened this window first: count in its row.
        counted = ThrottleCounter.objects.filter(
            key=key, window_start=start, hits__lt=limit
        ).update(hits=F("hits") + 1)
        return Admission(admitted=True) if counted else refused
    ThrottleCounter.objects.filter(expires_at__lte=now).delete()
    return Admission(admitted=True)
