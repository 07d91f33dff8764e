"""A project's contracts page shows its figures as of the chosen date, but offers the actions
today's state allows: looking at a past date neither offers nor allows (the server refuses
it too) a step on a dossier paid since, and still offers one allowed today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from giaingan.contracts.models import PaymentDossier
from giaingan.contracts.services import dossier_link_payment
from giaingan.monitoring.models import Obstacle
from tests.conftest import pay
from tests.contracts.conftest import accept, send

LOGINS = ["bqlda", "xa.tandoan", "tckh", "khobac", "xem", "chutich", "admin"]


def actions(dossier: PaymentDossier) -> dict[str, str]:
    return {
        name: reverse(f"contracts:dossier_{name}", args=[dossier.pk])
        for name in ("link", "return", "obstacle")
    }


def dossier_row(page: str, dossier: PaymentDossier) -> str:
    return page.split(f'data-testid="dossier-{dossier.number}"')[1].split("</tr>")[0]


def offered(client, dossier: PaymentDossier, as_of: str) -> set[str]:
    page = client.get(f"/hop-dong/du-an/DA1/?year=2024&as_of={as_of}").content.decode()
    row = dossier_row(page, dossier)
    return {name for name, url in actions(dossier).items() if f'action="{url}"' in row}


def may(people, login: str, permission: str, project) -> bool:
    return people[login].has_perm(permission, project)


@pytest.fixture
def paid_dossier(contract, project, people):
    """Sent on 03/05/2024, paid by KB-77 on 10/05/2024, linked by the treasury."""
    first = accept(contract, people["bqlda"], 700_000_000, dt.date(2024, 5, 1))
    dossier = send(contract, people["bqlda"], [first], 700_000_000, dt.date(2024, 5, 3))
    pay(project, 700_000_000, on=dt.date(2024, 5, 10), number="KB-77")
    pay(project, 50_000_000, on=dt.date(2024, 5, 12), number="KB-78")
    return dossier_link_payment(user=people["khobac"], dossier=dossier, document_number="KB-77")


@pytest.mark.parametrize("login", LOGINS)
def test_a_past_date_offers_no_step_on_a_dossier_paid_since(
    client_for, people, project, paid_dossier, login
):
    client = client_for(login)
    page = client.get("/hop-dong/du-an/DA1/?year=2024&as_of=05/05/2024").content.decode()
    assert "Đã gửi Kho bạc" in dossier_row(page, paid_dossier)  # the figures of 05/05
    assert offered(client, paid_dossier, "05/05/2024") == set()
    assert 'data-testid="candidate-' not in page
    # Posted anyway, each step is refused: forbidden to the role, or refused as paid.
    posts = {
        "link": {"document_number": "KB-78"},
        "return": {"returned_on": "05/05/2024", "reason": "Thiếu hồ sơ"},
        "obstacle": {},
    }
    for name, url in actions(paid_dossier).items():
        response = client.post(url, posts[name])
        assert response.status_code in (302, 403), (name, response.status_code)
    paid_dossier.refresh_from_db()
    assert paid_dossier.status == "paid" and paid_dossier.obstacle_id is None
    assert not paid_dossier.payments.filter(treasury_line__document_number="KB-78").exists()
    assert not Obstacle.objects.exists()


@pytest.mark.parametrize("login", LOGINS)
def test_a_past_date_still_offers_a_step_today_allows(
    client_for, people, project, paid_dossier, login
):
    """Paid on 10/05, its payment reversed on 20/05: on 15/05 it shows paid, but today it
    waits again, so the treasury may link a line or return it, and whoever may raise
    obstacles may raise one, from that page too."""
    pay(project, -700_000_000, on=dt.date(2024, 5, 20), number="KB-77-DC", reverses="KB-77")
    client = client_for(login)
    page = client.get("/hop-dong/du-an/DA1/?year=2024&as_of=15/05/2024").content.decode()
    assert "Đã thanh toán ngày 10/05/2024" in dossier_row(page, paid_dossier)
    expected = {
        name
        for name, permission in (
            ("link", "contracts.link_payment"),
            ("return", "contracts.return_dossier"),
            ("obstacle", "monitoring.add_project_obstacle"),
        )
        if may(people, login, permission, project)
    }
    assert offered(client, paid_dossier, "15/05/2024") == expected
    # Both sides of the steps are in the cast: the treasury offered them, a viewer none.
    assert {"khobac": {"link", "return"} <= expected, "xem": expected == set()}.get(login, True)
    if "return" in expected:
        client.post(
            actions(paid_dossier)["return"],
            {"returned_on": "21/05/2024", "reason": "Chứng từ đã điều chỉnh giảm"},
        )
        paid_dossier.refresh_from_db()
        assert paid_dossier.status == "returned"
