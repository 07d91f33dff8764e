"""Many rows into one table at the database's own speed, for the importers' writes.

`bulk_create` builds a model object per row and prepares each value through its field:
for a statement's lines or a nation's catalogue that costs several times the database's
work. These take rows already checked and adapted, and write them as the database
loads rows fastest, inside the caller's transaction.

Their foreign keys, on PostgreSQL, are checked once per key for the whole write
(`references_check`), not by PostgreSQL's trigger per row and key at COMMIT: Django makes
every foreign key DEFERRABLE INITIALLY DEFERRED, and for a nation's statement those
triggers (one `SELECT ... FOR KEY SHARE` of the parent per row and key) took a fifth of
the import. As `pg_restore --disable-triggers` loads, a write of at least
`settings.BULK_FK_CHECK_ROWS` rows runs with `session_replication_role = replica` (no
trigger fires), then locks the distinct parents its rows name `FOR KEY SHARE` (what each
trigger's lock gives: a concurrent delete of a parent waits for the commit, then fails on
its own check) and refuses a write naming a parent that is not there. Setting that role
needs a superuser or, on PostgreSQL 15+, `GRANT SET ON PARAMETER session_replication_role`;
a connection that may not set it (probed once) keeps PostgreSQL's own checks. None of our
tables has a trigger or rule of its own that the role would silence (the migrations hold
no RunSQL). SQLite checks its foreign keys at COMMIT, as before.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain
from typing import Any
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Field
from django.utils import timezone

# SQLite: rows per INSERT, within its 32,766 parameters. Every full statement is the same
# text, which the driver compiles once and keeps.
SQLITE_INSERT_ROWS = 2000
# PostgreSQL: per connection, the `session_replication_role` to put back after a bulk write
# (None: the connection may not set it).
_ROLES: WeakKeyDictionary[Any, str | None] = WeakKeyDictionary()
REPLICA = "SET LOCAL session_replication_role = replica"


def rows_insert(
    *,
    model: Any,
    columns: list[str],
    rows: list[tuple],
    constants: dict[str, Any] | None = None,
    writer: RowsAlongside | None = None,
) -> None:
    """Insert `rows` (values of `columns`, fields of `model`, adapted for the database)
    in their order, each with the same `constants`, inside the caller's transaction.

    PostgreSQL: COPY, about twice as fast as INSERT for a statement. SQLite: one INSERT of
    many rows per `SQLITE_INSERT_ROWS`, given to the driver as it is: `executemany` binds
    and steps each row apart, and for a statement's lines that cost twice SQLite's own
    work of writing them. The constants are bound once per statement. With a `writer`
    (SQLite, `rows_alongside`), the statements are queued for its thread."""
    if not rows:
        return
    constants = constants or {}
    meta = model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    fields = [meta.get_field(name).column for name in [*columns, *constants]]
    names = ", ".join(quote(name) for name in fields)
    fixed = list(constants.values())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            role = _role_to_restore(model, len(rows))
            if role is not None:
                cursor.execute(REPLICA)  # no trigger fires: the keys are checked below
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *fixed))
            statistics_refresh(table=table, written=len(rows))
            if role is None:
                return
            cursor.execute("SELECT set_config('session_replication_role', %s, true)", [role])
        given = [meta.get_field(name) for name in columns]
        named: dict[str, set] = {}
        for key in foreign_keys(model):
            if key in given:
                at = given.index(key)
                named[key.attname] = {row[at] for row in rows}
            elif key.name in constants or key.attname in constants:
                value = constants.get(key.name, constants.get(key.attname))
                named[key.attname] = {value}
        references_check(model=model, named=named)
        return
    # The constants' marks come before the rows' in the text, so their values go first.
    picked = [f"column{position}" for position in range(1, len(columns) + 1)]
    head = (
        f"INSERT INTO {table} ({names}) SELECT {', '.join([*picked, *['?'] * len(fixed)])} "
        "FROM (VALUES "
    )
    row_marks = "(" + ", ".join(["?"] * len(columns)) + ")"
    connection.ensure_connection()
    driver = connection.connection  # sqlite3: "?" marks, statements cached by text
    for start in range(0, len(rows), SQLITE_INSERT_ROWS):
        part = rows[start : start + SQLITE_INSERT_ROWS]
        # The VALUES subquery's rows come out, and get their ids, in the order written.
        sql = head + ", ".join([row_marks] * len(part)) + ")"
        params = [*fixed, *chain.from_iterable(part)]
        if writer is None:
            driver.execute(sql, params)
        else:
            writer.insert(sql, params)


class RowsAlongside:
    """SQLite: `rows_insert`'s statements run in their order on a second thread, while the
    caller's thread reads and checks the next rows (`rows_alongside`).

    SQLite writes the rows of one INSERT with Python's interpreter lock released, so on a
    second core that work (a third of a statement's import) overlaps the reading and the
    checking of the next chunk, which hold the lock. Both threads use the one connection
    and its transaction; SQLite's own mutex serialises their calls, so a statement is
    held (`insert`) until the caller `release`s it, after its own look-ups for the next
    chunk, which would otherwise wait for it. Every query the caller's thread makes through
    Django first waits until the held and queued rows are written (an execute wrapper), so
    it reads what it would read without the thread: only a read the caller knows does not
    depend on them runs alongside (`reads`). A failed statement skips the rest; its error
    is raised at the next wait."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.driver = connection.connection
        self.statements: queue.Queue[tuple[str, list] | None] = queue.Queue()
        self.held: list[tuple[str, list]] = []
        self.failure: BaseException | None = None
        self.alongside = False
        self.thread = threading.Thread(target=self._write, name="rows-alongside", daemon=True)
        self.thread.start()

    def _write(self) -> None:
        while True:
            statement = self.statements.get()
            try:
                if statement is None:
                    return
                if self.failure is None:
                    self.driver.execute(*statement)
            except BaseException as error:  # raised in the caller's thread at its next wait
                self.failure = error
            finally:
                self.statements.task_done()

    def insert(self, sql: str, params: list) -> None:
        """Hold a statement until the next `release` or wait."""
        self.held.append((sql, params))

    def release(self) -> None:
        """The held statements go to the thread, in their order."""
        for statement in self.held:
            self.statements.put(statement)
        self.held.clear()

    def busy(self) -> bool:
        """Whether some released statement is not written yet."""
        return bool(self.statements.unfinished_tasks)

    def wait_released(self) -> None:
        """Until every released statement is written; the error of one that failed."""
        self.statements.join()
        if self.failure is not None:
            raise self.failure

    def wait(self) -> None:
        """Until every held and released statement is written; the error of one that
        failed."""
        self.release()
        self.wait_released()

    @contextmanager
    def reads(self) -> Iterator[None]:
        """The block's queries do not wait for the queued rows: the caller knows they do
        not read them."""
        self.alongside = True
        try:
            yield
        finally:
            self.alongside = False

    def before_query(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not self.alongside:
            self.wait()
        return execute(sql, params, many, context)

    def close(self, *, cancel: bool) -> None:
        """Stop the thread once the queued statements are written (`cancel`: skipped)."""
        if cancel:
            self.held.clear()
            if self.failure is None:
                self.failure = DatabaseError("rows_alongside: cancelled")
        self.release()
        self.statements.put(None)
        self.thread.join()


@contextmanager
def rows_alongside() -> Iterator[RowsAlongside | None]:
    """For the block, a `RowsAlongside` on SQLite (None on PostgreSQL, whose server writes
    a COPY in its own process); every queued row is written when the block ends, or else
    the error is raised. Leaving the block by an error drops what is still queued: the
    caller's transaction is about to roll back."""
    if connection.vendor != "sqlite":
        yield None
        return
    writer = RowsAlongside()
    finished = False
    try:
        with SWITCHES.quick(), connection.execute_wrapper(writer.before_query):
            yield writer
        writer.wait()
        finished = True
    finally:
        writer.close(cancel=not finished)


# While a writer runs: how long the caller's thread may keep Python's lock when the
# writer's statement is done and asks for it (Python's default is 5 ms). The writer asks
# five times a chunk; at 5 ms it fell behind the caller's checks (0.8 s of a province's
# statement spent waiting for it), at 0.5 ms it keeps up.
SWITCH_SECONDS = 0.0005


class SwitchInterval:
    """`sys.setswitchinterval(SWITCH_SECONDS)` while some block (`quick`) runs, if it is
    longer; put back when the last block of the process ends (imports may run in several
    threads at once)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.saved = 0.0

    @contextmanager
    def quick(self) -> Iterator[None]:
        with self.lock:
            if not self.users:
                self.saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self.saved, SWITCH_SECONDS))
            self.users += 1
        try:
            yield
        finally:
            with self.lock:
                self.users -= 1
                if not self.users:
                    sys.setswitchinterval(self.saved)


SWITCHES = SwitchInterval()


def rows_create_with_history(
    *, model: Any, key: str, rows: list[dict[str, Any]], user: Any = None
) -> dict[str, int]:
    """Create one `model` object per row (values by field attname, adapted for the
    database, `key` a unique field) and its "+" record in the model's history
    (django-simple-history), as `simple_history.utils.bulk_create_with_history` would;
    the new ids by key."""
    if not rows:
        return {}
    columns = list(rows[0])
    tracked = [name for name in columns if name != "id"]
    history = model.history.model._meta
    written = {"id", "history_id", "history_date", "history_change_reason", "history_type"}
    if {field.attname for field in history.concrete_fields} != {
        *written,
        "history_user_id",
        *tracked,
    }:
        raise ValueError(f"{model.__name__}: every field its history keeps must be given")
    rows_insert(
        model=model, columns=columns, rows=[tuple(row[name] for name in columns) for row in rows]
    )
    ids = dict(
        model._default_manager.filter(**{f"{key}__in": [row[key] for row in rows]}).values_list(
            key, "pk"
        )
    )
    rows_insert(
        model=model.history.model,
        columns=["id", *tracked],
        rows=[(ids[row[key]], *[row[name] for name in tracked]) for row in rows],
        constants={
            "history_date": connection.ops.adapt_datetimefield_value(timezone.now()),
            "history_change_reason": None,
            "history_type": "+",
            "history_user": user.pk if user is not None else None,
        },
    )
    return ids


def statistics_refresh(*, table: str, written: int) -> None:
    """PostgreSQL: ANALYZE `table` (a quoted name) in the caller's transaction when the
    `written` rows just added to it are many for its size, by autovacuum's own rule (more
    than `autovacuum_analyze_threshold` + `autovacuum_analyze_scale_factor` x its rows).

    Autovacuum analyzes a table only after the commit, and the writer goes on reading in
    the same transaction: a table emptied (a first import, a test's TRUNCATE) and then
    filled is planned as nearly empty, or on statistics of rows long gone, until then. The
    demo's loader, on tables just truncated, read a dossier's payments with a nested loop
    over every treasury line, 936 times at 0.2 s, for one each. ANALYZE sees the
    transaction's own rows; on a large table a usual write is below the rule and costs one
    look-up of pg_class."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s > current_setting('autovacuum_analyze_threshold')::float8"
            " + current_setting('autovacuum_analyze_scale_factor')::float8"
            " * greatest(reltuples, 0) FROM pg_class WHERE oid = %s::regclass",
            [written, table],
        )
        if cursor.fetchone()[0]:
            cursor.execute(f"ANALYZE {table}")


def tables_analyze(*, models: list[Any]) -> None:
    """PostgreSQL: ANALYZE the tables of `models` in the caller's transaction, for a loader
    that filled them row by row (see `statistics_refresh`): the reads after its commit are
    planned on these rows at once, not after autovacuum's next round. SQLite: nothing."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def foreign_keys(model: Any) -> list[Field]:
    """The fields of `model` that the database holds a foreign key constraint for."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.remote_field is not None and getattr(field, "db_constraint", False)
    ]


