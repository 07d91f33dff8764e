"""Accepted but not yet paid, days to dossier and to payment, the year-end pile-up."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from giaingan.contracts.services import dossier_link_payment
from giaingan.figures.payables import (
    accepted_unpaid_by_project,
    payables_by_investor,
    payables_by_project,
    slowest_dossiers,
)
from tests.conftest import pay
from tests.contracts.conftest import accept, send


def test_an_acceptance_is_unpaid_until_the_line_that_pays_its_dossier(contract, project, people):
    investor, treasury = people["bqlda"], people["khobac"]
    first = accept(contract, investor, 800_000_000, dt.date(2024, 3, 10))
    assert accepted_unpaid_by_project(as_of=dt.date(2024, 3, 9)) == {}
    assert accepted_unpaid_by_project(as_of=dt.date(2024, 3, 10)) == {project.pk: 800_000_000}
    dossier = send(contract, investor, [first], 800_000_000, dt.date(2024, 3, 20))
    pay(project, 500_000_000, on=dt.date(2024, 4, 2), number="KB-1")
    pay(project, 300_000_000, on=dt.date(2024, 4, 9), number="KB-2")
    dossier_link_payment(user=treasury, dossier=dossier, document_number="KB-1")
    assert accepted_unpaid_by_project(as_of=dt.date(2024, 4, 5)) == {project.pk: 300_000_000}
    dossier = dossier_link_payment(user=treasury, dossier=dossier, document_number="KB-2")
    assert dossier.status == "paid" and dossier.paid_on == dt.date(2024, 4, 9)
    assert accepted_unpaid_by_project(as_of=dt.date(2024, 4, 9)) == {}
    # As of a day before the payments, the same acceptance was still waiting.
    assert accepted_unpaid_by_project(as_of=dt.date(2024, 4, 1)) == {project.pk: 800_000_000}


def test_a_correction_of_a_paying_line_makes_the_value_unpaid_again(contract, project, people):
    first = accept(contract, people["bqlda"], 400_000_000, dt.date(2024, 3, 10))
    dossier = send(contract, people["bqlda"], [first], 400_000_000, dt.date(2024, 3, 12))
    pay(project, 400_000_000, on=dt.date(2024, 3, 20), number="KB-1")
    dossier_link_payment(user=people["khobac"], dossier=dossier, document_number="KB-1")
    pay(project, -400_000_000, on=dt.date(2024, 3, 25), number="KB-1-DC", reverses="KB-1")
    assert accepted_unpaid_by_project(as_of=dt.date(2024, 3, 24)) == {}
    assert accepted_unpaid_by_project(as_of=dt.date(2024, 3, 25)) == {project.pk: 400_000_000}


def test_a_year_holds_only_its_own_acceptances_paid_oldest_first(contract, project, people):
    investor = people["bqlda"]
    old = accept(contract, investor, 300_000_000, dt.date(2024, 12, 20), "NT-1")
    new = accept(contract, investor, 200_000_000, dt.date(2025, 1, 5), "NT-2")
    dossier = send(contract, investor, [old, new], 500_000_000, dt.date(2025, 1, 8))
    pay(project, 350_000_000, on=dt.date(2025, 1, 20), number="KB-1")
    dossier_link_payment(user=people["khobac"], dossier=dossier, document_number="KB-1")
    as_of = dt.date(2025, 1, 25)
    # 350 paid settle the December acceptance (300) and 50 of January's.
    assert accepted_unpaid_by_project(as_of=as_of, year=2024) == {}
    assert accepted_unpaid_by_project(as_of=as_of, year=2025) == {project.pk: 150_000_000}
    assert accepted_unpaid_by_project(as_of=as_of) == {project.pk: 150_000_000}


def test_days_pile_up_and_slowest_dossiers(contract, project, people):
    investor, treasury = people["bqlda"], people["khobac"]
    first = accept(contract, investor, 600_000_000, dt.date(2024, 6, 1), "NT-1")
    second = accept(contract, investor, 400_000_000, dt.date(2024, 11, 1), "NT-2")
    quick = send(contract, investor, [first], 600_000_000, dt.date(2024, 6, 11), "HS-1")
    slow = send(contract, investor, [second], 400_000_000, dt.date(2024, 11, 21), "HS-2")
    pay(project, 600_000_000, on=dt.date(2024, 6, 21), number="KB-1")
    pay(project, 400_000_000, on=dt.date(2024, 12, 31), number="KB-2")
    dossier_link_payment(user=treasury, dossier=quick, document_number="KB-1")
    dossier_link_payment(user=treasury, dossier=slow, document_number="KB-2")
    row = payables_by_project(as_of=dt.date(2025, 1, 31), year=2024)[project.pk]
    assert (row.accepted, row.paid, row.unpaid) == (1_000_000_000, 1_000_000_000, 0)
    assert row.days_to_dossier == 15  # (10 + 20) / 2
    assert row.days_to_payment == 25  # (10 + 40) / 2
    assert row.pile_up == Fraction(400, 1000)
    investor_row = payables_by_investor(as_of=dt.date(2025, 1, 31), year=2024)[project.investor_id]
    assert investor_row.pile_up == row.pile_up
    waits = slowest_dossiers(as_of=dt.date(2024, 12, 1))
    # Equal waits: by project, then dossier number.
    assert [(w.number, w.days, w.status) for w in waits] == [
        ("HS-1", 10, "paid"),
        ("HS-2", 10, "sent"),
    ]
    waits = slowest_dossiers(as_of=dt.date(2025, 1, 31))
    assert [(w.number, w.days) for w in waits] == [("HS-2", 40), ("HS-1", 10)]
