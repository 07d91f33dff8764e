"""Request limits for the API, per user (or per address for a visitor), from the settings."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str:
        # Read when asked, not when the class is defined, so a setting change takes effect.
        return settings.API_THROTTLE_RATES[self.scope]


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATES[self.scope]
