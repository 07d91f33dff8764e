"""Many rows into one table at the database's own speed, for the importers' writes.

`bulk_create` builds a model object per row and prepares each value through its field:
for a statement's lines or a nation's catalogue that costs several times the database's
work. These take rows already checked and adapted, and write them as the database
loads rows fastest, inside the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone

# SQLite: rows per INSERT, within its 32,766 parameters. Every full statement is the same
# text, which the driver compiles once and keeps.
SQLITE_INSERT_ROWS = 2000


def rows_insert(
    *, model: Any, columns: list[str], rows: list[tuple], constants: dict[str, Any] | None = None
) -> None:
    """Insert `rows` (values of `columns`, fields of `model`, adapted for the database)
    in their order, each with the same `constants`, inside the caller's transaction.

    PostgreSQL: COPY, about twice as fast as INSERT for a statement. SQLite: one INSERT of
    many rows per `SQLITE_INSERT_ROWS`, given to the driver as it is: `executemany` binds
    and steps each row apart, and for a statement's lines that cost twice SQLite's own
    work of writing them. The constants are bound once per statement."""
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
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *fixed))
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
        driver.execute(sql, [*fixed, *[value for row in part for value in row]])


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
