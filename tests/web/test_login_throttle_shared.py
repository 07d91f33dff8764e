"""The login throttle, like the objection limit, counts in the database: five failures
lock a login out whichever worker process served them."""

from __future__ import annotations

from django.test import Client, override_settings
from django.urls import reverse


def worker(number: int):
    """A worker process of its own: its own in-memory cache, nothing shared but the database."""
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"worker-{number}",
            }
        }
    )


def test_failures_on_two_workers_add_up(people):
    from axes.conf import settings as axes_settings

    assert axes_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    clients = [Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="203.0.113.9")]
    for attempt in range(5):
        with worker(attempt % 2):
            clients[attempt % 2].post(reverse("login"), {"username": "tckh", "password": "sai"})
    with worker(1):
        response = clients[1].post(reverse("login"), {"username": "tckh", "password": "giaingan"})
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in clients[1].session
