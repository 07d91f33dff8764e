"""`LedgerMonth`, the ledger summed by month, quarter and year: kept by the books, rebuilt
from the ledger.

The figures read whole months, quarters and years from it (ARCHITECTURE principle 7) and
stay the ledger's own figures (principle 1) because it is only ever written here: by
`PlanBook` and `TreasuryBook` in the transaction that writes the ledger (an import's
statement summed from its lines, `ledger_months_add_batch`), and by
`ledger_months_rebuild`, which makes it again from the ledger. `ledger_months_differences`
says where it and the ledger disagree.

Every ledger write passes here in its transaction, so here the ledger's generation is bumped
(`figures.cache`): the cached figures of the old state are never read again. A rebuild
bumps it in its command: a migration rebuilds before the generation's table exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import add
from typing import Any

from django.db import connection, transaction

from giaingan.capital.models import LedgerMonth, LineKind, PlanEntry, PlanKind, TreasuryLine
from giaingan.figures.cache import ledger_generation_bump

# A row's key, in the table's key order: plan year, span (1, 3 or 12 months), first day
# of the span, project id, source id.
RowKey = tuple[int, int, dt.date, int, int]
MonthKey = tuple[int, int, int, dt.date]  # plan year, project id, source id, first of month
KEY = ("plan_year", "span", "month", "project_id", "source_id")
# The sums of a row, in this order everywhere below: amounts, then how many rows made them.
AMOUNTS = (
    "plan",
    "carried_over",
    "disbursed",
    "advanced",
    "recovered",
    "plan_count",
    "carried_count",
    "line_count",
)
ZEROS = [0] * len(AMOUNTS)
MONTH, QUARTER, YEAR = 1, 3, 12  # the spans; each month is in one row of each
WRITE_ROWS = 10_000  # rows per statement when writing
BATCH_ROWS_TABLE = "ledger_batch_rows"  # PostgreSQL: an import's rows, while they are added
BATCH_WORK_MEM = "64MB"  # PostgreSQL's memory for summing them (its default is 4MB)
# SQLite: an import's lines summed by month chunk by chunk as they are written, and the
# highest line id summed so far (`gathered_months_open`).
GATHERED_TABLE, GATHERED_MARK = "ledger_gathered_months", "ledger_gathered_mark"


def span_start(month: dt.date, span: int) -> dt.date:
    """The first day of the calendar quarter or year (or month) that `month` is in."""
    if span == MONTH:
        return month
    if span == QUARTER:
        return month.replace(month=month.month - (month.month - 1) % 3)
    return month.replace(month=1)


class MonthSums:
    """Amounts to add to `LedgerMonth`, summed in memory per month until `write`, which
    adds each month to its quarter and its year as well."""

    def __init__(self) -> None:
        self.sums: dict[MonthKey, list[int]] = {}
        self._firsts: dict[dt.date, dt.date] = {}  # day -> first day of its month

    def __len__(self) -> int:
        return len(self.sums)

    def add_lines(self, lines: Iterable[Any]) -> None:
        """Treasury lines (anything with a line's fields), by their value date."""
        sums, firsts, advance = self.sums, self._firsts, LineKind.ADVANCE
        for line in lines:
            day = line.value_date
            first = firsts.get(day)
            if first is None:
                first = firsts[day] = day.replace(day=1)
            key = (line.plan_year, line.project_id, line.source_id, first)
            row = sums.get(key)
            if row is None:
                row = sums[key] = ZEROS.copy()
            amount, recovered = line.amount, line.recovered_advance
            row[2] += amount - recovered
            if line.kind == advance:
                row[3] += amount
            row[4] += recovered
            row[7] += 1

    def add_entries(self, entries: Iterable[Any]) -> None:
        """Plan entries, by their decision date; carry-over apart from the rest."""
        for entry in entries:
            first = entry.decision_date.replace(day=1)
            key = (entry.plan_year, entry.project_id, entry.source_id, first)
            row = self.sums.setdefault(key, ZEROS.copy())
            carried = entry.kind == PlanKind.CARRY_OVER
            row[1 if carried else 0] += entry.amount
            row[6 if carried else 5] += 1

    def rows(self) -> dict[RowKey, list[int]]:
        """The rows to add: each month, and its sums added into its quarter and year."""
        return spread(self.sums)

    def write(self) -> None:
        """Add the sums to `LedgerMonth` (inside the caller's transaction) and forget them."""
        if self.sums:
            rows_write(self.rows())
            self.sums = {}


def spread(months: dict[MonthKey, list[int]]) -> dict[RowKey, list[int]]:
    """The month rows of `months`, and the quarter and year rows they add up to."""
    rows: dict[RowKey, list[int]] = {}
    starts = {
        month: (span_start(month, QUARTER), span_start(month, YEAR))
        for month in {key[3] for key in months}
    }
    for (year, project, source, month), sums in months.items():
        rows[(year, MONTH, month, project, source)] = sums
        quarter, whole_year = starts[month]
        for key in (
            (year, QUARTER, quarter, project, source),
            (year, YEAR, whole_year, project, source),
        ):
            found = rows.get(key)
            if found is None:
                rows[key] = sums.copy()
            else:
                found[:] = map(add, found, sums)
    return rows


def rows_write(rows: dict[RowKey, list[int]]) -> None:
    """Add `rows` to the stored ones, creating the missing ones: one upsert per batch of
    rows. (Concurrent writers do not deadlock: each has locked its projects first.)"""
    ledger_generation_bump()
    table, names, upsert = _insert_parts()
    items = list(rows.items())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement per batch: the columns go as arrays and come back as rows.
            types = ["smallint", "smallint", "date", "bigint", "bigint"]
            types += ["bigint"] * len(AMOUNTS)
            arrays = ", ".join(f"%s::{kind}[]" for kind in types)
            sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) {upsert}"
            for start in range(0, len(items), WRITE_ROWS):
                batch = [(*key, *sums) for key, sums in items[start : start + WRITE_ROWS]]
                cursor.execute(sql, [list(column) for column in zip(*batch, strict=True)])
        else:
            adapt = connection.ops.adapt_datefield_value
            months = {key[2]: adapt(key[2]) for key in rows}
            marks = ", ".join(["%s"] * (len(KEY) + len(AMOUNTS)))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks}) {upsert}",
                [
                    (year, span, months[month], project, source, *sums)
                    for (year, span, month, project, source), sums in items
                ],
            )


