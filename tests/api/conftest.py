"""The API's cast: the shared people, each with a token, and an API client per login."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from giaingan.api.tokens import api_token_issue


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Uploads go to tmp (throttle counts are rows of the test's database: none at start)."""
    settings.MEDIA_ROOT = tmp_path


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
