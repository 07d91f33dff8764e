"""The contracts pages cost a fixed number of queries, however many contracts, acceptances,
dossiers and payments they list: no query per row (an N+1 is what made a page crawl on a
loaded PostgreSQL machine)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giaingan.contracts.models import Contract
from giaingan.contracts.services import (
    ContractInput,
    breach_record,
    contract_record,
    dossier_link_payment,
)
from giaingan.lib.taxcode import with_check_digit
from tests.conftest import make_project, pay, plan
from tests.contracts.conftest import accept, send

ROLES = ["bqlda", "tckh", "khobac", "xem"]


def busy_project(district, people, code: str, contracts: int):
    """A project of `contracts` contracts, each with three acceptances (two in a dossier,
    one free), a dossier paid by a linked line, a dossier waiting with a candidate line,
    and a breach."""
    project = make_project(code, district["board"], district["tandoan"])
    plan(project, 90_000_000_000)
    for n in range(contracts):
        contract = contract_record(
            user=people["bqlda"],
            data=ContractInput(
                project=project,
                number=f"{n + 1:02d}/2024/HĐXD",
                package=f"Gói thầu số {n + 1}",
                value=5_000_000_000,
                signed_on=dt.date(2024, 2, 1),
                schedule_end=dt.date(2024, 12, 31),
                contractor_tax_code=with_check_digit(f"0102030{n + 10:02d}"),
                contractor_name=f"Công ty số {n + 1}",
            ),
        )
        first = accept(contract, people["bqlda"], 300_000_000, dt.date(2024, 3, 1))
        second = accept(contract, people["bqlda"], 200_000_000, dt.date(2024, 4, 1))
        accept(contract, people["bqlda"], 100_000_000, dt.date(2024, 5, 1))
        paid = send(contract, people["bqlda"], [first], 300_000_000, dt.date(2024, 3, 10), "HS-1")
        send(contract, people["bqlda"], [second], 200_000_000, dt.date(2024, 4, 10), "HS-2")
        line = pay(project, 300_000_000, on=dt.date(2024, 3, 20), number=f"{code}-KB-{n}")
        dossier_link_payment(
            user=people["khobac"], dossier=paid, document_number=line.document_number
        )
        pay(project, 200_000_000, on=dt.date(2024, 4, 20), number=f"{code}-KB-{n}-CHO")
        breach_record(
            user=people["tckh"],
            contract=contract,
            kind="tien_do",
            occurred_on=dt.date(2024, 6, 1),
            description="Chậm tiến độ",
            evidence=None,
        )
    return project


def page_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("login", ROLES)
def test_a_projects_contracts_page_costs_the_same_queries_for_one_contract_or_six(
    client_for, district, people, login
):
    busy_project(district, people, "DA1", contracts=1)
    busy_project(district, people, "DA6", contracts=6)
    client = client_for(login)
    one = page_queries(client, "/hop-dong/du-an/DA1/")
    six = page_queries(client, "/hop-dong/du-an/DA6/")
    assert six == one


@pytest.mark.parametrize("login", ROLES)
def test_a_projects_contracts_page_stays_under_its_query_budget(
    client_for, district, people, login, django_assert_max_num_queries
):
    busy_project(district, people, "DA6", contracts=6)
    client = client_for(login)
    with django_assert_max_num_queries(45):  # 30-41 on SQLite and PostgreSQL; 52-68 before
        assert client.get("/hop-dong/du-an/DA6/").status_code == 200


@pytest.mark.parametrize("login", ["tckh", "khobac", "xem"])
def test_an_investors_page_costs_the_same_queries_for_one_project_or_six(
    client_for, district, people, login
):
    busy_project(district, people, "DA1", contracts=2)
    code = district["board"].code
    client = client_for(login)
    before = page_queries(client, f"/hop-dong/chu-dau-tu/{code}/?as_of=31/12/2024")
    for n in range(5):
        busy_project(district, people, f"DB{n}", contracts=2)
    after = page_queries(client, f"/hop-dong/chu-dau-tu/{code}/?as_of=31/12/2024")
    assert after == before


def test_a_contractors_page_costs_the_same_queries_for_one_contract_or_six(
    client_for, district, people
):
    busy_project(district, people, "DA1", contracts=1)
    client = client_for("tckh")
    contractor = Contract.objects.get(project__code="DA1").contractor
    one = page_queries(client, f"/hop-dong/nha-thau/{contractor.pk}/")
    for n in range(5):
        project = busy_project(district, people, f"DB{n}", contracts=0)
        contract_record(
            user=people["bqlda"],
            data=ContractInput(
                project=project,
                number="09/2024/HĐXD",
                package="Gói thầu số 9",
                value=5_000_000_000,
                signed_on=dt.date(2024, 2, 1),
                schedule_end=dt.date(2024, 12, 31),
                contractor_tax_code=contractor.tax_code,
                contractor_name=contractor.name,
            ),
        )
    six = page_queries(client, f"/hop-dong/nha-thau/{contractor.pk}/")
    assert six == one


def test_each_dossier_is_offered_the_lines_of_its_own_project_dated_from_its_sending(
    client_for, district, people
):
    """Read at once for the page, the candidates are still each dossier's own."""
    early = busy_project(district, people, "DA1", contracts=0)
    other = busy_project(district, people, "DA2", contracts=0)
    contract = contract_record(
        user=people["bqlda"],
        data=ContractInput(
            project=early,
            number="01/2024/HĐXD",
            package="Gói thầu số 1",
            value=5_000_000_000,
            signed_on=dt.date(2024, 2, 1),
            schedule_end=dt.date(2024, 12, 31),
            contractor_tax_code=with_check_digit("010203099"),
            contractor_name="Công ty số 1",
        ),
    )
    march = accept(contract, people["bqlda"], 300_000_000, dt.date(2024, 3, 1))
    june = accept(contract, people["bqlda"], 200_000_000, dt.date(2024, 6, 1))
    send(contract, people["bqlda"], [march], 300_000_000, dt.date(2024, 3, 10), "HS-3")
    send(contract, people["bqlda"], [june], 200_000_000, dt.date(2024, 6, 10), "HS-6")
    pay(early, 100_000_000, on=dt.date(2024, 4, 1), number="KB-THANG4")
    pay(early, 100_000_000, on=dt.date(2024, 7, 1), number="KB-THANG7")
    pay(other, 100_000_000, on=dt.date(2024, 7, 1), number="KB-DUAN-KHAC")
    page = client_for("khobac").get("/hop-dong/du-an/DA1/").content.decode()
    rows = {
        number: page.split(f'data-testid="dossier-{number}"')[1].split("</tr>")[0]
        for number in ("HS-3", "HS-6")
    }
    assert "candidate-KB-THANG4" in rows["HS-3"] and "candidate-KB-THANG7" in rows["HS-3"]
    assert "candidate-KB-THANG4" not in rows["HS-6"] and "candidate-KB-THANG7" in rows["HS-6"]
    assert "KB-DUAN-KHAC" not in page


def test_the_dossier_form_offers_exactly_the_acceptances_in_no_dossier(
    client_for, district, people
):
    project = busy_project(district, people, "DA1", contracts=1)
    contract = Contract.objects.get(project=project)
    page = client_for("bqlda").get("/hop-dong/du-an/DA1/").content.decode()
    form = page.split('data-testid="dossier-form"')[1].split("</form>")[0]
    free = contract.acceptances.get(dossier__isnull=True)
    assert f'value="{free.pk}"' in form and "(01/05/2024)" in form
    for taken in contract.acceptances.filter(dossier__isnull=False):
        assert f'value="{taken.pk}"' not in form
