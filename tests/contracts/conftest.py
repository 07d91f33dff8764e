"""A project with a plan, a contract and its contractor, built through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.contracts.services import (
    AcceptanceInput,
    ContractInput,
    acceptance_record,
    contract_record,
    dossier_send,
)
from giaingan.lib.taxcode import with_check_digit
from tests.conftest import make_project, plan

TAX_A = with_check_digit("010203040")
TAX_B = with_check_digit("030058856")


def planned_project(district):
    project = make_project("DA1", district["board"], district["tandoan"])
    plan(project, 10_000_000_000)
    return project


def works_contract(project, people):
    """DA1's works contract: 5 billion đồng, signed 01/02/2024, entered by its investor."""
    return contract_record(
        user=people["bqlda"],
        data=ContractInput(
            project=project,
            number="01/2024/HĐXD",
            package="Gói thầu số 3: Xây lắp",
            value=5_000_000_000,
            signed_on=dt.date(2024, 2, 1),
            schedule_end=dt.date(2024, 12, 31),
            contractor_tax_code=TAX_A,
            contractor_name="Công ty TNHH Xây dựng Hòa Bình",
            advance_value=1_000_000_000,
        ),
    )


@pytest.fixture
def project(district):
    return planned_project(district)


@pytest.fixture
def contract(project, people):
    return works_contract(project, people)


def accept(contract, user, value: int, on: dt.date, number: str | None = None):
    return acceptance_record(
        user=user,
        data=AcceptanceInput(
            contract=contract,
            number=number or f"NT-{on.isoformat()}-{value}",
            accepted_on=on,
            value=value,
        ),
    )


def send(contract, user, acceptances, amount: int, on: dt.date, number: str = "HS-01"):
    return dossier_send(
        user=user,
        contract=contract,
        number=number,
        amount=amount,
        sent_on=on,
        acceptances=acceptances,
    )
