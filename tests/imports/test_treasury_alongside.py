"""A statement's chunks written on a second thread (SQLite) while the next are checked: the
same outcome as writing each chunk at once, whatever the chunks' sizes; a write that fails
fails the import; leaving early writes nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import threading
import time
from contextlib import nullcontext

import pytest
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import LedgerMonth, TreasuryLine
from giaingan.imports import base as import_base
from giaingan.imports.importers import TreasuryImporter
from giaingan.lib import rows as bulk_rows
from giaingan.lib.rows import SWITCH_SECONDS, SWITCHES, RowsAlongside, rows_alongside
from tests.conftest import make_project, plan, source
from tests.imports.helpers import TREASURY, csv_bytes, run_import

HEADER = TREASURY[0]


class Undo(Exception):
    pass


# One statement line: a new advance or payment, a repeat of an earlier line (the same
# number again), or a correction of an earlier line (a part of its amount back).
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("new"),
            st.sampled_from(["DA1", "DA2"]),
            st.integers(1, 300),
            st.integers(1, 10**9),
            st.sampled_from(["tam_ung", "thanh_toan", "thanh_toan_thu_hoi"]),
        ),
        st.tuples(st.just("repeat"), st.integers(0, 40)),
        st.tuples(st.just("correct"), st.integers(0, 40), st.integers(1, 10**9)),
    ),
    min_size=1,
    max_size=25,
)


class Slow:
    """A driver that takes its time."""

    def __init__(self, driver):
        self.driver = driver

    def execute(self, *statement):
        time.sleep(0.003)
        return self.driver.execute(*statement)


def statement(steps: list[tuple]) -> list[list[object]]:
    rows: list[list[object]] = []
    for step in steps:
        if step[0] == "new":
            _, code, day, amount, kind = step
            on = dt.date(2024, 1, 1) + dt.timedelta(days=day)
            recovered = amount // 2 if kind == "thanh_toan_thu_hoi" else 0
            kind = kind.removesuffix("_thu_hoi")
            rows.append(
                [f"KB-{len(rows):03}", f"{on:%d/%m/%Y}", code, "NSDP-HUYEN", 2024, kind]
                + [amount, recovered, ""]
            )
        elif rows and step[0] == "repeat":
            rows.append(list(rows[step[1] % len(rows)]))
        elif rows:
            original = rows[step[1] % len(rows)]
            if original[8]:  # a correction is not corrected
                continue
            back = min(step[2], int(original[6]))
            recovered = -min(back, int(original[7]))
            rows.append(
                [f"KB-{len(rows):03}", original[1], *original[2:6], -back, recovered, original[0]]
            )
    return rows


def outcome(people, rows: list[list[object]]) -> tuple:
    """The import's result and the ledger it leaves, undone after."""
    try:
        with transaction.atomic():
            result = run_import("treasury", csv_bytes([HEADER, *rows]), user=people["tckh"])
            found = (
                result.ok,
                result.created,
                result.skipped,
                [(p.row, p.column, p.reason, p.value) for p in result.problems],
                list(
                    TreasuryLine.objects.order_by("id").values_list(
                        "document_number",
                        "amount",
                        "recovered_advance",
                        "reverses__document_number",
                    )
                ),
                sorted(
                    LedgerMonth.objects.values_list(
                        "project__code", "span", "month", "disbursed", "advanced", "recovered"
                    )
                ),
            )
            raise Undo
    except Undo:
        return found


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps, chunk=st.integers(1, 6), per_statement=st.integers(1, 4))
# A second correction of a line, in the chunk after the first's: together they take back
# more than the line holds. A repeat of a number of the chunk before.
@example(
    steps=[("new", "DA1", 9, 1000, "thanh_toan"), ("correct", 0, 600), ("correct", 0, 600)],
    chunk=1,
    per_statement=1,
)
@example(steps=[("new", "DA2", 9, 1000, "tam_ung"), ("repeat", 0)], chunk=1, per_statement=1)
def test_alongside_writes_give_the_outcome_of_writing_at_once(
    district, people, monkeypatch, steps, chunk, per_statement
):
    monkeypatch.setattr(import_base, "CHUNK_ROWS", chunk)
    monkeypatch.setattr(bulk_rows, "SQLITE_INSERT_ROWS", per_statement)
    with transaction.atomic():
        for code in ("DA1", "DA2"):
            plan(make_project(code, district["board"]), 10**12)
        rows = statement(steps)
        queued = []
        insert = RowsAlongside.insert

        def slow_insert(self, sql, params):
            # Each write lags, so a look-up that did not wait for it would miss its rows.
            if not isinstance(self.driver, Slow):
                self.driver = Slow(self.driver)
            queued.append(1)
            insert(self, sql, params)

        monkeypatch.setattr(RowsAlongside, "insert", slow_insert)
        threads = threading.active_count()
        alongside = outcome(people, rows)
        assert threading.active_count() == threads  # the writer's thread has ended
        with monkeypatch.context() as patched:
            patched.setattr(TreasuryImporter, "writing", lambda self: nullcontext())
            at_once = outcome(people, rows)
        assert alongside == at_once
        if connection.vendor == "sqlite" and at_once[1]:
            assert queued  # the lines went through the second thread
        transaction.set_rollback(True)


