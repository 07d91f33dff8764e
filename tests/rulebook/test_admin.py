"""The administrator's rulebook pages."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.rulebook.models import RuleValue

pytestmark = pytest.mark.django_db


def test_the_lists_show(client_for):
    client = client_for("admin")
    page = client.get("/admin/rulebook/rulevalue/?key__exact=base_salary")
    assert page.status_code == 200
    assert "2.340.000 đồng" in page.content.decode()
    assert client.get("/admin/rulebook/holiday/").status_code == 200


def test_the_add_form_refuses_a_bad_value(client_for):
    client = client_for("admin")
    page = client.post(
        "/admin/rulebook/rulevalue/add/",
        {
            "key": "vote_threshold",
            "effective_from": "01/01/2025",
            "value": "1,2",
            "legal_basis": "Quy chế",
            "note": "",
        },
    )
    assert page.status_code == 200
    assert "phải từ 0 đến dưới 1" in page.content.decode()
    assert not RuleValue.objects.filter(effective_from=dt.date(2025, 1, 1)).exists()


def test_others_cannot_edit_the_rulebook(client_for):
    page = client_for("tckh").get("/admin/rulebook/rulevalue/")
    assert page.status_code == 302