def _insert_parts(into: str = "") -> tuple[str, str, str]:
    """The table (`LedgerMonth`'s, or `into`), its column list and the clause that adds to
    a row already there."""
    quote = connection.ops.quote_name
    table = quote(into or LedgerMonth._meta.db_table)
    names = ", ".join(quote(name) for name in KEY + AMOUNTS)
    key = ", ".join(quote(name) for name in KEY)
    add = ", ".join(
        f"{quote(name)} = {table}.{quote(name)} + EXCLUDED.{quote(name)}" for name in AMOUNTS
    )
    return table, names, f"ON CONFLICT ({key}) DO UPDATE SET {add}"


def ledger_months_add_batch(batch_id: int, after_id: int) -> None:
    """Add the treasury lines of one import to `LedgerMonth`, summed by the database from
    the ledger in one statement (inside the import's transaction): for a province's 400,000
    lines 1.0 s, where summing each line in Python as it was checked took 1.5 s.

    The import's lines all have ids above `after_id`, the highest id before its first: a
    range of the primary key, where an index of batches would cost each line its entry."""
    _batch_months_add(_lines_sql(_batch_where()), [after_id, batch_id])


def gathered_months_open() -> None:
    """SQLite: empty tables in which `gathered_months_sql` sums an import's lines by month
    as they are written, on the writer's thread (`TreasuryBook.writing`), so that
    `ledger_months_add_gathered` adds their months to `LedgerMonth` without summing
    400,000 lines again at the end (0.5 s of a province's statement)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in KEY + AMOUNTS)
    key = ", ".join(quote(name) for name in KEY)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {GATHERED_TABLE} ({columns}, PRIMARY KEY ({key})) "
            "WITHOUT ROWID"
        )
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {GATHERED_MARK} (last INTEGER)")
        cursor.execute(f"DELETE FROM {GATHERED_TABLE}")
        cursor.execute(f"DELETE FROM {GATHERED_MARK}")
        cursor.execute(
            f"INSERT INTO {GATHERED_MARK} SELECT COALESCE(MAX({quote('id')}), 0) FROM "
            f"{quote(TreasuryLine._meta.db_table)}"
        )


def gathered_months_sql(batch_id: int) -> list[tuple[str, list]]:
    """The statements (for the SQLite driver: "?" marks) that add the months of the
    batch's lines written since the last time to the gathered sums."""
    quote = connection.ops.quote_name
    lines = quote(TreasuryLine._meta.db_table)
    where = f"{quote('id')} > (SELECT last FROM {GATHERED_MARK}) AND {quote('import_batch_id')} = ?"
    table, names, upsert = _insert_parts(GATHERED_TABLE)
    return [
        (f"INSERT INTO {table} ({names}) {_lines_sql(where)} {upsert}", [batch_id]),
        (f"UPDATE {GATHERED_MARK} SET last = (SELECT MAX({quote('id')}) FROM {lines})", []),
    ]


