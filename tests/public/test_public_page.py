"""/public/: no login, only what Finance-Planning published, frozen when published."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from giaingan.public.services import snapshot_withdraw
from tests.conftest import pay

D = dt.date
HOME = "/public/"


def test_it_works_without_login(client_for, ledger, publish):
    publish()
    response = client_for(None).get(HOME)
    assert response.status_code == 200
    assert "Số liệu giải ngân kế hoạch vốn năm 2024 đến ngày 30/09/2024" in response.text


def test_it_says_nothing_is_published_before_the_first_publication(client_for, ledger):
    response = client_for(None).get(HOME)
    assert response.status_code == 200
    assert "Chưa có số liệu giải ngân nào được công bố." in response.text
    # The ledger has figures, but none reach the page.
    assert "<table" not in response.text
    assert "3.400,0" not in response.text
    assert "Ban QLDA ĐTXD huyện" not in response.text


def test_it_shows_the_snapshot_figures(client_for, ledger, publish):
    publish(note="Theo báo cáo của Kho bạc.")
    text = client_for(None).get(HOME).text
    assert "Số liệu tính đến ngày <strong>30/09/2024</strong>" in text
    assert "Theo báo cáo của Kho bạc." in text
    assert 'data-testid="plan">3.400,0<' in text
    assert 'data-testid="disbursed">1.450,0<' in text
    assert 'data-testid="rate">42,64%<' in text
    # The base is named in words.
    assert "Kế hoạch vốn giao trong năm (kể cả giao bổ sung, không gồm vốn kéo dài)" in text
    # Investors in rank order, with their rates.
    assert text.index("UBND xã Tân Đoàn") < text.index("Ban QLDA ĐTXD huyện")
    assert "87,50%" in text and "36,66%" in text
    # By commune and by source.
    assert "67,85%" in text and "25,00%" in text
    assert "Ngân sách trung ương" in text and "Ngân sách địa phương - cấp xã" in text


def test_a_later_payment_does_not_change_the_page_until_a_new_publication(
    client_for, ledger, publish
):
    publish()
    # A treasury line dated before 30/09 but recorded after the publication.
    pay(ledger["school"], 1_000_000_000, on=D(2024, 9, 15), source_code="NSTW")
    text = client_for(None).get(HOME).text
    assert 'data-testid="rate">42,64%<' in text
    assert "72,05%" not in text

    publish()
    text = client_for(None).get(HOME).text
    assert 'data-testid="disbursed">2.450,0<' in text
    assert 'data-testid="rate">72,05%<' in text


def test_a_withdrawn_snapshot_disappears(client_for, ledger, publish, people):
    first = publish(as_of=D(2024, 6, 30))
    second = publish()
    snapshot_withdraw(snapshot=second, user=people["tckh"], reason="Nhầm số liệu Kho bạc")
    client = client_for(None)
    text = client.get(HOME).text
    assert "đến ngày 30/06/2024" in text
    assert "đến ngày 30/09/2024" not in text
    assert client.get(reverse("public:snapshot", args=[second.pk])).status_code == 404
    assert client.get(HOME, {"id": second.pk}).status_code == 404

    snapshot_withdraw(snapshot=first, user=people["tckh"], reason="Thay bằng bản mới")
    text = client.get(HOME).text
    assert "Chưa có số liệu giải ngân nào được công bố." in text
    assert "<table" not in text


def test_an_earlier_snapshot_can_be_opened(client_for, ledger, publish):
    first = publish(as_of=D(2024, 9, 3))
    publish()
    client = client_for(None)
    home = client.get(HOME).text
    assert reverse("public:snapshot", args=[first.pk]) in home
    for response in (
        client.get(reverse("public:snapshot", args=[first.pk])),
        client.get(HOME, {"id": first.pk}),
    ):
        assert response.status_code == 200
        assert "Số liệu tính đến ngày <strong>03/09/2024</strong>" in response.text
        assert 'data-testid="disbursed">1.100,0<' in response.text


def test_it_answers_404_for_an_unknown_snapshot(client_for, ledger, publish):
    publish()
    client = client_for(None)
    assert client.get(reverse("public:snapshot", args=[999])).status_code == 404
    assert client.get(HOME, {"id": "abc"}).status_code == 404


def test_it_may_be_cached_by_anyone(client_for, ledger, publish):
    publish()
    response = client_for("tckh").get(HOME)
    assert response["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
    # Nothing about the visitor is on the page, so sharing the cached page is safe.
    assert "tckh" not in response.text
    assert "csrfmiddlewaretoken" not in response.text
    assert "Cookie" not in response.get("Vary", "")


def test_it_rejects_post(client_for, ledger):
    assert client_for(None).post(HOME).status_code == 405