def references_check(*, model: Any, named: dict[str, set]) -> None:
    """Lock `FOR KEY SHARE` the rows that the ids `named` by foreign key (attname) of
    `model` refer to, one statement per key, as PostgreSQL's trigger of each would; raise
    IntegrityError, and roll back the innermost atomic block, if one is missing.

    The lock keeps each parent until the commit: a concurrent delete waits for it, then
    fails on the rows written here. A parent deleted before (committed, or committed while
    the lock waited) is missing."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for key in foreign_keys(model):
            ids = named.get(key.attname, set()) - {None}
            if not ids:
                continue
            parent = key.related_model._meta.db_table
            target = quote(key.target_field.column)
            cursor.execute(
                f"SELECT {target} FROM {quote(parent)} WHERE {target} = ANY(%s::"
                f"{key.db_type(connection)}[]) ORDER BY {target} FOR KEY SHARE",
                [sorted(ids)],
            )
            missing = ids - {found for (found,) in cursor.fetchall()}
            if missing:
                transaction.set_rollback(True)  # the rows written are never committed
                shown = ", ".join(str(value) for value in sorted(missing)[:10])
                raise IntegrityError(
                    f'insert into table "{model._meta.db_table}" violates foreign key '
                    f'"{key.column}": key ({key.column})=({shown}) is not present in '
                    f'table "{parent}"'
                )


def _role_to_restore(model: Any, rows: int) -> str | None:
    """PostgreSQL, inside a transaction: for a bulk write of `rows` rows of `model` with
    foreign keys, the `session_replication_role` to put back after the write if this
    connection may set it to replica (probed once per connection, in a savepoint); None
    otherwise: PostgreSQL's own triggers check the rows at COMMIT."""
    limit = settings.BULK_FK_CHECK_ROWS
    if not limit or rows < limit or not connection.in_atomic_block or not foreign_keys(model):
        return None
    raw = connection.connection
    if raw not in _ROLES:
        _ROLES[raw] = _role_probed()
    return _ROLES[raw]


class _Undone(Exception):
    """Internal: leave the probe's savepoint."""


def _role_probed() -> str | None:
    """The connection's `session_replication_role` if it may set it to replica, else None."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        role = cursor.fetchone()[0]
        try:
            with transaction.atomic():
                cursor.execute(REPLICA)
                raise _Undone
        except _Undone:
            return role
        except DatabaseError:  # not a superuser, and no GRANT SET ON PARAMETER
            return None