def ledger_months_add_gathered() -> None:
    """Add the gathered sums of an import's lines (`gathered_months_open`) to
    `LedgerMonth`, as `ledger_months_add_batch` would."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in KEY + AMOUNTS)
    _batch_months_add(f"SELECT {names} FROM {GATHERED_TABLE}", [])


def gathered_months_close() -> None:
    """Drop the tables of `gathered_months_open`."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS temp.{GATHERED_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS temp.{GATHERED_MARK}")


def ledger_months_add_plan_batch(batch_id: int, after_id: int) -> None:
    """Add the plan entries of one import to `LedgerMonth` as `ledger_months_add_batch`
    adds a statement's lines: one statement, where adding each chunk's months from Python
    cost a nation's plan file more than reading and checking it."""
    _batch_months_add(_plan_sql(_batch_where()), [after_id, batch_id])


def _batch_where() -> str:
    """Rows of one import: id above the given one (a range of the primary key), batch id."""
    quote = connection.ops.quote_name
    return f"{quote('id')} > %s AND {quote('import_batch_id')} = %s"


def _batch_months_add(months: str, params: list[int]) -> None:
    """Add the month rows `months` selects (with `params` for its marks), and the
    quarter and year rows they add up to, to `LedgerMonth`.

    SQLite: one upsert (INSERT ... ON CONFLICT DO UPDATE). PostgreSQL pays a speculative
    insertion per row of an upsert, so there the rows are summed once into a temporary
    table, those already stored added to by one UPDATE and the others written by one plain
    INSERT in the key's order: for a nation's plan (500,000 rows, nearly all new) 14 s where
    the upsert took 20 s, for a province's statement 7.5-9 s where it took 10-12 s. (No concurrent writer adds one of these keys in between: each has
    locked its projects first.)"""
    ledger_generation_bump()
    table, names, upsert = _insert_parts()
    quote = connection.ops.quote_name
    month = quote("month")
    owner = f"{quote('project_id')}, {quote('source_id')}"
    sums = ", ".join(f"SUM({quote(name)})" for name in AMOUNTS)
    spans = " UNION ALL ".join(
        f"SELECT {quote('plan_year')}, {span}, {_start_sql(month, span)}, {owner}, {sums} "
        "FROM batch_months GROUP BY 1, 2, 3, 4, 5"
        for span in (QUARTER, YEAR)
    )
    select = (
        f"WITH batch_months AS MATERIALIZED ({months}) SELECT * FROM batch_months UNION ALL {spans}"
    )
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"INSERT INTO {table} ({names}) {select} {upsert}", params)
            return
        rows = quote(BATCH_ROWS_TABLE)
        match = " AND ".join(f"{table}.{quote(name)} = b.{quote(name)}" for name in KEY)
        added = ", ".join(
            f"{quote(name)} = {table}.{quote(name)} + b.{quote(name)}" for name in AMOUNTS
        )
        # The sums by month, quarter and year in memory, not spilled to disk.
        cursor.execute(
            "SELECT current_setting('work_mem'), set_config('work_mem', %s, true)",
            [BATCH_WORK_MEM],
        )
        work_mem = cursor.fetchone()[0]
        cursor.execute(f"CREATE TEMPORARY TABLE {rows} AS {select}", params)
        cursor.execute(f"ANALYZE {rows}")  # so the UPDATE's join suits the batch's size
        cursor.execute(f"UPDATE {table} SET {added} FROM {rows} AS b WHERE {match}")
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {rows} AS b "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {match}) ORDER BY 1, 2, 3, 4, 5"
        )
        cursor.execute(f"DROP TABLE {rows}")
        cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])


def _start_sql(column: str, span: int) -> str:
    """SQL for the first day of the month, quarter or year of a date column."""
    unit = {MONTH: "month", QUARTER: "quarter", YEAR: "year"}[span]
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('{unit}', {column}) AS date)"
    # SQLite keeps dates as ISO text: 2024-09-17.
    if span == MONTH:
        return f"substr({column}, 1, 8) || '01'"
    if span == YEAR:
        return f"substr({column}, 1, 5) || '01-01'"
    month = f"substr({column}, 6, 2)"  # '01' to '12'; a quarter starts in 01, 04, 07, 10
    first = " ".join(f"WHEN {month} < '{end:02}' THEN '{end - 3:02}'" for end in (4, 7, 10))
    return f"substr({column}, 1, 5) || CASE {first} ELSE '10' END || '-01'"


