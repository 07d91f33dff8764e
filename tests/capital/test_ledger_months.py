"""LedgerMonth stays equal to the ledger on every path that writes money, and is rebuilt."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.ledger import LineInput, PlanBook, PlanInput, TreasuryBook
from giaingan.capital.models import (
    FundingSource,
    LedgerMonth,
    LineKind,
    PlanEntry,
    PlanKind,
    Project,
    TreasuryLine,
)
from giaingan.capital.months import (
    BATCH_ROWS_TABLE,
    MonthSums,
    ledger_months_computed,
    ledger_months_differences,
    ledger_months_rebuild,
    ledger_months_stored,
)
from giaingan.imports.models import ImportBatch, ImportKind
from giaingan.lib.problems import InvalidInput
from tests.conftest import advance, make_project, pay, plan
from tests.imports.helpers import PLAN, TREASURY, csv_bytes, load_all, run_import

D = dt.date
SOURCES = ["NSTW", "NSDP-HUYEN"]


class Done(Exception):
    pass


@pytest.fixture
def cast(district):
    projects = [
        make_project("P0", district["board"], district["tandoan"]),
        make_project("P1", district["tandoan"], district["tandoan"]),
    ]
    sources = {source.code: source for source in FundingSource.objects.filter(code__in=SOURCES)}
    return projects, sources


def test_the_services_keep_the_month_sums(cast):
    projects, _ = cast
    plan(projects[0], 1_000, on=D(2023, 12, 22))
    plan(projects[0], 300, on=D(2022, 12, 20), year=2023)  # left unspent, then carried over
    plan(projects[0], 300, on=D(2024, 2, 15), kind=PlanKind.CARRY_OVER, year=2023)
    advance(projects[0], 400, on=D(2024, 3, 1), number="KB-A")
    pay(projects[0], 500, on=D(2024, 3, 20), recovered=100)
    pay(projects[0], -150, on=D(2024, 4, 2), kind=LineKind.ADVANCE, reverses="KB-A")
    owner = (projects[0].pk, FundingSource.objects.get(code="NSDP-HUYEN").pk)
    stored = ledger_months_stored()
    assert stored[(2024, 1, D(2023, 12, 1), *owner)][:2] == [1_000, 0]
    assert stored[(2024, 1, D(2024, 3, 1), *owner)][2:5] == [800, 400, 100]
    assert stored[(2024, 1, D(2024, 3, 1), *owner)][7] == 2  # two lines made it
    assert stored[(2024, 1, D(2024, 4, 1), *owner)][2:5] == [-150, -150, 0]
    # Each month is in its quarter and its year as well.
    assert stored[(2024, 3, D(2024, 1, 1), *owner)][2:5] == [800, 400, 100]
    assert stored[(2024, 3, D(2024, 4, 1), *owner)][2:5] == [-150, -150, 0]
    assert stored[(2024, 12, D(2024, 1, 1), *owner)][2:5] == [650, 250, 100]
    assert stored[(2024, 12, D(2023, 1, 1), *owner)][:2] == [1_000, 0]
    assert stored[(2023, 1, D(2024, 2, 1), *owner)][1] == 300
    assert ledger_months_differences() == []


def test_a_refused_line_adds_nothing(cast):
    projects, _ = cast
    plan(projects[0], 1_000, on=D(2023, 12, 22))
    advance(projects[0], 100, on=D(2024, 3, 1))
    before = ledger_months_stored()
    with pytest.raises(InvalidInput):  # recovery above the advance outstanding
        pay(projects[0], 500, on=D(2024, 3, 2), recovered=200)
    assert ledger_months_stored() == before


def test_the_importer_keeps_the_month_sums_and_a_dry_run_writes_none(db):
    load_all()
    # DA2's 2024 capital left unspent, carried over: a 2024 line may then be dated in 2025.
    plan(Project.objects.get(code="DA2"), 9, on=D(2025, 1, 20), kind=PlanKind.CARRY_OVER)
    assert ledger_months_differences() == []
    before = ledger_months_stored()
    rows = [
        TREASURY[0],
        ["KB60", "31/01/2025", "DA1", "NSDP-HUYEN", "2024", "thanh_toan", "7", "", ""],
        ["KB61", "01/02/2025", "DA2", "NSDP-HUYEN", "2024", "tam_ung", "9", "", ""],
    ]
    assert run_import("treasury", csv_bytes(rows), dry_run=True).ok
    assert ledger_months_stored() == before
    assert run_import("treasury", csv_bytes(rows)).ok
    assert ledger_months_stored() != before
    assert ledger_months_differences() == []


def test_the_plan_importer_adds_its_month_sums_once_and_a_refused_file_none(db):
    load_all()
    before = ledger_months_stored()
    rows = [
        PLAN[0],
        ["77/QĐ-UBND", "15/03/2024", "bo_sung", "DA1", "NSDP-HUYEN", "2024", "40"],
        ["77/QĐ-UBND", "15/03/2024", "bo_sung", "DA2", "NSDP-HUYEN", "2024", "2"],
        ["78/QĐ-UBND", "20/01/2025", "keo_dai", "DA2", "NSDP-HUYEN", "2024", "1"],
    ]
    assert run_import("plan", csv_bytes(rows), dry_run=True).ok
    assert ledger_months_stored() == before
    refused = [*rows, ["79/QĐ-UBND", "15/03/2024", "bo_sung", "DA9", "NSDP-HUYEN", "2024", "5"]]
    assert not run_import("plan", csv_bytes(refused)).ok
    assert ledger_months_stored() == before
    assert run_import("plan", csv_bytes(rows)).ok
    march = (2024, 1, D(2024, 3, 1), *_da1_key())  # DA1's month row for March 2024
    assert ledger_months_stored()[march][0] - before.get(march, [0])[0] == 40
    assert ledger_months_differences() == []
    # The same file again changes nothing, in the ledger or its sums.
    again = run_import("plan", csv_bytes(rows))
    assert again.ok and again.changed_nothing
    assert ledger_months_differences() == []


def test_an_import_adds_to_month_rows_already_there_and_leaves_no_trace(db):
    """A second file's entries land in months, quarters and years the first one wrote
    (added to) and in new ones (written); the import leaves its working table and the
    database's settings as they were."""
    load_all()
    settings_before = _work_mem()
    before = ledger_months_stored()
    rows = [
        PLAN[0],
        ["80/QĐ-UBND", "15/03/2024", "bo_sung", "DA1", "NSDP-HUYEN", "2024", "40"],
        ["80/QĐ-UBND", "15/03/2024", "bo_sung", "DA1", "NSTW", "2024", "6"],
    ]
    assert run_import("plan", csv_bytes(rows)).ok
    stored = ledger_months_stored()
    march = (2024, 1, D(2024, 3, 1), *_da1_key())
    assert stored[march][0] - before.get(march, [0])[0] == 40
    year = (2024, 12, D(2024, 1, 1), *_da1_key())
    assert year in before and stored[year][0] - before[year][0] == 40
    assert len(stored) > len(before)  # the NSTW months are new rows
    assert ledger_months_differences() == []
    assert _work_mem() == settings_before
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {BATCH_ROWS_TABLE}")


