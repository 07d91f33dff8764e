"""A stalled dossier or a breach goes into the month's obstacle register once, by the
register's rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from giaingan.contracts.obstacles import breach_raise_obstacle, dossier_raise_obstacle
from giaingan.contracts.services import breach_record, dossier_return
from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.models import Obstacle
from tests.contracts.conftest import accept, send


def test_a_returned_dossier_becomes_the_investors_obstacle_once(contract, people, district):
    first = accept(contract, people["bqlda"], 200_000_000, dt.date(2024, 9, 1))
    dossier = send(contract, people["bqlda"], [first], 200_000_000, dt.date(2024, 9, 3))
    dossier_return(
        user=people["khobac"],
        dossier=dossier,
        returned_on=dt.date(2024, 9, 10),
        reason="Thiếu hóa đơn",
    )
    with pytest.raises(PermissionDenied):
        dossier_raise_obstacle(user=people["khobac"], dossier=dossier)
    dossier = dossier_raise_obstacle(user=people["tckh"], dossier=dossier)
    obstacle = Obstacle.objects.get()
    assert dossier.obstacle == obstacle and obstacle.kind == "capital"
    assert obstacle.responsible_unit == district["board"]
    assert "HS-01" in obstacle.description and "Thiếu hóa đơn" in obstacle.description
    with pytest.raises(InvalidInput):
        dossier_raise_obstacle(user=people["tckh"], dossier=dossier)
    assert Obstacle.objects.count() == 1


def test_a_breach_becomes_a_contractor_obstacle_from_the_page(client_for, contract, people):
    breach = breach_record(
        user=people["bqlda"],
        contract=contract,
        kind="tien_do",
        occurred_on=dt.date(2024, 8, 1),
        description="Chậm 30 ngày",
    )
    page = client_for("bqlda").get("/hop-dong/du-an/DA1/").content.decode()
    assert f"/hop-dong/vi-pham/{breach.pk}/vuong-mac/" in page
    assert client_for("xem").post(f"/hop-dong/vi-pham/{breach.pk}/vuong-mac/").status_code == 403
    response = client_for("bqlda").post(f"/hop-dong/vi-pham/{breach.pk}/vuong-mac/")
    obstacle = Obstacle.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{obstacle.pk}/")
    assert obstacle.kind == "contractor" and "Chậm 30 ngày" in obstacle.description
    breach.refresh_from_db()
    assert breach.obstacle == obstacle
    with pytest.raises(InvalidInput):
        breach_raise_obstacle(user=people["tckh"], breach=breach)
