"""The public sees the posted list, may object while it is posted, and sees decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from giaingan.emulation.decisions import decision_issue
from giaingan.emulation.models import Objection
from tests.emulation.conftest import D


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def today_in_posting(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2025, 2, 10))


def test_the_posted_list_is_public(client, posted):
    page = client.get(f"/public/khen-thuong/niem-yet/{posted.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ban QLDA ĐTXD huyện" in html
    assert "14/02/2025" in html
    assert "UBND xã Tân Đoàn" not in html  # the review list is not posted


def test_a_citizen_objects_while_it_is_posted(client, posted, today_in_posting, people):
    response = client.post(
        f"/public/khen-thuong/niem-yet/{posted.pk}/",
        {
            "sender_name": "Nguyễn Văn A",
            "sender_contact": "0912345678",
            "text": "Công trình đường chưa nghiệm thu.",
            "nomination": "",
        },
    )
    assert response.status_code == 302
    (objection,) = Objection.objects.all()
    assert objection.sender_name == "Nguyễn Văn A"
    assert people["noivu"].notifications.filter(subject__contains="phản ánh").exists()


def test_an_objection_after_the_posting_is_refused(client, posted):
    response = client.post(
        f"/public/khen-thuong/niem-yet/{posted.pk}/",
        {"sender_name": "A", "sender_contact": "0912", "text": "Nội dung phản ánh dài đủ."},
    )
    assert response.status_code == 400
    assert "ngoài thời gian" in response.content.decode()
    assert not Objection.objects.exists()


def test_an_empty_objection_names_what_is_missing(client, posted, today_in_posting):
    response = client.post(f"/public/khen-thuong/niem-yet/{posted.pk}/", {"text": "ngắn"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Phải ghi họ và tên" in html
    assert "quá ngắn" in html
    assert not Objection.objects.exists()


def test_a_flood_from_one_address_is_stopped(client, posted, today_in_posting):
    form = {"sender_name": "A", "sender_contact": "0912", "text": "Nội dung phản ánh dài đủ."}
    for _ in range(5):
        assert client.post(f"/public/khen-thuong/niem-yet/{posted.pk}/", form).status_code == 302
    refused = client.post(f"/public/khen-thuong/niem-yet/{posted.pk}/", form)
    assert refused.status_code == 400
    assert Objection.objects.count() == 5


def test_the_decision_and_its_list_are_public(client, posted, people):
    decision = decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    page = client.get(f"/public/khen-thuong/quyet-dinh/{decision.pk}/")
    html = page.content.decode()
    assert "25/QĐ-UBND" in html
    assert "1.410.000" in html
    assert "0001/2025" in html
    document = client.get(f"/public/khen-thuong/quyet-dinh/{decision.pk}/tai-ve/")
    assert document.status_code == 200
    assert b"".join(document.streaming_content)[:2] == b"PK"
    listing = client.get("/public/khen-thuong/").content.decode()
    assert "Quyết định số 25/QĐ-UBND" in listing
