"""Only Finance-Planning and the administrator publish or withdraw, checked on the server."""

from __future__ import annotations

import pytest
from django.urls import reverse

from giaingan.public.models import PublishedSnapshot

PUBLISH = reverse("public:publish")
ALLOWED = {"tckh", "admin"}
EVERYONE = ["chutich", "tckh", "khobac", "bqlda", "xa.tandoan", "noivu", "hoidong1", "xem", "admin"]
FORM = {"year": "2024", "as_of": "30/09/2024", "base": "assigned", "note": ""}


@pytest.mark.parametrize("name", EVERYONE)
def test_get(client_for, ledger, name):
    response = client_for(name).get(PUBLISH, {"year": "2024", "as_of": "30/09/2024"})
    if name in ALLOWED:
        assert response.status_code == 200
        assert "Công bố số liệu này" in response.text
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name", EVERYONE)
def test_post(client_for, ledger, name):
    response = client_for(name).post(PUBLISH, FORM)
    if name in ALLOWED:
        assert response.status_code == 302
        assert PublishedSnapshot.objects.get().published_by.username == name
    else:
        assert response.status_code == 403
        assert not PublishedSnapshot.objects.exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_withdraw(client_for, ledger, publish, name):
    snapshot = publish()
    response = client_for(name).post(
        reverse("public:withdraw", args=[snapshot.pk]), {"reason": "Sai số liệu"}
    )
    snapshot.refresh_from_db()
    if name in ALLOWED:
        assert response.status_code == 302
        assert snapshot.withdrawn is True
    else:
        assert response.status_code == 403
        assert snapshot.withdrawn is False


def test_anonymous_is_sent_to_login(client_for, ledger, publish):
    snapshot = publish()
    client = client_for(None)
    for response in (
        client.get(PUBLISH),
        client.post(PUBLISH, FORM),
        client.post(reverse("public:withdraw", args=[snapshot.pk]), {"reason": "x"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")
    assert PublishedSnapshot.objects.count() == 1
    snapshot.refresh_from_db()
    assert snapshot.withdrawn is False


def test_the_menu_link_shows_only_to_publishers(client_for, ledger):
    # base.html asks the same rule before showing the "Công khai" link.
    assert f'href="{PUBLISH}"' in client_for("tckh").get(PUBLISH).text
    denied = client_for("xem").get(PUBLISH)
    assert denied.status_code == 403
    assert f'href="{PUBLISH}"' not in denied.text
