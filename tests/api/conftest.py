"""The API's cast: the shared people, each with a token, and an API client per login."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from giaingan.api.tokens import api_token_issue


@pytest.fixture(autouse=True)
def _fresh_throttle_counts(settings, tmp_path):
    """Throttling counts in the cache: each test starts with none, and uploads go to tmp."""
    cache.clear()
    settings.MEDIA_ROOT = tmp_path
    yield
    cache.clear()


@pytest.fixture
def api_for(people):
    """api_for("tckh") -> an APIClient sending that user's token (None: no token)."""

    def client(name: str | None) -> APIClient:
        api = APIClient()
        if name is not None:
            _token, raw = api_token_issue(user=people[name], name="tests")
            api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        return api

    return client
