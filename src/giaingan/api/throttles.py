"""Request limits for the API, per user (or per address for a visitor), from the settings.

Counted in the database (`throttle_count`: one counter row per client and fixed window,
one UPDATE a request), so that every worker process of the server counts the same requests
(DRF's own throttles count in the cache, which is each process's memory here: N workers
would admit N times the limit). A fixed window admits at most the limit in each window, so
at most twice the limit across a window's edge; the refusal says when the next opens."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from giaingan.public.throttle import throttle_count


class SharedCount:
    """DRF's rate throttles with the count kept in the database (`throttle_count`)."""

    scope: str
    rate: str | None
    num_requests: int
    duration: int
    retry_after: dt.timedelta | None = None

    def get_rate(self) -> str:
        # Read when asked, not when the class is defined, so a setting change takes effect.
        return settings.API_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        admission = throttle_count(
            key=f"api:{key}",
            limit=self.num_requests,
            window=dt.timedelta(seconds=self.duration),
        )
        self.retry_after = admission.retry_after
        return admission.admitted

    def wait(self) -> float | None:
        return None if self.retry_after is None else self.retry_after.total_seconds()


class UserThrottle(SharedCount, UserRateThrottle):
    pass


class AnonymousThrottle(SharedCount, AnonRateThrottle):
    pass
