"""A bulk write that is large for its table refreshes PostgreSQL's planner statistics in its
own transaction (lib/rows.py `statistics_refresh`), so the reads that follow it in the same
transaction are planned on the rows it wrote, not on a table autovacuum last saw empty; a
small write into a large table leaves them alone. SQLite plans without such statistics."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from giaingan.capital.models import TreasuryLine
from tests.conftest import make_project, source
from tests.lib.test_bulk_references import line_rows, lines_write

TABLE = TreasuryLine._meta.db_table


def known_rows() -> float | None:
    """What the planner knows of the table's size (None on SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [TABLE])
        return cursor.fetchone()[0]


def column_statistics() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT attname FROM pg_stats WHERE tablename = %s", [TABLE])
        return {name for (name,) in cursor.fetchall()}


def analyzed(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if "ANALYZE" in query["sql"]]


@pytest.mark.django_db
def test_a_table_emptied_then_filled_is_planned_on_its_new_rows(district):
    project = make_project("DA-STAT", district["board"])
    if connection.vendor == "postgresql":
        # What autovacuum does after a test's TRUNCATE: the table is known to be empty.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(TABLE)}")
        assert known_rows() == 0
    rows = line_rows([project.pk], district["treasury"].pk, source().pk, count=400)
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        lines_write(rows)
        known = known_rows()
        if connection.vendor == "postgresql":
            assert known == 400
            assert {"value_date", "project_id", "reverses_id"} <= column_statistics()
            assert len(analyzed(captured)) == 1
        else:
            assert known is None
            assert analyzed(captured) == []
    assert TreasuryLine.objects.count() == 400


@pytest.mark.django_db
def test_a_small_write_into_a_large_table_keeps_its_statistics(district):
    project = make_project("DA-STAT", district["board"])
    lines_write(line_rows([project.pk], district["treasury"].pk, source().pk, count=1000))
    before = known_rows()
    small = line_rows([project.pk], district["treasury"].pk, source().pk, count=120, prefix="SMALL")
    with CaptureQueriesContext(connection) as captured:
        lines_write(small)
    assert analyzed(captured) == []
    assert known_rows() == before
    assert before == (1000 if connection.vendor == "postgresql" else None)
    assert TreasuryLine.objects.count() == 1120