def _work_mem() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        return cursor.fetchone()[0]


def _da1_key() -> tuple[int, int]:
    project = Project.objects.get(code="DA1")
    return project.pk, FundingSource.objects.get(code="NSDP-HUYEN").pk


def test_a_file_refused_part_way_leaves_the_month_sums_alone(db):
    load_all()
    before = ledger_months_stored()
    rows = [
        TREASURY[0],
        ["KB70", "01/08/2024", "DA1", "NSDP-HUYEN", "2024", "thanh_toan", "5", "", ""],
        ["KB71", "01/08/2024", "DA9", "NSDP-HUYEN", "2024", "thanh_toan", "5", "", ""],
    ]
    assert not run_import("treasury", csv_bytes(rows)).ok
    assert ledger_months_stored() == before


def test_the_rebuild_repairs_the_sums_and_the_check_finds_a_difference(db):
    load_all()
    expected = ledger_months_stored()
    assert ledger_months_rebuild() == len(expected)
    assert ledger_months_stored() == expected
    LedgerMonth.objects.filter(line_count__gt=0).update(disbursed=1)
    assert ledger_months_differences()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("rebuild_ledger_months", "--check", stdout=out, stderr=err)
    assert refused.value.returncode == 1
    assert "lệch" in str(refused.value) and "theo sổ" in err.getvalue()
    call_command("rebuild_ledger_months", stdout=out)
    assert "Đã tính lại" in out.getvalue()
    assert ledger_months_stored() == expected
    call_command("rebuild_ledger_months", "--check", stdout=out)
    assert "khớp" in out.getvalue()


