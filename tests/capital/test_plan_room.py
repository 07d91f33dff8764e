"""The treasury pays only within the plan in force, and after 31/01/N+1 only within what
may still be spent: the rule in the book, through the form, the importer and the figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import PlanKind, TreasuryLine
from giaingan.figures.room import disbursement_room
from giaingan.figures.selectors import Base, disbursement_table
from giaingan.lib.problems import InvalidInput
from tests.capital.entry_helpers import LINE_NEW, errors_of, line_form
from tests.conftest import advance, make_project, pay, plan, source
from tests.imports.helpers import TREASURY, csv_bytes, run_import

D = dt.date


@pytest.fixture
def project(district):
    project = make_project("DA1", district["board"], district["tandoan"])
    plan(project, 1_000_000, on=D(2023, 12, 22))
    return project


def room(project, on):
    return disbursement_room(
        project_id=project.pk, source_id=source("NSDP-HUYEN").pk, plan_year=2024, on=on
    )


def test_a_payment_past_the_plan_is_refused_naming_what_is_left(project):
    advance(project, 400_000, on=D(2024, 3, 1))
    pay(project, 500_000, on=D(2024, 4, 1), recovered=100_000)  # disburses 400.000
    assert room(project, D(2024, 4, 2)) == 200_000
    with pytest.raises(InvalidInput) as refused:
        pay(project, 200_001, on=D(2024, 4, 2))
    assert "còn được giải ngân 200.000 đồng" in str(refused.value)
    pay(project, 200_000, on=D(2024, 4, 2))
    assert room(project, D(2024, 4, 3)) == 0


def test_the_plan_in_force_is_that_of_the_lines_date(project):
    plan(project, 500_000, on=D(2024, 6, 1), kind=PlanKind.SUPPLEMENT)
    with pytest.raises(InvalidInput):
        pay(project, 1_200_000, on=D(2024, 5, 31))
    pay(project, 1_200_000, on=D(2024, 6, 1))
    assert room(project, D(2024, 6, 1)) == 300_000


def test_a_correction_is_always_allowed_and_gives_room_back(project):
    pay(project, 1_000_000, on=D(2024, 3, 1), number="KB-1")
    pay(project, -300_000, on=D(2024, 3, 5), number="DC-1", reverses="KB-1")
    assert room(project, D(2024, 3, 6)) == 300_000


def test_a_recovery_only_payment_disburses_nothing_and_passes(project):
    advance(project, 1_000_000, on=D(2024, 3, 1))
    pay(project, 1_000_000, on=D(2024, 4, 1), recovered=1_000_000)
    assert room(project, D(2024, 4, 1)) == 0


def test_the_entry_form_shows_the_rule_and_what_is_left(project, client_for):
    response = client_for("khobac").post(
        LINE_NEW, line_form(amount="1.000.001", value_date="20/03/2024")
    )
    assert response.status_code == 200
    assert any("còn được giải ngân 1.000.000 đồng" in error for error in errors_of(response))
    assert not TreasuryLine.objects.exists()


def test_in_a_file_the_lines_add_up_and_the_third_row_is_named(project):
    rows = [TREASURY[0]] + [
        [f"KB{n}", "01/03/2024", "DA1", "NSDP-HUYEN", "2024", "thanh_toan", "400000", "", ""]
        for n in range(3)
    ]
    result = run_import("treasury", csv_bytes(rows))
    assert [(p.row, p.column) for p in result.problems] == [(4, "so_tien")]
    assert "còn được giải ngân 200.000 đồng" in result.problems[0].reason
    assert not TreasuryLine.objects.exists()


def test_a_plan_cut_below_what_is_disbursed_is_refused(project):
    pay(project, 800_000, on=D(2024, 3, 1))
    with pytest.raises(InvalidInput) as refused:
        plan(project, -300_000, on=D(2024, 6, 1), kind=PlanKind.ADJUSTMENT)
    assert "thấp hơn số đã giải ngân (800.000 đồng)" in str(refused.value)
    plan(project, -200_000, on=D(2024, 6, 1), kind=PlanKind.ADJUSTMENT)
    assert room(project, D(2024, 6, 2)) == 0


def test_a_line_after_january_needs_carried_over_capital(project):
    pay(project, 600_000, on=D(2024, 12, 1))
    with pytest.raises(InvalidInput) as refused:
        pay(project, 1, on=D(2025, 2, 1))
    assert "kéo dài" in str(refused.value)
    with pytest.raises(InvalidInput) as refused:  # at most the unspent plan at 31/01/2025
        plan(project, 400_001, on=D(2025, 2, 10), kind=PlanKind.CARRY_OVER)
    assert "400.000 đồng" in str(refused.value)
    plan(project, 300_000, on=D(2025, 2, 10), kind=PlanKind.CARRY_OVER)
    assert room(project, D(2025, 3, 15)) == 300_000
    pay(project, 250_000, on=D(2025, 3, 15))
    with pytest.raises(InvalidInput):
        pay(project, 50_001, on=D(2025, 3, 16))
    # The late line belongs to the carry-over base, never to 2024's assigned rate.
    assigned = disbursement_table(year=2024, as_of=D(2025, 3, 31)).total
    assert (assigned.plan, assigned.disbursed) == (1_000_000, 600_000)
    carried = disbursement_table(year=2025, as_of=D(2025, 3, 31), base=Base.WITH_CARRYOVER).total
    assert (carried.plan, carried.disbursed) == (300_000, 250_000)


def test_capital_supplemented_after_september_may_be_spent_next_year(project):
    plan(project, 200_000, on=D(2024, 10, 15), kind=PlanKind.SUPPLEMENT)
    pay(project, 1_000_000, on=D(2024, 11, 1))
    pay(project, 200_000, on=D(2025, 6, 1))
    with pytest.raises(InvalidInput):
        pay(project, 1, on=D(2025, 6, 2))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(amounts=st.lists(st.integers(1, 400_000), min_size=1, max_size=8))
def test_what_is_accepted_never_passes_the_plan(project, amounts):
    """Whatever the order and size of payments, the ledger's sum stays within the plan
    and the figure shown is the plan less that sum."""
    try:
        with transaction.atomic():
            for number, amount in enumerate(amounts):
                try:
                    pay(project, amount, on=D(2024, 5, 1), number=f"H-{number}")
                except InvalidInput:
                    pass
            paid = sum(line.disbursed for line in TreasuryLine.objects.filter(project=project))
            assert paid <= 1_000_000
            expected = 0  # each payment passes exactly when it fits in what is left
            for amount in amounts:
                expected += amount if expected + amount <= 1_000_000 else 0
            assert paid == expected
            assert room(project, D(2024, 5, 1)) == 1_000_000 - paid
            raise Done
    except Done:
        pass


class Done(Exception):
    pass


def test_the_line_page_and_the_form_show_what_is_left(project, client_for, monkeypatch):
    pay(project, 300_000, on=D(2024, 3, 1), number="KB-9")
    khobac = client_for("khobac")
    monkeypatch.setattr("giaingan.capital.views.timezone.localdate", lambda: D(2024, 4, 1))
    page = khobac.get("/so-von/chung-tu/KB/KB-9/").content.decode()
    assert "Còn được giải ngân" in page and "700.000 đồng" in page
    monkeypatch.setattr("giaingan.capital.views.timezone.localdate", lambda: D(2026, 1, 1))
    assert khobac.get("/so-von/chung-tu/KB/KB-9/").context["room"]["amount"] == 0  # year over
    response = khobac.post(LINE_NEW, line_form(amount="800.000", value_date="20/03/2024"))
    assert response.context["room"]["amount"] == 700_000
    assert "700.000 đồng" in response.content.decode()
