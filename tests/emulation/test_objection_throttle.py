"""The public objection form admits 5 objections an hour from one address, however many
worker processes serve the requests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings

from giaingan.emulation.models import Objection


@pytest.fixture
def today_in_posting(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2025, 2, 10))


def objection(number: int) -> dict[str, str]:
    return {
        "sender_name": f"Người gửi {number}",
        "sender_contact": "0912345678",
        "text": f"Phản ánh số {number}: công trình chưa nghiệm thu.",
        "nomination": "",
    }


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


def test_two_workers_admit_five_objections_an_hour_from_one_address(posted, today_in_posting):
    url = f"/public/khen-thuong/niem-yet/{posted.pk}/"
    clients = [Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="203.0.113.7")]
    answers = []
    for number in range(14):
        with worker(number % 2):
            answers.append(clients[number % 2].post(url, objection(number)).status_code)
    assert answers.count(302) == 5
    assert answers[5:] == [400] * 9
    assert Objection.objects.count() == 5
    refused = clients[0].post(url, objection(99))
    assert "Đã gửi quá nhiều ý kiến trong một giờ" in refused.content.decode()


def test_another_address_still_gets_through(posted, today_in_posting):
    url = f"/public/khen-thuong/niem-yet/{posted.pk}/"
    flooding = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(6):
        flooding.post(url, objection(number))
    other = Client(REMOTE_ADDR="198.51.100.2").post(url, objection(7))
    assert other.status_code == 302
    assert Objection.objects.count() == 6


def test_an_objection_refused_by_its_rules_uses_no_attempt(posted, today_in_posting):
    url = f"/public/khen-thuong/niem-yet/{posted.pk}/"
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(6):
        empty = client.post(url, {**objection(0), "text": ""})
        assert empty.status_code == 400
        assert "quá nhiều" not in empty.content.decode()
    assert client.post(url, objection(1)).status_code == 302