def _lines_sql(where: str = "1 = 1") -> str:
    """A SELECT giving the month rows (KEY + AMOUNTS, named) of the treasury lines `where`
    picks. Written by hand, apart from `MonthSums`, so each checks the other."""
    quote = connection.ops.quote_name
    amount, recovered = quote("amount"), quote("recovered_advance")
    advance = f"{quote('kind')} = '{LineKind.ADVANCE}'"
    values = {
        "plan": "0",
        "carried_over": "0",
        "disbursed": f"SUM({amount} - {recovered})",
        "advanced": f"SUM(CASE WHEN {advance} THEN {amount} ELSE 0 END)",
        "recovered": f"SUM({recovered})",
        "plan_count": "0",
        "carried_count": "0",
        "line_count": "COUNT(*)",
    }
    return (
        f"SELECT {quote('plan_year')}, {MONTH} AS {quote('span')}, "
        f"{_start_sql(quote('value_date'), MONTH)} AS {quote('month')}, "
        f"{quote('project_id')}, {quote('source_id')}, "
        + ", ".join(f"{values[name]} AS {quote(name)}" for name in AMOUNTS)
        + f" FROM {quote(TreasuryLine._meta.db_table)} WHERE {where} GROUP BY 1, 2, 3, 4, 5"
    )


def _plan_sql(where: str = "1 = 1") -> str:
    """A SELECT giving the month rows (KEY + AMOUNTS, named) of the plan entries `where`
    picks; carry-over apart from the rest."""
    quote = connection.ops.quote_name
    carry = f"{quote('kind')} = '{PlanKind.CARRY_OVER}'"
    values = {
        "plan": f"SUM(CASE WHEN {carry} THEN 0 ELSE {quote('amount')} END)",
        "carried_over": f"SUM(CASE WHEN {carry} THEN {quote('amount')} ELSE 0 END)",
        "disbursed": "0",
        "advanced": "0",
        "recovered": "0",
        "plan_count": f"SUM(CASE WHEN {carry} THEN 0 ELSE 1 END)",
        "carried_count": f"SUM(CASE WHEN {carry} THEN 1 ELSE 0 END)",
        "line_count": "0",
    }
    return (
        f"SELECT {quote('plan_year')}, {MONTH} AS {quote('span')}, "
        f"{_start_sql(quote('decision_date'), MONTH)} AS {quote('month')}, "
        f"{quote('project_id')}, {quote('source_id')}, "
        + ", ".join(f"{values[name]} AS {quote(name)}" for name in AMOUNTS)
        + f" FROM {quote(PlanEntry._meta.db_table)} WHERE {where} GROUP BY 1, 2, 3, 4, 5"
    )


def _ledger_sql() -> tuple[str, str]:
    """Two SELECTs giving the month rows (KEY + AMOUNTS) from plan entries and from
    treasury lines."""
    return _plan_sql(), _lines_sql()


def ledger_months_computed() -> dict[RowKey, list[int]]:
    """`LedgerMonth` as the ledger says it should be."""
    months: dict[MonthKey, list[int]] = {}
    with connection.cursor() as cursor:
        for select in _ledger_sql():
            cursor.execute(select)
            for year, _, month, project, source, *amounts in cursor.fetchall():
                key = (year, project, source, _as_date(month))
                found = months.setdefault(key, ZEROS.copy())
                for position, amount in enumerate(amounts):
                    found[position] += int(amount)
    return spread(months)


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def ledger_months_stored() -> dict[RowKey, list[int]]:
    return {
        tuple(row[: len(KEY)]): list(row[len(KEY) :])
        for row in LedgerMonth.objects.values_list(*KEY, *AMOUNTS).iterator(chunk_size=10_000)
    }


def ledger_months_rebuild() -> int:
    """Make `LedgerMonth` again from the ledger, in one transaction, in the database (a
    nation's ledger never passes through Python); the number of rows."""
    table, names, upsert = _insert_parts()
    quote = connection.ops.quote_name
    plan, lines = _ledger_sql()
    sums = ", ".join(f"SUM({quote(name)})" for name in AMOUNTS)
    with transaction.atomic(), connection.cursor() as cursor:
        # DELETE, not TRUNCATE: it waits for, and is undone with, the transaction.
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"INSERT INTO {table} ({names}) {plan}")
        cursor.execute(f"INSERT INTO {table} ({names}) {lines} {upsert}")
        for span in (QUARTER, YEAR):  # from the months just written
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {quote('plan_year')}, {span}, "
                f"{_start_sql(quote('month'), span)}, {quote('project_id')}, "
                f"{quote('source_id')}, {sums} FROM {table} WHERE {quote('span')} = {MONTH} "
                "GROUP BY 1, 2, 3, 4, 5"
            )
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


def ledger_months_differences() -> list[tuple[RowKey, list[int] | None, list[int] | None]]:
    """(key, stored, from the ledger) wherever the two differ; rows of zeros count as absent."""
    stored = {key: sums for key, sums in ledger_months_stored().items() if any(sums)}
    computed = {key: sums for key, sums in ledger_months_computed().items() if any(sums)}
    return [
        (key, stored.get(key), computed.get(key))
        for key in sorted(stored.keys() | computed.keys())
        if stored.get(key) != computed.get(key)
    ]
