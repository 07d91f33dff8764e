"""The bulk writes' foreign keys (lib/rows.py): on PostgreSQL a write of at least
`BULK_FK_CHECK_ROWS` rows runs with no trigger and checks each key once, as strictly as
PostgreSQL's own trigger per row would at COMMIT; a connection that may not set
`session_replication_role`, a smaller write, and SQLite keep the database's own check."""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from giaingan.capital import ledger
from giaingan.capital.ledger import LINE_COLUMNS
from giaingan.capital.models import (
    FundingSource,
    LedgerMonth,
    LineKind,
    PlanEntry,
    Project,
    TreasuryLine,
)
from giaingan.imports.importers import PlanImporter
from giaingan.imports.models import ImportBatch
from giaingan.lib.rows import REPLICA, foreign_keys, rows_insert
from giaingan.org.models import Unit
from tests.conftest import make_project, source
from tests.imports.helpers import PLAN, TREASURY, csv_bytes, load_all

ROLE = "giaingan_bulk_loader"


def line_rows(
    projects: list[int], treasury: int, source_id: int, *, count: int, prefix: str = "BULK"
) -> list[tuple]:
    """`count` payment lines spread over `projects`, adapted for `rows_insert`."""
    day = connection.ops.adapt_datefield_value(dt.date(2024, 3, 1))
    return [
        (
            treasury,
            f"{prefix}-{number:06d}",
            day,
            projects[number % len(projects)],
            source_id,
            2024,
            LineKind.PAYMENT,
            1000 + number,
            0,
            None,
        )
        for number in range(count)
    ]


def lines_write(rows: list[tuple]) -> None:
    rows_insert(
        model=TreasuryLine,
        columns=LINE_COLUMNS,
        rows=rows,
        constants={
            "created_at": connection.ops.adapt_datetimefield_value(timezone.now()),
            "created_by": None,
            "import_batch": None,
        },
    )


def no_such_project() -> int:
    return (Project.objects.aggregate(last=Max("id"))["last"] or 0) + 1000


def role_statements(captured: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if "session_replication_role" in query["sql"] or "FOR KEY SHARE" in query["sql"]
    ]


def test_the_keys_come_from_the_models():
    assert {field.attname for field in foreign_keys(TreasuryLine)} == {
        "treasury_id",
        "project_id",
        "source_id",
        "reverses_id",
        "created_by_id",
        "import_batch_id",
    }
    # The history keeps no constraint on what it copies, only on who changed the row.
    assert [field.attname for field in foreign_keys(Project.history.model)] == ["history_user_id"]
    assert {field.attname for field in foreign_keys(Project.communes.through)} == {
        "project_id",
        "unit_id",
    }
    assert foreign_keys(LedgerMonth) == []  # derived rows: no constraint, nothing to check


@pytest.mark.django_db(transaction=True)
def test_a_bulk_write_naming_a_missing_parent_is_refused_and_nothing_is_written(district, settings):
    settings.BULK_FK_CHECK_ROWS = 10
    project = make_project("DA-BULK", district["board"])
    rows = line_rows([project.pk], district["treasury"].pk, source().pk, count=30)
    rows[17] = (*rows[17][:3], no_such_project(), *rows[17][4:])
    reached_the_end = False
    with CaptureQueriesContext(connection) as captured:
        with pytest.raises(IntegrityError) as refused:
            with transaction.atomic():
                lines_write(rows)
                reached_the_end = True
    assert TreasuryLine.objects.count() == 0
    if connection.vendor == "postgresql":
        # Checked by the write itself, once per key, not by a trigger per row at COMMIT.
        assert not reached_the_end
        assert "project_id" in str(refused.value)
        assert "capital_project" in str(refused.value)
        checks = [sql for sql in role_statements(captured) if "FOR KEY SHARE" in sql]
        assert len([sql for sql in checks if '"capital_project"' in sql]) == 1
    else:
        assert reached_the_end  # SQLite checks at COMMIT, as before
        assert role_statements(captured) == []


