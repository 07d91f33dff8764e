"""The statements that sum the ledger run, on PostgreSQL, with memory for a nation's 10^5
groups and without JIT compilation, in their own transaction: the settings end with it."""

from __future__ import annotations

import pytest
from django.db import connection

from giaingan.figures.selectors import SUMMING_SETTINGS, summing_cursor


def current(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_summing_settings_hold_for_the_statement_only():
    if connection.vendor != "postgresql":
        # SQLite has no such settings: the cursor is a plain one.
        with summing_cursor(connection) as cursor:
            cursor.execute("SELECT 6 * 7")
            assert cursor.fetchone() == (42,)
        return
    before = {name: current(name) for name in SUMMING_SETTINGS}
    assert before["work_mem"] != SUMMING_SETTINGS["work_mem"]  # the server's default
    with summing_cursor(connection) as cursor:
        cursor.execute("SELECT current_setting('work_mem'), current_setting('jit')")
        assert cursor.fetchone() == (SUMMING_SETTINGS["work_mem"], SUMMING_SETTINGS["jit"])
    assert {name: current(name) for name in SUMMING_SETTINGS} == before