plan_lines = st.lists(
    st.tuples(
        st.integers(0, 1),  # project
        st.sampled_from(SOURCES),
        st.sampled_from([2023, 2024]),
        st.sampled_from([PlanKind.INITIAL, PlanKind.SUPPLEMENT, PlanKind.CARRY_OVER]),
        st.dates(min_value=D(2023, 11, 1), max_value=D(2025, 2, 28)),
        st.integers(1, 10**9),
    ),
    max_size=8,
)
treasury_lines = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.sampled_from(SOURCES),
        st.sampled_from([2023, 2024]),
        st.sampled_from(LineKind.values),
        st.integers(0, 700),  # days after 01/01 of the plan year
        st.integers(1, 10**9),
        st.integers(0, 100),  # recovered share, in percent
        st.integers(-1, 5),  # which earlier line this corrects (-1: none)
    ),
    max_size=20,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plans=plan_lines, lines=treasury_lines, by_batch=st.booleans(), plan_by_batch=st.booleans())
def test_the_books_keep_the_month_sums_equal_to_the_ledger(
    cast, plans, lines, by_batch, plan_by_batch
):
    """Whatever the books accept (some random lines they refuse), chunk by chunk, summed
    line by line or from the batch's lines at the end, the month sums equal those computed
    from the ledger."""
    projects, sources = cast
    try:
        with transaction.atomic():
            plan_batch = None
            if plan_by_batch:
                plan_batch = ImportBatch.objects.create(
                    kind=ImportKind.PLAN, file_name="kh.csv", sha256="0" * 64
                )
            book = PlanBook(batch=plan_batch, by_batch=plan_by_batch)
            entries = [
                (
                    number,
                    PlanInput(
                        decision_number=f"QD-{number}",
                        decision_date=day,
                        kind=kind,
                        project_id=projects[p].pk,
                        source_id=sources[source].pk,
                        plan_year=year,
                        amount=amount,
                    ),
                )
                for number, (p, source, year, kind, day, amount) in enumerate(plans)
            ]
            for start in range(0, len(entries), 3):
                book.add(entries[start : start + 3])
            book.flush()
            batch = None
            if by_batch:
                batch = ImportBatch.objects.create(
                    kind=ImportKind.TREASURY, file_name="kb.csv", sha256="0" * 64
                )
            treasury = TreasuryBook(batch=batch, by_batch=by_batch)
            inputs = []
            for number, (p, source, year, kind, days, amount, share, fixes) in enumerate(lines):
                recovered = amount * share // 100 if kind == LineKind.PAYMENT else 0
                original = f"KB-{fixes}" if 0 <= fixes < number else ""
                if original:
                    amount, recovered = -(amount // 3) - 1, -(recovered // 3)
                inputs.append(
                    (
                        number,
                        LineInput(
                            document_number=f"KB-{number}",
                            value_date=D(year, 1, 1) + dt.timedelta(days=days),
                            project_id=projects[p].pk,
                            source_id=sources[source].pk,
                            plan_year=year,
                            kind=kind,
                            amount=amount,
                            recovered_advance=recovered,
                            reverses_number=original,
                        ),
                    )
                )
            for start in range(0, len(inputs), 4):
                treasury.add(inputs[start : start + 4])
            treasury.flush()
            stored = ledger_months_stored()
            assert stored == ledger_months_computed()
            # And equal to the ledger summed in Python, apart from either book's SQL.
            by_python = MonthSums()
            by_python.add_entries(PlanEntry.objects.all())
            by_python.add_lines(TreasuryLine.objects.all())
            assert stored == by_python.rows()
            raise Done
    except Done:
        pass
