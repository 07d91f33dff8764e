"""Accepted but not yet paid, days to dossier and to payment, the year-end pile-up."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from giaingan.capital.models import Project
from giaingan.contracts.services import dossier_link_payment
from giaingan.figures.forecast import district_forecast, forecast_hooks, project_forecast
from giaingan.figures.payables import (
    PayablesRow,
    accepted_unpaid_by_project,
    dossier_standings,
    payables_by_investor,
    payables_by_project,
    scheduled_by_project,
    slowest_dossiers,
    standing_of,
)
from tests.conftest import make_project, pay, plan
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


def test_a_paid_dossier_whose_line_is_reversed_is_waiting_again(contract, project, people):
    first = accept(contract, people["bqlda"], 400_000_000, dt.date(2024, 3, 10))
    dossier = send(contract, people["bqlda"], [first], 400_000_000, dt.date(2024, 3, 12))
    pay(project, 400_000_000, on=dt.date(2024, 3, 20), number="KB-1")
    dossier_link_payment(user=people["khobac"], dossier=dossier, document_number="KB-1")
    pay(project, -400_000_000, on=dt.date(2024, 3, 25), number="KB-1-DC", reverses="KB-1")
    before = dossier_standings(as_of=dt.date(2024, 3, 24))[dossier.pk]
    after = dossier_standings(as_of=dt.date(2024, 3, 25))[dossier.pk]
    assert (before.status, before.paid_on, before.paid) == (
        "paid",
        dt.date(2024, 3, 20),
        400_000_000,
    )
    assert (after.status, after.paid_on, after.paid, after.corrected) == ("sent", None, 0, True)
    # Every reader of the figure agrees: the slowest list and the project's counts.
    (wait,) = slowest_dossiers(as_of=dt.date(2024, 3, 31))
    assert (wait.status, wait.paid_on, wait.days) == ("sent", None, 19)
    assert [w.number for w in slowest_dossiers(as_of=dt.date(2024, 3, 31), unpaid_only=True)] == [
        dossier.number
    ]
    row = payables_by_project(as_of=dt.date(2024, 3, 31))[project.pk]
    assert (row.waiting_dossiers, row.to_payment_count) == (1, 0)
    row = payables_by_project(as_of=dt.date(2024, 3, 24))[project.pk]
    assert (row.waiting_dossiers, row.to_payment_count) == (0, 1)


@given(
    amount=st.integers(min_value=1, max_value=10**13),
    paid=st.integers(min_value=-(10**13), max_value=10**13),
    days=st.integers(min_value=-30, max_value=30),
    status=st.sampled_from(["sent", "returned", "paid"]),
)
def test_a_dossier_is_paid_only_when_the_ledger_covers_it(amount, paid, days, status):
    as_of = dt.date(2024, 6, 30)
    paid_on = as_of + dt.timedelta(days=days) if status == "paid" else None
    standing = standing_of(status=status, amount=amount, paid=paid, paid_on=paid_on, as_of=as_of)
    covered = status == "paid" and days <= 0 and paid >= amount
    assert (standing.status == "paid") == covered
    assert (standing.paid_on is not None) == covered
    assert standing.corrected == (status == "paid" and days <= 0 and paid < amount)


def test_contract_work_due_by_the_deadline_raises_the_forecast_high_end(contract, project, people):
    # The works contract (5 billion, schedule ends 31/12/2024) is due by the 2024 deadline.
    accept(contract, people["bqlda"], 1_200_000_000, dt.date(2024, 6, 1))
    accept(contract, people["bqlda"], 300_000_000, dt.date(2024, 10, 5), "NT-2")
    deadline = dt.date(2025, 1, 31)
    assert scheduled_by_project(as_of=dt.date(2024, 9, 30), deadline=deadline) == {
        project.pk: 3_800_000_000
    }
    assert scheduled_by_project(as_of=dt.date(2024, 10, 5), deadline=deadline) == {
        project.pk: 3_500_000_000
    }
    # Due after the deadline (a 2023 plan ends 31/01/2024), or not signed yet: nothing.
    assert scheduled_by_project(as_of=dt.date(2024, 9, 30), deadline=dt.date(2024, 1, 31)) == {}
    assert scheduled_by_project(as_of=dt.date(2024, 1, 31), deadline=deadline) == {}
    hooks = forecast_hooks(year=2024, as_of=dt.date(2024, 9, 30))
    assert hooks.scheduled == {project.pk: 3_800_000_000}
    with_work = district_forecast(year=2024, as_of=dt.date(2024, 9, 30))
    without = project_forecast(
        year=2024, as_of=dt.date(2024, 9, 30), accepted_unpaid=hooks.accepted_unpaid
    )
    assert with_work.total.expected == without.total.expected
    assert with_work.total.high > without.total.high


def test_a_dossier_whose_payment_was_reversed_can_be_paid_again(contract, project, people):
    first = accept(contract, people["bqlda"], 400_000_000, dt.date(2024, 3, 10))
    dossier = send(contract, people["bqlda"], [first], 400_000_000, dt.date(2024, 3, 12))
    pay(project, 400_000_000, on=dt.date(2024, 3, 20), number="KB-1")
    dossier_link_payment(user=people["khobac"], dossier=dossier, document_number="KB-1")
    pay(project, -400_000_000, on=dt.date(2024, 3, 25), number="KB-1-DC", reverses="KB-1")
    pay(project, 400_000_000, on=dt.date(2024, 3, 28), number="KB-2")
    dossier = dossier_link_payment(user=people["khobac"], dossier=dossier, document_number="KB-2")
    assert (dossier.status, dossier.paid_on) == ("paid", dt.date(2024, 3, 28))
    standing = dossier_standings(as_of=dt.date(2024, 3, 31))[dossier.pk]
    assert (standing.status, standing.paid) == ("paid", 400_000_000)


def test_an_investor_row_is_its_projects_rows_added_up(contract, project, people, district):
    """The dashboard's rows per investor, which add each project's year disbursement as it
    is read, are the projects' rows folded: with contracts or only paid (no contract), of
    two investors, before and in the year-end window."""
    investor, treasury = people["bqlda"], people["khobac"]
    paid_only = make_project("DA2", district["board"])
    other = make_project("DA3", district["tandoan"])
    for extra in (paid_only, other):
        plan(extra, 5_000_000_000)
    first = accept(contract, investor, 600_000_000, dt.date(2024, 6, 1), "NT-1")
    dossier = send(contract, investor, [first], 600_000_000, dt.date(2024, 6, 11), "HS-1")
    pay(project, 600_000_000, on=dt.date(2024, 6, 21), number="KB-1")
    dossier_link_payment(user=treasury, dossier=dossier, document_number="KB-1")
    pay(paid_only, 300_000_000, on=dt.date(2024, 3, 5))
    pay(paid_only, 200_000_000, on=dt.date(2024, 12, 20))
    pay(other, 700_000_000, on=dt.date(2025, 1, 10))
    for as_of in (dt.date(2024, 9, 30), dt.date(2024, 12, 25), dt.date(2025, 1, 31)):
        expected: dict[int, PayablesRow] = {}
        for project_id, row in payables_by_project(as_of=as_of, plan_year=2024).items():
            owner = Project.objects.get(pk=project_id).investor_id
            expected.setdefault(owner, PayablesRow()).add(row)
        got = payables_by_investor(as_of=as_of, plan_year=2024)
        assert got == expected
        assert got[paid_only.investor_id].year_disbursed > 0
