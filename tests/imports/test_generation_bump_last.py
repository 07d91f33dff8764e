"""An import writes the ledger's generation last, just before it commits.

On PostgreSQL the generation's UPDATE holds its row lock until commit: written when the
import first wrote the ledger, it made every other ledger writer (a plan form) wait for the
rest of the import. Written last, the lock lasts only for the commit."""

from __future__ import annotations

import io
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from giaingan.figures.cache import ledger_generation, ledger_generation_bump
from giaingan.figures.models import LedgerGeneration
from giaingan.imports.importers import PlanImporter, TreasuryImporter
from tests.imports.helpers import PLAN, PROJECTS, TREASURY, UNITS, csv_bytes, run_import

TABLE = LedgerGeneration._meta.db_table


def load_catalogue() -> None:
    for kind, rows in [("units", UNITS), ("projects", PROJECTS)]:
        assert run_import(kind, csv_bytes(rows)).ok


def statements(captured: CaptureQueriesContext) -> list[str]:
    """The statements run, savepoints left out."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def test_each_import_writes_the_generation_once_as_its_last_statement(db):
    load_catalogue()
    for kind, rows in [("plan", PLAN), ("treasury", TREASURY)]:
        before = LedgerGeneration.objects.get().counter
        with CaptureQueriesContext(connection) as captured:
            result = run_import(kind, csv_bytes(rows))
        assert result.ok, result.problems
        writes = [sql for sql in statements(captured) if TABLE in sql and "UPDATE" in sql]
        assert len(writes) == 1, kind
        assert statements(captured)[-1] == writes[0], kind
        assert LedgerGeneration.objects.get().counter == before + 1


def test_a_refused_or_previewed_import_writes_no_generation(db):
    load_catalogue()
    before = ledger_generation()
    assert run_import("plan", csv_bytes(PLAN), dry_run=True).ok
    bad = [*PLAN[:2], [*PLAN[2][:6], "-5"]]
    assert not run_import("plan", csv_bytes(bad)).ok
    assert ledger_generation() == before


class Probe:
    """Runs, in the middle of an import (its rows written, not committed), what another
    user would do at that moment."""

    def __init__(self) -> None:
        self.counter_inside: int | None = None
        self.other: str = ""

    def during(self) -> None:
        # The import's own connection has not written the generation yet.
        self.counter_inside = LedgerGeneration.objects.get().counter
        if connection.vendor != "postgresql":
            return  # SQLite: one writer at a time, whatever the row locks

        def other_writer() -> None:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '3s'")
                ledger_generation_bump()  # a plan form's write, committed at once
                self.other = "done"
            except Exception as error:  # noqa: BLE001 - reported by the test
                self.other = f"failed: {error}"
            finally:
                connections.close_all()

        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_another_writer_does_not_wait_for_a_long_import():
    load_catalogue()
    ledger_generation_bump()  # the row exists, committed
    start = LedgerGeneration.objects.get().counter
    probe = Probe()

    class SlowPlan(PlanImporter):
        def finish(self) -> None:  # every row written: the old code had bumped by now
            super().finish()
            probe.during()

    class SlowTreasury(TreasuryImporter):
        def finish(self) -> None:
            super().finish()  # the month sums added
            probe.during()

    expected_others = 0
    for importer, rows in [(SlowPlan, PLAN), (SlowTreasury, TREASURY)]:
        counter = LedgerGeneration.objects.get().counter
        result = importer(user=None).run(io.BytesIO(csv_bytes(rows)), "tep.csv")
        assert result.ok, result.problems
        assert probe.counter_inside == counter
        if connection.vendor == "postgresql":
            assert probe.other == "done"
            expected_others += 1
    # Each import and each other writer got a number of its own.
    assert LedgerGeneration.objects.get().counter == start + 2 + expected_others
