"""The treasury statement is read a chunk ahead, in a thread, while the last one is written:
the same rows, the same problems and the same all-or-nothing as reading it in turn."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import LedgerMonth, TreasuryLine
from giaingan.imports import base
from giaingan.imports.importers import TreasuryImporter
from giaingan.imports.models import ImportBatch
from tests.imports.helpers import PLAN, PROJECTS, TREASURY, UNITS, csv_bytes, run_import, xlsx_bytes

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
LONG_CELL = "x" * 200_000  # longer than the csv module's field limit: the file breaks there


class Done(Exception):
    pass


@pytest.fixture
def catalogue(db):
    for kind, rows in [("units", UNITS), ("projects", PROJECTS), ("plan", PLAN)]:
        assert run_import(kind, csv_bytes(rows)).ok


@pytest.fixture
def with_statement(catalogue):
    assert run_import("treasury", csv_bytes(TREASURY)).ok


def state() -> tuple:
    """What an import may change: the lines, the month sums, the batches."""
    lines = sorted(
        TreasuryLine.objects.values_list(
            "document_number",
            "value_date",
            "project_id",
            "source_id",
            "plan_year",
            "kind",
            "amount",
            "recovered_advance",
            "reverses__document_number",
            "treasury_id",
        )
    )
    months = sorted(
        LedgerMonth.objects.values_list(
            "plan_year", "span", "month", "project_id", "source_id", "disbursed", "line_count"
        )
    )
    return lines, months, ImportBatch.objects.count()


def imported(content: bytes, name: str, *, ahead: bool) -> tuple:
    """The import's result and what it left in the database, then undone."""
    with mock.patch.object(TreasuryImporter, "read_ahead", ahead):
        try:
            with transaction.atomic():
                before = state()
                result = run_import("treasury", content, name)
                after = state()
                raise Done
        except Done:
            pass
    problems = [(p.row, p.column, p.value, p.reason) for p in result.problems]
    outcome = (result.ok, problems, result.problems_total, result.rows_read)
    outcome += (result.created, result.skipped)
    return outcome, before, after


# Cells chosen to hit every rule: numbers twice in the file and already in the ledger (KB1
# to KB4, from `TREASURY`), dates outside the year, unknown projects, recoveries above the
# advance, amounts above the plan, corrections of lines of this file and of the ledger.
numbers = st.sampled_from(["KB1", "KB3", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"])
row = st.tuples(
    numbers,
    st.sampled_from(["01/03/2024", "15/05/2024", "2024-07-01", "31/12/2023", "32/01/2024", ""]),
    st.sampled_from(["DA1", "DA2", "DA2", "DA9"]),
    st.sampled_from(["NSDP-HUYEN", "nsdp huyen", "XX"]),
    st.sampled_from(["2024", "2024", "1989"]),
    st.sampled_from(["tam_ung", "thanh_toan", "thanh_toan", "tam"]),
    st.sampled_from(["100000000", "5000000", "900000000", "-50000000", "0", "1.234.567"]),
    st.sampled_from(["", "", "0", "20000000", "-1"]),
    st.sampled_from(["", "", "", "", "N1", "KB3"]),
)


@SETTINGS
@given(
    rows=st.lists(row, min_size=1, max_size=14),
    chunk=st.integers(min_value=1, max_value=4),
    broken_at=st.one_of(st.none(), st.integers(min_value=0, max_value=14)),
    xlsx=st.booleans(),
)
def test_read_ahead_gives_the_rows_and_problems_of_reading_in_turn(
    with_statement, rows, chunk, broken_at, xlsx
):
    table = [TREASURY[0], *[list(cells) for cells in rows]]
    if broken_at is not None and not xlsx:
        table.insert(1 + min(broken_at, len(rows)), ["N9", LONG_CELL])
    content = xlsx_bytes(table) if xlsx else csv_bytes(table)
    name = "tep.xlsx" if xlsx else "tep.csv"
    with mock.patch.object(base, "CHUNK_ROWS", chunk):
        in_turn, before, after_in_turn = imported(content, name, ahead=False)
        ahead, again, after_ahead = imported(content, name, ahead=True)
    assert again == before
    assert ahead == in_turn
    assert after_ahead == after_in_turn
    if not ahead[0]:  # refused: nothing written at all
        assert after_ahead == before


def statement(count: int) -> list[list[str]]:
    """`count` good payments of DA2 (no advance to recover, well within its plan)."""
    return [
        [f"M{n:04}", "02/05/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "1000", "", ""]
        for n in range(count)
    ]


LATE_FAILURES = {
    # A number of an earlier chunk, found in the ledger the import is writing.
    "duplicate": (
        ["M0001", "03/05/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "1000", "", ""],
        ("so_chung_tu", "số chứng từ trùng với một dòng trước trong tệp (cùng kho bạc)"),
    ),
    # Recovery above the advance outstanding, known only from the lines before it.
    "recovery": (
        ["Z1", "03/05/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "1000", "900", ""],
        ("thu_hoi_tam_ung", None),
    ),
    # A row the reader refuses.
    "date": (
        ["Z1", "31/02/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "1000", "", ""],
        ("ngay", None),
    ),
    # The file breaks off (a cell longer than the csv module reads).
    "broken": (
        ["Z1", LONG_CELL],
        ("", "Tệp CSV hỏng từ dòng này: dấu ngoặc kép không khớp hoặc một ô quá dài."),
    ),
}


@pytest.mark.parametrize("failure", sorted(LATE_FAILURES))
def test_a_failure_in_a_late_chunk_leaves_nothing_written(catalogue, failure):
    bad, (column, reason) = LATE_FAILURES[failure]
    rows = [*statement(40), bad]
    before = state()
    with mock.patch.object(base, "CHUNK_ROWS", 5):
        result = run_import("treasury", csv_bytes([TREASURY[0], *rows]))
    assert not result.ok
    assert state() == before
    problem = result.problems[0]
    assert problem.row == len(rows) + 1  # the last row of the file, under its header
    assert problem.column == column
    if reason is not None:
        assert problem.reason == reason
    assert "không ghi dòng nào" in result.summary()


def test_a_long_statement_read_ahead_is_written_whole(catalogue):
    rows = statement(57)
    with mock.patch.object(base, "CHUNK_ROWS", 5):
        result = run_import("treasury", csv_bytes([TREASURY[0], *rows]))
    assert result.ok, result.problems
    assert result.created == result.rows_read == 57
    written = list(TreasuryLine.objects.order_by("id").values_list("document_number", flat=True))
    assert written == [cells[0] for cells in rows]
    month = LedgerMonth.objects.get(span=1, month="2024-05-01")
    assert (month.disbursed, month.line_count) == (57_000, 57)