@pytest.mark.django_db(transaction=True)
def test_a_caller_catching_the_refusal_commits_nothing(district, settings):
    settings.BULK_FK_CHECK_ROWS = 10
    project = make_project("DA-BULK", district["board"])
    rows = line_rows([project.pk], district["treasury"].pk, source().pk, count=30)
    rows[0] = (*rows[0][:3], no_such_project(), *rows[0][4:])
    caught = False
    try:
        with transaction.atomic():
            try:
                lines_write(rows)
            except IntegrityError:
                caught = True  # a caller that would go on and commit
    except IntegrityError:
        assert connection.vendor == "sqlite"  # its check is the COMMIT's
    assert caught == (connection.vendor == "postgresql")
    assert TreasuryLine.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_small_write_keeps_the_database_own_check(district, settings):
    settings.BULK_FK_CHECK_ROWS = 1000
    project = make_project("DA-BULK", district["board"])
    rows = line_rows([project.pk], district["treasury"].pk, source().pk, count=30)
    rows[3] = (*rows[3][:3], no_such_project(), *rows[3][4:])
    reached_the_end = False
    with CaptureQueriesContext(connection) as captured:
        with pytest.raises(IntegrityError):
            with transaction.atomic():
                lines_write(rows)
                reached_the_end = True
    assert reached_the_end  # refused at COMMIT by the database's trigger (or SQLite's check)
    assert role_statements(captured) == []
    assert TreasuryLine.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_import_naming_a_parent_deleted_meanwhile_is_refused(district, settings, monkeypatch):
    """Another user deletes the funding source between the importer's checks and its write:
    the import fails, as PostgreSQL's check at COMMIT failed it, and writes nothing."""
    settings.BULK_FK_CHECK_ROWS = 1
    make_project("DA1", district["board"])
    make_project("DA2", district["board"])
    doomed = FundingSource.objects.create(code="NS-XOA", name="Nguồn bị xóa", budget_level="huyen")
    real_insert = ledger.rows_insert
    deleted = []

    def insert_after_a_delete(**kwargs):
        if not deleted:

            def other_user() -> None:
                try:
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "DELETE FROM capital_fundingsource WHERE id = %s", [doomed.pk]
                        )
                    deleted.append("committed")
                finally:
                    connections.close_all()

            thread = threading.Thread(target=other_user)
            thread.start()
            thread.join(timeout=30)
            assert deleted == ["committed"]
        real_insert(**kwargs)

    class DeletingPlanImporter(PlanImporter):
        def finish(self) -> None:
            super().finish()
            # SQLite: one writer at a time; the parent goes in the import's own transaction.
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM capital_fundingsource WHERE id = %s", [doomed.pk])
            deleted.append("in the import")

    importer = PlanImporter
    if connection.vendor == "postgresql":
        monkeypatch.setattr(ledger, "rows_insert", insert_after_a_delete)
    else:
        importer = DeletingPlanImporter
    plan = [PLAN[0], *[[*row[:4], "NS-XOA", *row[5:]] for row in PLAN[1:]]]
    batches = ImportBatch.objects.count()
    with pytest.raises(IntegrityError):
        importer(user=None).run(io.BytesIO(csv_bytes(plan)), "ke_hoach.csv")
    assert deleted
    assert PlanEntry.objects.count() == 0
    assert ImportBatch.objects.count() == batches
    assert not LedgerMonth.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_delete_of_a_referenced_project_waits_then_fails(district, settings):
    settings.BULK_FK_CHECK_ROWS = 10
    project = make_project("DA-BULK", district["board"])  # no commune: only the lines name it
    other = make_project("DA-KHAC", district["board"])
    rows = line_rows([project.pk, other.pk], district["treasury"].pk, source().pk, count=40)
    if connection.vendor != "postgresql":
        # SQLite: no other writer runs during the import; after it, the delete is refused.
        with transaction.atomic():
            lines_write(rows)
        with pytest.raises(IntegrityError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM capital_project WHERE id = %s", [project.pk])
        assert Project.objects.filter(pk=project.pk).exists()
        return
    outcome: dict[str, str] = {}

    def other_user() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '20s'")
                cursor.execute("DELETE FROM capital_project WHERE id = %s", [project.pk])
            outcome["delete"] = "done"
        except IntegrityError as error:
            outcome["delete"] = f"refused: {error}"
        finally:
            connections.close_all()

    with transaction.atomic():
        lines_write(rows)
        thread = threading.Thread(target=other_user)
        thread.start()
        time.sleep(1.0)
        waiting = thread.is_alive()  # blocked on the FOR KEY SHARE lock, not refused yet
    thread.join(timeout=30)
    assert waiting
    assert outcome["delete"].startswith("refused")
    assert "capital_treasuryline" in outcome["delete"]
    assert Project.objects.filter(pk=project.pk).exists()
    assert TreasuryLine.objects.filter(project=project).count() == 20


@contextmanager
def connected_as(user: str) -> Iterator[None]:
    """The default connection, as `user` (PostgreSQL), until the block ends."""
    before = connection.settings_dict["USER"]
    connection.close()
    connection.settings_dict["USER"] = user
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["USER"] = before


def refused_where(rows: list[tuple]) -> str:
    """Write `rows` (one names a missing project) in a transaction: "write" if the write
    refused them, "commit" if the COMMIT did."""
    reached_the_end = False
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            lines_write(rows)
            reached_the_end = True
    return "commit" if reached_the_end else "write"


@pytest.mark.django_db(transaction=True)
def test_a_role_that_may_not_set_the_parameter_keeps_the_database_own_check(district, settings):
    settings.BULK_FK_CHECK_ROWS = 10
    project = make_project("DA-BULK", district["board"])
    rows = line_rows([project.pk], district["treasury"].pk, source().pk, count=30)
    rows[5] = (*rows[5][:3], no_such_project(), *rows[5][4:])
    if connection.vendor != "postgresql":
        with CaptureQueriesContext(connection) as captured:
            assert refused_where(rows) == "commit"
        assert role_statements(captured) == []
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {ROLE}")
        cursor.execute(f"CREATE ROLE {ROLE} LOGIN")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {ROLE}")
        cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
    try:
        with connected_as(ROLE):
            with CaptureQueriesContext(connection) as captured:
                assert refused_where(rows) == "commit"
            # The probe was refused once, in its savepoint; nothing else was tried.
            assert role_statements(captured) == ["SHOW session_replication_role", REPLICA]
            good = [row for row in rows if row[3] == project.pk]
            with CaptureQueriesContext(connection) as captured, transaction.atomic():
                lines_write(good)
            assert role_statements(captured) == []  # probed once per connection
            assert TreasuryLine.objects.count() == len(good)
        # The README's grant is enough to take the fast path.
        with connection.cursor() as cursor:
            cursor.execute(f"GRANT SET ON PARAMETER session_replication_role TO {ROLE}")
        rows = line_rows([project.pk], district["treasury"].pk, source().pk, count=30, prefix="B")
        rows[5] = (*rows[5][:3], no_such_project(), *rows[5][4:])
        with connected_as(ROLE):
            assert refused_where(rows) == "write"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {ROLE}")
            cursor.execute(f"DROP ROLE {ROLE}")


def table_contents() -> dict[str, list[tuple]]:
    """What the four imports wrote, without ids, times and batches."""
    units = dict(Unit.objects.values_list("id", "code"))
    projects = dict(Project.objects.values_list("id", "code"))
    numbers = dict(TreasuryLine.objects.values_list("id", "document_number"))
    return {
        "units": sorted(
            (code, name, kind, units.get(parent))
            for code, name, kind, parent in Unit.objects.values_list(
                "code", "name", "kind", "parent_id"
            )
        ),
        "projects": sorted(
            (code, name, units[investor], units.get(commune), total)
            for code, name, investor, commune, total in Project.objects.values_list(
                "code", "name", "investor_id", "main_commune_id", "total_investment"
            )
        ),
        "communes": sorted(
            (projects[row.project_id], units[row.unit_id])
            for row in Project.communes.through.objects.all()
        ),
        "histories": sorted(
            (kind, code) for kind, code in Project.history.values_list("history_type", "code")
        ),
        "plan": sorted(
            (units[issuer], number, day, kind, projects[project], amount)
            for issuer, number, day, kind, project, amount in PlanEntry.objects.values_list(
                "issuer_id", "decision_number", "decision_date", "kind", "project_id", "amount"
            )
        ),
        "lines": sorted(
            (units[treasury], number, day, projects[project], kind, amount, numbers.get(reverses))
            for treasury, number, day, project, kind, amount, reverses in (
                TreasuryLine.objects.values_list(
                    "treasury_id",
                    "document_number",
                    "value_date",
                    "project_id",
                    "kind",
                    "amount",
                    "reverses_id",
                )
            )
        ),
        "months": sorted(
            LedgerMonth.objects.values_list(
                "plan_year", "span", "month", "project__code", "plan", "disbursed", "line_count"
            )
        ),
    }


class Undo(Exception):
    pass


def imported_with(settings, threshold: int) -> dict[str, list[tuple]]:
    settings.BULK_FK_CHECK_ROWS = threshold
    try:
        with transaction.atomic():
            load_all()
            contents = table_contents()
            raise Undo
    except Undo:
        return contents


def test_the_four_imports_write_the_same_either_way(db, settings):
    checked_once = imported_with(settings, 1)
    by_the_database = imported_with(settings, 0)
    assert checked_once == by_the_database
    assert len(checked_once["lines"]) == len(TREASURY) - 1
    correction = [line for line in checked_once["lines"] if line[1] == "KB4"]
    assert correction[0][-1] == "KB3"  # the self-reference, written after its line


@hypothesis_settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(
        st.tuples(st.integers(0, 2), st.integers(1, 10**12), st.integers(1, 28)),
        min_size=1,
        max_size=40,
    ),
    threshold=st.integers(1, 45),
)
def test_the_same_rows_are_written_either_way(district, settings, picks, threshold):
    projects = [
        Project.objects.get_or_create(
            code=f"DA-H{index}", defaults={"name": "Dự án", "investor": district["board"]}
        )[0].pk
        for index in range(3)
    ]
    treasury, source_id = district["treasury"].pk, source().pk
    rows = [
        (
            treasury,
            f"H-{number:04d}",
            connection.ops.adapt_datefield_value(dt.date(2024, 5, day)),
            projects[which],
            source_id,
            2024,
            LineKind.PAYMENT,
            amount,
            0,
            None,
        )
        for number, (which, amount, day) in enumerate(picks)
    ]
    written = []
    for limit in (threshold, 0):
        settings.BULK_FK_CHECK_ROWS = limit
        try:
            with transaction.atomic():
                lines_write(rows)
                written.append(list(TreasuryLine.objects.order_by("id").values_list(*LINE_COLUMNS)))
                raise Undo
        except Undo:
            pass
    expected = [
        (treasury, f"H-{number:04d}", dt.date(2024, 5, day), projects[which], source_id)
        + (2024, LineKind.PAYMENT, amount, 0, None)
        for number, (which, amount, day) in enumerate(picks)
    ]
    assert written[0] == written[1] == expected
