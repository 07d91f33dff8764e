"""A decision number is one act: one date, one kind; no later file or form adds to it."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.capital.models import PlanEntry, PlanKind
from giaingan.lib.problems import InvalidInput
from tests.capital.entry_helpers import PLAN_NEW, errors_of, plan_form
from tests.conftest import make_project, plan
from tests.imports.helpers import PLAN, PROJECTS, UNITS, csv_bytes, run_import

D = dt.date


@pytest.fixture
def projects(district):
    return [
        make_project("DA1", district["board"], district["tandoan"]),
        make_project("DA2", district["tandoan"], district["tandoan"]),
    ]


def test_a_recorded_decision_takes_no_new_line(projects):
    plan(projects[0], 1_000, number="5/QĐ-UBND")
    with pytest.raises(InvalidInput) as refused:
        plan(projects[1], 1_000, number="5/QĐ-UBND")
    assert "không thêm dòng vào một quyết định đã ghi" in str(refused.value)
    assert PlanEntry.objects.filter(decision_number="5/QĐ-UBND").count() == 1


@pytest.mark.parametrize(
    "changes", [{"on": D(2024, 1, 5)}, {"kind": PlanKind.SUPPLEMENT}], ids=["date", "kind"]
)
def test_a_decision_number_is_not_reused_with_another_date_or_kind(projects, changes):
    plan(projects[0], 1_000, number="6/QĐ-UBND")
    with pytest.raises(InvalidInput) as refused:
        plan(projects[1], 1_000, number="6/QĐ-UBND", **changes)
    assert "22/12/2023, loại Giao đầu năm" in str(refused.value)


def test_the_form_names_the_existing_decision(projects, client_for):
    plan(projects[0], 1_000, number="7/QĐ-UBND")
    data = plan_form([("DA2", "NSDP-HUYEN", "1.000")], number="7/QĐ-UBND", date="10/01/2024")
    response = client_for("tckh").post(PLAN_NEW, data)
    assert response.status_code == 200
    assert any("7/QĐ-UBND" in error and "22/12/2023" in error for error in errors_of(response))
    assert PlanEntry.objects.filter(decision_number="7/QĐ-UBND").count() == 1


def test_a_file_may_not_add_to_a_decision_but_may_come_again_whole(db):
    run_import("units", csv_bytes(UNITS))
    run_import("projects", csv_bytes(PROJECTS))
    first = PLAN[:2]
    assert run_import("plan", csv_bytes(first)).ok
    again = run_import("plan", csv_bytes(PLAN[:3]))  # row 3 adds DA2 to 4888/QĐ-UBND
    assert [(p.row, p.column) for p in again.problems] == [(3, "so_quyet_dinh")]
    assert run_import("plan", csv_bytes(first)).changed_nothing
    kinds = [PLAN[0], PLAN[1], [*PLAN[2][:2], "bo_sung", *PLAN[2][3:]]]
    mixed = run_import("plan", csv_bytes(kinds))  # one number, two kinds in one file
    assert (3, "so_quyet_dinh") in [(p.row, p.column) for p in mixed.problems]
