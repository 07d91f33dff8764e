"""The statements that sum the ledger run, on PostgreSQL, with memory for a nation's 10^5
groups and without JIT compilation (the per-project statement also merging its ordered
pieces), in their own transaction or savepoint: the settings end with the statement, in a
caller's transaction too."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from giaingan.figures.selectors import MERGING_SETTINGS, SUMMING_SETTINGS, summing_cursor


def current(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


def settings_in_statement(settings: dict[str, str] | None) -> dict[str, str]:
    names = list(SUMMING_SETTINGS if settings is None else settings)
    with summing_cursor(connection, settings) as cursor:
        cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
        return dict(zip(names, cursor.fetchone(), strict=True))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("chosen", [None, MERGING_SETTINGS], ids=["summing", "merging"])
def test_summing_settings_hold_for_the_statement_only(chosen):
    if connection.vendor != "postgresql":
        # SQLite has no such settings: the cursor is a plain one.
        with summing_cursor(connection, chosen) as cursor:
            cursor.execute("SELECT 6 * 7")
            assert cursor.fetchone() == (42,)
        return
    wanted = SUMMING_SETTINGS if chosen is None else chosen
    before = {name: current(name) for name in wanted}
    assert before["work_mem"] != wanted["work_mem"]  # the server's default
    assert settings_in_statement(chosen) == wanted
    assert {name: current(name) for name in wanted} == before


@pytest.mark.django_db(transaction=True)
def test_settings_end_with_the_statement_in_a_callers_transaction():
    """A page in a transaction (a savepoint released keeps SET LOCAL until the outer
    transaction ends): its next statements plan with the server's settings again."""
    if connection.vendor != "postgresql":
        return  # nothing is set on SQLite (the test above)
    before = {name: current(name) for name in MERGING_SETTINGS}
    assert before["enable_nestloop"] == "on"
    with transaction.atomic():
        assert settings_in_statement(MERGING_SETTINGS) == MERGING_SETTINGS
        assert {name: current(name) for name in MERGING_SETTINGS} == before
        # and again, after a statement that failed inside its savepoint
        with pytest.raises(ZeroDivisionError), summing_cursor(connection, MERGING_SETTINGS):
            raise ZeroDivisionError
        assert {name: current(name) for name in MERGING_SETTINGS} == before
    assert {name: current(name) for name in MERGING_SETTINGS} == before
