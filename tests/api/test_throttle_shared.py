"""The API's request limits count in the database: N requests spread over two worker
processes (each with its own in-memory cache) are limited exactly as on one."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from giaingan.public.models import ThrottleCounter


def worker(number: int):
    """A worker process of its own: its own in-memory cache, nothing shared but the database."""
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"api-worker-{number}",
            }
        }
    )


def test_a_users_requests_through_two_workers_are_limited_exactly(api_for, people, settings):
    settings.API_THROTTLE_RATES = {"user": "7/hour", "anon": "100/hour"}
    clients = [api_for("tckh"), api_for("tckh")]
    answers = []
    for number in range(12):
        with worker(number % 2):
            answers.append(clients[number % 2].get("/api/v1/units/").status_code)
    assert answers == [200] * 7 + [429] * 5
    # Another user has a count of their own.
    with worker(0):
        assert api_for("khobac").get("/api/v1/units/").status_code == 200


def test_a_visitors_requests_through_two_workers_are_limited_by_address(api_for, settings):
    settings.API_THROTTLE_RATES = {"user": "100/hour", "anon": "3/hour"}
    visitors = [api_for(None), api_for(None)]
    answers = []
    for number in range(6):
        with worker(number % 2):
            answers.append(visitors[number % 2].get("/api/schema/").status_code)
    assert answers == [200, 200, 200, 429, 429, 429]


def test_the_refusal_says_how_long_to_wait(api_for, people, settings):
    settings.API_THROTTLE_RATES = {"user": "2/minute", "anon": "100/hour"}
    api = api_for("tckh")
    api.get("/api/v1/units/")
    api.get("/api/v1/units/")
    refused = api.get("/api/v1/units/")
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 60
    assert refused.json()["detail"] == f"Quá nhiều yêu cầu: hãy chờ {wait} giây rồi gửi lại."


def test_a_short_window_never_forgets_a_longer_ones_count(api_for, people, settings):
    """Each key keeps its own window: a visitor's one-minute windows being cleaned up must
    not drop a user's count for the day."""
    settings.API_THROTTLE_RATES = {"user": "2/day", "anon": "100/min"}
    api = api_for("tckh")
    assert [api.get("/api/v1/units/").status_code for _ in range(2)] == [200, 200]
    counter = ThrottleCounter.objects.get(key__startswith="api:throttle_user_")
    assert (counter.hits, counter.expires_at - counter.window_start) == (2, dt.timedelta(days=1))
    # A visitor's old minute, ended long ago: the visitor's new window cleans it up, not the
    # user's day.
    ThrottleCounter.objects.create(
        key="api:throttle_anon_old",
        window_start=counter.window_start,
        hits=5,
        expires_at=counter.window_start + dt.timedelta(minutes=1),
    )
    api_for(None).get("/api/schema/")
    assert not ThrottleCounter.objects.filter(key="api:throttle_anon_old").exists()
    assert api.get("/api/v1/units/").status_code == 429
    assert ThrottleCounter.objects.get(pk=counter.pk).hits == 2  # a refusal is not counted


def test_an_admitted_request_costs_one_write(api_for, people, settings):
    settings.API_THROTTLE_RATES = {"user": "100/hour", "anon": "100/hour"}
    api = api_for("tckh")
    api.get("/api/v1/units/")  # opens the window
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/units/").status_code == 200
    counting = [q["sql"] for q in queries.captured_queries if "throttle" in q["sql"].lower()]
    assert len(counting) == 1 and counting[0].startswith("UPDATE")
