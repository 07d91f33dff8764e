"""Each role, allowed and refused, by the rules every page and service asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from giaingan.contracts.services import breach_propose, breach_record, dossier_link_payment
from tests.conftest import make_project, pay
from tests.contracts.conftest import accept, send

ALL = ["chutich", "tckh", "khobac", "bqlda", "xa.tandoan", "noivu", "hoidong1", "xem", "admin"]
ALLOWED = {
    # DA1's investor is the board; xa.tandoan is the commune where it is built.
    "contracts.view_contracts": {
        "chutich",
        "tckh",
        "khobac",
        "bqlda",
        "xa.tandoan",
        "noivu",
        "hoidong1",
        "xem",
        "admin",
    },
    "contracts.add_contract": {"bqlda", "admin"},
    "contracts.add_acceptance": {"bqlda", "admin"},
    "contracts.send_dossier": {"bqlda", "admin"},
    "contracts.return_dossier": {"khobac", "admin"},
    "contracts.link_payment": {"khobac", "admin"},
    "contracts.record_breach": {"tckh", "bqlda", "admin"},
    "contracts.propose_handling": {"tckh", "admin"},
    "contracts.decide_handling": {"chutich", "admin"},
    "contracts.view_contractors": {
        "chutich",
        "tckh",
        "khobac",
        "noivu",
        "hoidong1",
        "xem",
        "admin",
    },
}


@pytest.mark.parametrize("permission", sorted(ALLOWED))
def test_each_role_is_allowed_or_refused(permission, project, people):
    allowed = {name for name in ALL if people[name].has_perm(permission, project)}
    assert allowed == ALLOWED[permission]


def test_an_investor_enters_nothing_on_another_investors_project(district, people, contract):
    other = make_project("DA9", district["vanan"])
    assert not people["bqlda"].has_perm("contracts.add_contract", other)
    assert not people["bqlda"].has_perm("contracts.view_contracts", other)
    assert people["bqlda"].has_perm("contracts.view_investor", district["board"])
    assert not people["bqlda"].has_perm("contracts.view_investor", district["vanan"])


def test_the_services_refuse_who_the_rules_refuse(contract, project, people):
    first = accept(contract, people["bqlda"], 100_000_000, dt.date(2024, 5, 1))
    with pytest.raises(PermissionDenied):
        accept(contract, people["tckh"], 100_000_000, dt.date(2024, 5, 1))
    with pytest.raises(PermissionDenied):
        send(contract, people["khobac"], [first], 100_000_000, dt.date(2024, 5, 2))
    dossier = send(contract, people["bqlda"], [first], 100_000_000, dt.date(2024, 5, 2))
    pay(project, 100_000_000, on=dt.date(2024, 5, 3), number="KB-1")
    with pytest.raises(PermissionDenied):
        dossier_link_payment(user=people["bqlda"], dossier=dossier, document_number="KB-1")
    with pytest.raises(PermissionDenied):
        breach_record(
            user=people["xem"],
            contract=contract,
            kind="tien_do",
            occurred_on=dt.date(2024, 5, 3),
            description="x",
        )
    breach = breach_record(
        user=people["tckh"],
        contract=contract,
        kind="tien_do",
        occurred_on=dt.date(2024, 5, 3),
        description="Chậm",
    )
    with pytest.raises(PermissionDenied):
        breach_propose(
            user=people["bqlda"],
            breach=breach,
            measure="canh_cao",
            reason="x",
            proposed_on=dt.date(2024, 5, 4),
        )