def count_lines() -> int:
    return TreasuryLine.objects.count()


def line_insert(number: str, key: tuple[int, int, int]) -> tuple[str, list]:
    sql = (
        "INSERT INTO capital_treasuryline (created_at, document_number, value_date, plan_year, "
        "kind, amount, recovered_advance, project_id, source_id, treasury_id) "
        "VALUES ('2024-01-01 00:00:00', ?, '2024-02-01', 2024, 'thanh_toan', 5, 0, ?, ?, ?)"
    )
    return sql, [number, *key]


@pytest.fixture
def key(district) -> tuple[int, int, int]:
    """(project, source, treasury) of a line."""
    project = make_project("DA1", district["board"])
    plan(project, 10**9)
    return project.pk, source().pk, district["treasury"].pk


def test_postgresql_writes_at_once(db):
    with rows_alongside() as writer:
        assert (writer is None) == (connection.vendor == "postgresql")


def test_a_query_waits_for_the_rows_queued_before_it(key):
    with rows_alongside() as writer:
        if writer is None:  # PostgreSQL
            return
        for number in range(50):
            writer.insert(*line_insert(f"KB-{number}", key))
        with writer.reads():
            assert count_lines() == 0  # held: a read alongside does not release them
        writer.release()
        for number in range(50, 60):
            writer.insert(*line_insert(f"KB-{number}", key))
        assert count_lines() == 60  # not fewer: the count waited for queued and held rows
        writer.insert(*line_insert("KB-60", key))
    assert count_lines() == 61  # the end of the block writes what is held


def test_a_failed_write_fails_the_block_and_skips_the_rest(key):
    threads = threading.active_count()
    with transaction.atomic():
        with pytest.raises(sqlite3.IntegrityError), rows_alongside() as writer:
            if writer is None:  # PostgreSQL
                raise sqlite3.IntegrityError
            writer.insert(*line_insert("KB-1", key))
            writer.insert(*line_insert("KB-1", key))  # (treasury, number) is unique
            writer.insert(*line_insert("KB-2", key))
        assert threading.active_count() == threads
        written = TreasuryLine.objects.values_list("document_number", flat=True)
        assert list(written) == ([] if connection.vendor == "postgresql" else ["KB-1"])
        transaction.set_rollback(True)


def test_leaving_by_an_error_drops_what_is_queued(key):
    threads = threading.active_count()
    gate = threading.Event()

    class Gated:
        """The driver, once the gate opens."""

        def __init__(self, driver):
            self.driver = driver

        def execute(self, *statement):
            gate.wait()
            return self.driver.execute(*statement)

    with pytest.raises(ValueError), rows_alongside() as writer:
        if writer is not None:
            writer.driver = Gated(writer.driver)
            writer.insert(*line_insert("KB-1", key))
            writer.insert(*line_insert("KB-2", key))
            writer.release()  # the thread takes KB-1 and waits at the gate
            writer.insert(*line_insert("KB-3", key))  # held
        raise ValueError  # the block fails while the writes wait
    gate.set()
    assert threading.active_count() == threads
    # The first, at the gate when the block failed, is written (its transaction, the
    # caller's, rolls back); the rest are dropped.
    assert count_lines() <= 1


def test_an_import_whose_write_fails_is_refused_whole(district, people, monkeypatch):
    plan(make_project("DA1", district["board"]), 10**9)

    def broken(self, sql, params):
        self.failure = DatabaseError("disk I/O error")

    monkeypatch.setattr(RowsAlongside, "insert", broken)
    rows = [["KB-1", "01/02/2024", "DA1", "NSDP-HUYEN", 2024, "thanh_toan", 5, 0, ""]]
    content = csv_bytes([HEADER, *rows])
    if connection.vendor == "postgresql":  # no second thread: the line is written at once
        assert run_import("treasury", content, user=people["tckh"]).ok
        return
    with pytest.raises(DatabaseError):
        run_import("treasury", content, user=people["tckh"])
    assert count_lines() == 0


def test_the_switch_interval_is_short_while_a_writer_runs_and_put_back_after(db):
    before = sys.getswitchinterval()
    with rows_alongside() as writer:
        inside = sys.getswitchinterval()
        with SWITCHES.quick():  # a second import in another thread
            pass
        assert sys.getswitchinterval() == inside  # still the first one's
    assert sys.getswitchinterval() == before
    if writer is None:  # PostgreSQL: no writer, nothing changed
        assert inside == before
    else:
        assert inside == min(before, SWITCH_SECONDS)
