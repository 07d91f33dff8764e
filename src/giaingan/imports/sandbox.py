"""A preview's own database: a dry run never holds the real database's write lock.

A preview is the real importer on a dry run, and the importer writes each chunk so later rows
are checked against earlier ones, then rolls everything back. On PostgreSQL that blocks
nobody. On SQLite a write transaction locks the whole database, so a preview of a long file
would make every login (which writes the session and last_login) wait and fail. There, the
dry run works on a private copy of the database taken with SQLite's online backup (a read:
in WAL mode it blocks no writer), and the real database only ever sees that read.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def preview_database() -> Iterator[None]:
    """In this thread, the default database is a private copy until the block ends.

    Where that is not possible or not needed (PostgreSQL; a connection already inside a
    transaction, as in a test, from which SQLite cannot copy) nothing changes."""
    real = connections[DEFAULT_DB_ALIAS]
    if real.vendor != "sqlite" or real.in_atomic_block:
        yield
        return
    folder = Path(tempfile.mkdtemp(prefix="giaingan-preview-"))
    path = folder / "preview.sqlite3"
    real.ensure_connection()
    target = sqlite3.connect(path)
    try:
        real.connection.backup(target)
    finally:
        target.close()
    private = real.__class__({**real.settings_dict, "NAME": str(path)}, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = private
    try:
        yield
    finally:
        private.close()
        connections[DEFAULT_DB_ALIAS] = real
        shutil.rmtree(folder, ignore_errors=True)
