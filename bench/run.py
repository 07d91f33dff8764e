"""Benchmark the import pipeline and the figures against hand-written SQL.

    bench/run.py --scale {district,province,nation} [--database-url URL] [--keep]
                 [--projects P] [--lines N] [--runs 5] [--profile]
                 [--treasury-by {importer,raw,copy}]

Generates seeded data (bench/generate.py) as CSV files in a temp dir, migrates a fresh
database, imports the files through the real importers, then times, in the same process:

- the treasury import (`TreasuryImporter`) against a raw load of the same CSV into the same
  empty table (csv module + `executemany`, one transaction), with the same indexes and the
  same row count: the raw load runs first, is committed, and the table is emptied again
  (PostgreSQL: TRUNCATE; SQLite: DELETE + VACUUM) before the importer runs;
- the "report" (disbursement table by project, by investor, and the monthly series, as of
  30/09 of the plan year) through `giaingan.figures.selectors` against hand-written SQL that
  gives the same results (asserted equal, and equal to the generator's own totals).

The last line is `RESULT scale=S lines=N import_rows_per_s=X import_vs_raw=R1 report_ms=T
report_vs_raw=R2`. See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generate import SCALES, TREASURY_COLUMNS, Generated, generate

Rows = list[tuple]


@dataclass
class Step:
    label: str
    seconds: float
    rows: int | None = None
    note: str = ""
    cpu: float | None = None  # this process's CPU seconds (not the PostgreSQL server's)


@dataclass
class Report:
    """One report, in a form both implementations give: amounts as int, rates in 1/100 %."""

    by_project: Rows
    project_total: tuple
    by_investor: Rows
    investor_total: tuple
    monthly: Rows


@dataclass
class Timings:
    total: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    parts: dict[str, list[float]] = field(default_factory=dict)

    def add(self, parts: dict[str, float], cpu: float) -> None:
        self.total.append(sum(parts.values()))
        self.cpu.append(cpu)
        for name, seconds in parts.items():
            self.parts.setdefault(name, []).append(seconds)


# ---------------------------------------------------------------------------------------
# The database: a fresh SQLite file, or a PostgreSQL database the script creates.


@dataclass
class Database:
    url: str
    vendor: str  # "sqlite" or "postgresql"
    created: bool = False  # PostgreSQL: we created it, so we drop it unless --keep
    path: Path | None = None  # SQLite file


def pg_parts(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    return {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "") or None,
        "password": unquote(parts.password or "") or None,
        "dbname": parts.path.lstrip("/"),
    }


def pg_admin(url: str):
    import psycopg

    parts = pg_parts(url)
    parts["dbname"] = "postgres"
    return psycopg.connect(**{k: v for k, v in parts.items() if v is not None}, autocommit=True)


def prepare_database(args: argparse.Namespace, workdir: Path) -> Database:
    url = args.database_url or ""
    if not url and os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        url = os.environ["DATABASE_URL"]
    if not url:
        path = workdir / "bench.sqlite3"
        if path.exists():
            sys.exit(f"{path} exists: remove it, or give another --workdir")
        return Database(url=f"sqlite:///{path}", vendor="sqlite", path=path)
    if url.startswith("sqlite:"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_absolute():
            path = Path("/") / path
        if path.exists():
            sys.exit(f"{path} exists: the benchmark needs a fresh database file")
        return Database(url=url, vendor="sqlite", path=path)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"unsupported database URL: {url}")
    from psycopg import sql

    name = pg_parts(url)["dbname"]
    if not name:
        sys.exit("the PostgreSQL URL must name a database")
    with pg_admin(url) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and args.recreate:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return Database(url=url, vendor="postgresql", created=True)
    import psycopg

    parts = {k: v for k, v in pg_parts(url).items() if v is not None}
    with psycopg.connect(**parts) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', "
            "'information_schema')"
        ).fetchone()[0]
    if tables:
        sys.exit(
            f"database {name} is not empty ({tables} tables): give an empty or new database, "
            "or --recreate to drop and create it"
        )
    return Database(url=url, vendor="postgresql")


def drop_database(database: Database) -> None:
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with pg_admin(database.url) as admin:
        name = pg_parts(database.url)["dbname"]
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def setup_django(database: Database, workdir: Path) -> None:
    os.environ["DATABASE_URL"] = database.url
    os.environ["GIAINGAN_TESTING"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "giaingan.settings"
    # Time the figures themselves, not the figures cache (best of N would hit it; bench/load.py
    # measures the cache).
    os.environ.setdefault("FIGURES_CACHE_SECONDS", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["GIAINGAN_DATA_DIR"] = str(workdir / "data")
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    import django

    django.setup()


# ---------------------------------------------------------------------------------------
# Imports through the real importers.


def expect(condition: bool, message: str) -> None:
    if not condition:
        sys.exit(f"FAILED: {message}")


def run_importer(importer_class: type, path: Path) -> tuple[Any, float, float]:
    """Run one importer on one file; (result, wall seconds, CPU seconds)."""
    importer = importer_class(user=None, dry_run=False)
    started, cpu = time.perf_counter(), time.process_time()
    with path.open("rb") as stream:
        result = importer.run(stream, path.name)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if not result.ok:
        print(f"\nIMPORT FAILED: {path.name}: {result.summary()}", file=sys.stderr)
        for problem in result.problems[:20]:
            print(f"  {problem}", file=sys.stderr)
        sys.exit(1)
    return result, seconds, cpu


RAW_INSERT = (
    "INSERT INTO capital_treasuryline (created_at, created_by_id, import_batch_id, "
    "treasury_id, document_number, value_date, project_id, source_id, plan_year, kind, "
    "amount, recovered_advance, reverses_id) "
    "VALUES (%s, NULL, NULL, %s, %s, %s, %s, %s, %s, %s, %s, %s, NULL)"
)


RAW_COPY = (
    "COPY capital_treasuryline (created_at, treasury_id, document_number, value_date, "
    "project_id, source_id, plan_year, kind, amount, recovered_advance) FROM STDIN"
)


def raw_load(path: Path, chunk: int = 5000, copy: bool = False) -> tuple[int, float, float, float]:
    """Load the treasury CSV with the csv module and executemany, in one transaction.

    Returns (rows, total seconds including reading and commit, executemany seconds, CPU
    seconds of the whole).
    With `copy` (PostgreSQL), COPY ... FROM STDIN instead of executemany.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    started, cpu = time.perf_counter(), time.process_time()
    inserting = 0.0
    rows = 0
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    date = dt.date

    def write(cursor: Any, batch: list[tuple]) -> None:
        if not copy:
            cursor.executemany(RAW_INSERT, batch)
            return
        with cursor.cursor.copy(RAW_COPY) as stream:
            for row in batch:
                stream.write_row(row)

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT code, id FROM capital_project")
        projects = dict(cursor.fetchall())
        cursor.execute("SELECT code, id FROM capital_fundingsource")
        sources = dict(cursor.fetchall())
        cursor.execute("SELECT code, id FROM org_unit WHERE kind = 'kho_bac'")
        treasuries = dict(cursor.fetchall())
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            if next(reader) != TREASURY_COLUMNS:
                raise SystemExit(f"{path}: unexpected header")
            batch: list[tuple] = []
            for number, day, project, source, year, kind, amount, recovered, _, kb in reader:
                batch.append(
                    (
                        now,
                        treasuries[kb],
                        number,
                        date(int(day[6:10]), int(day[3:5]), int(day[0:2])),
                        projects[project],
                        sources[source],
                        int(year),
                        kind,
                        int(amount),
                        int(recovered) if recovered else 0,
                    )
                )
                if len(batch) >= chunk:
                    tick = time.perf_counter()
                    write(cursor, batch)
                    inserting += time.perf_counter() - tick
                    rows += len(batch)
                    batch = []
            if batch:
                tick = time.perf_counter()
                write(cursor, batch)
                inserting += time.perf_counter() - tick
                rows += len(batch)
    return rows, time.perf_counter() - started, inserting, time.process_time() - cpu


def empty_treasury_table(vendor: str) -> None:
    """Back to the state before the raw load: an empty table with the same indexes."""
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("TRUNCATE capital_treasuryline RESTART IDENTITY CASCADE")
        else:
            cursor.execute("DELETE FROM capital_treasuryline")
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = 'capital_treasuryline'")
            cursor.execute("VACUUM")


def add_targets(year: int) -> None:
    from giaingan.capital.models import DisbursementTarget

    DisbursementTarget.objects.bulk_create(
        DisbursementTarget(plan_year=year, due_date=due, share_percent=Decimal(share))
        for due, share in [
            (dt.date(year, 6, 30), "40"),
            (dt.date(year, 9, 30), "60"),
            (dt.date(year, 12, 31), "95"),
            (dt.date(year + 1, 1, 31), "100"),
        ]
    )


# ---------------------------------------------------------------------------------------
# The report through the figures, and by hand.


def hundredths(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def figures_report(year: int, as_of: dt.date, parts: dict[str, float] | None = None) -> Any:
    from giaingan.figures.selectors import Figures

    # One Figures object per report, as the dashboard uses it: the per-project sums are
    # read once and folded into investors.
    tick = time.perf_counter()
    figures = Figures(year=year, as_of=as_of)
    by_project = figures.table("project")
    tock = time.perf_counter()
    by_investor = figures.table("investor")
    tuck = time.perf_counter()
    series = figures.series()
    end = time.perf_counter()
    if parts is not None:
        parts.update(by_project=tock - tick, by_investor=tuck - tock, monthly=end - tuck)
    return by_project, by_investor, series


def figures_as_report(result: Any) -> Report:
    by_project, by_investor, series = result

    def rows(table: Any) -> tuple[Rows, tuple]:
        found = [
            (
                row.code,
                row.name,
                row.plan,
                row.disbursed,
                row.outstanding_advance,
                hundredths(row.rate_percent),
                row.rank,
                hundredths(row.target_gap_points),
            )
            for row in table.rows
        ]
        total = table.total
        return found, (
            total.plan,
            total.disbursed,
            total.outstanding_advance,
            hundredths(total.rate_percent),
            hundredths(total.target_gap_points),
        )

    project_rows, project_total = rows(by_project)
    investor_rows, investor_total = rows(by_investor)
    monthly = [
        (
            point.month,
            point.plan,
            point.disbursed,
            hundredths(point.rate_percent),
            hundredths(point.target_percent),
        )
        for point in series.get(None, [])
    ]
    return Report(project_rows, project_total, investor_rows, investor_total, monthly)


PLAN_WHERE = "e.plan_year = %s AND e.decision_date <= %s AND e.kind <> 'keo_dai'"
LINE_WHERE = "t.plan_year = %s AND t.value_date <= %s"
LINE_SUMS = (
    "SUM(t.amount - t.recovered_advance), "
    "SUM(CASE WHEN t.kind = 'tam_ung' THEN t.amount ELSE 0 END) - SUM(t.recovered_advance)"
)
# Plan and lines aggregated apart, stacked, summed per group and named: groups with a plan
# or a line, like the figures. CAST because PostgreSQL's SUM(bigint) is numeric.
RAW_BY_PROJECT = f"""
SELECT n.code, n.name, CAST(SUM(x.plan) AS BIGINT), CAST(SUM(x.disbursed) AS BIGINT),
       CAST(SUM(x.outstanding) AS BIGINT)
FROM (
    SELECT e.project_id AS g, SUM(e.amount) AS plan, 0 AS disbursed, 0 AS outstanding
    FROM capital_planentry e WHERE {PLAN_WHERE} GROUP BY e.project_id
    UNION ALL
    SELECT t.project_id, 0, {LINE_SUMS}
    FROM capital_treasuryline t WHERE {LINE_WHERE} GROUP BY t.project_id
) x JOIN capital_project n ON n.id = x.g
GROUP BY n.id, n.code, n.name
"""
# Per project first (a few thousand rows), then projects joined to their investor: cheaper
# than joining every treasury line to its project.
RAW_BY_INVESTOR = f"""
SELECT n.code, n.name, CAST(SUM(x.plan) AS BIGINT), CAST(SUM(x.disbursed) AS BIGINT),
       CAST(SUM(x.outstanding) AS BIGINT)
FROM (
    SELECT e.project_id AS g, SUM(e.amount) AS plan, 0 AS disbursed, 0 AS outstanding
    FROM capital_planentry e WHERE {PLAN_WHERE} GROUP BY e.project_id
    UNION ALL
    SELECT t.project_id, 0, {LINE_SUMS}
    FROM capital_treasuryline t WHERE {LINE_WHERE} GROUP BY t.project_id
) x JOIN capital_project p ON p.id = x.g JOIN org_unit n ON n.id = p.investor_id
GROUP BY n.id, n.code, n.name
"""
# By day, not by month: no function per row, and the (plan_year, value_date) index gives
# the days in order; days are bucketed into months in Python.
RAW_PLAN_BY_DAY = (
    f"SELECT e.decision_date, CAST(SUM(e.amount) AS BIGINT) FROM capital_planentry e "
    f"WHERE {PLAN_WHERE} GROUP BY e.decision_date"
)
RAW_PAID_BY_DAY = (
    "SELECT t.value_date, CAST(SUM(t.amount - t.recovered_advance) AS BIGINT) "
    f"FROM capital_treasuryline t WHERE {LINE_WHERE} GROUP BY t.value_date"
)
RAW_TARGETS = (
    "SELECT due_date, share_percent FROM capital_disbursementtarget WHERE plan_year = %s "
    "ORDER BY due_date"
)


def rate_hundredths(part: int, whole: int) -> int | None:
    """part / whole x 100 in 1/100 %, rounded half-up (away from zero), None without a base."""
    if whole <= 0:
        return None
    quotient, remainder = divmod(abs(part) * 10000, whole)
    if 2 * remainder >= whole:
        quotient += 1
    return quotient if part >= 0 else -quotient


def cut_hundredths(part: int, whole: int) -> int | None:
    """part / whole x 100 in 1/100 %, cut down (the rate people read), None without a base."""
    return None if whole <= 0 else part * 10000 // whole


def as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def raw_table(cursor: Any, query: str, params: list, share: int | None) -> tuple[Rows, tuple]:
    cursor.execute(query, params)
    found: list[list] = []
    for code, name, plan, disbursed, outstanding in cursor.fetchall():
        rate = rate_hundredths(disbursed, plan)
        # The gap to a target is from the rate as shown: behind never reads as met.
        gap = None if rate is None or share is None else cut_hundredths(disbursed, plan) - share
        found.append([code, name, plan, disbursed, outstanding, rate, None, gap])
    found.sort(key=lambda row: (row[0] == "", row[0]))
    # Ranked by the exact rate (the figures' rule: rates compared in đồng, never rounded):
    # floor(disbursed / plan x 10^40) orders any two plans of at most 10^18 đồng exactly.
    exact = {id(row): row[3] * 10**40 // row[2] for row in found if row[5] is not None}
    rated = sorted((row for row in found if row[5] is not None), key=lambda row: -exact[id(row)])
    previous_rate, previous_rank = None, 0
    for position, row in enumerate(rated, start=1):
        if exact[id(row)] != previous_rate:
            previous_rate, previous_rank = exact[id(row)], position
        row[6] = previous_rank
    plan = sum(row[2] for row in found)
    disbursed = sum(row[3] for row in found)
    outstanding = sum(row[4] for row in found)
    rate = rate_hundredths(disbursed, plan)
    total = (
        plan,
        disbursed,
        outstanding,
        rate,
        None if rate is None or share is None else cut_hundredths(disbursed, plan) - share,
    )
    return [tuple(row) for row in found], total


def month_ends(year: int, as_of: dt.date) -> list[tuple[str, dt.date]]:
    ends = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        if first > as_of:
            break
        following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        ends.append((f"{year:04d}-{month:02d}", min(following - dt.timedelta(days=1), as_of)))
    return ends


def raw_report(year: int, as_of: dt.date, parts: dict[str, float] | None = None) -> Report:
    from django.db import connection

    tick = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(RAW_TARGETS, [year])
        targets = [
            (as_date(due), int(round(Decimal(str(share)) * 100)))
            for due, share in cursor.fetchall()
        ]
        due = [share for day, share in targets if day <= as_of]
        share = due[-1] if due else None
        params = [year, as_of]
        project_rows, project_total = raw_table(cursor, RAW_BY_PROJECT, params + params, share)
        tock = time.perf_counter()
        investor_rows, investor_total = raw_table(cursor, RAW_BY_INVESTOR, params + params, share)
        tuck = time.perf_counter()
        ends = month_ends(year, as_of)
        first_month = ends[0][0]
        plan_by: dict[str, int] = {}
        cursor.execute(RAW_PLAN_BY_DAY, params)
        for day, amount in cursor.fetchall():
            month = max(str(day)[:7], first_month)  # earlier decisions count from January
            plan_by[month] = plan_by.get(month, 0) + amount
        paid_by: dict[str, int] = {}
        cursor.execute(RAW_PAID_BY_DAY, params)
        for day, amount in cursor.fetchall():
            month = max(str(day)[:7], first_month)
            paid_by[month] = paid_by.get(month, 0) + amount
        monthly: Rows = []
        if plan_by or paid_by:
            plan = paid = 0
            for month, end in ends:
                plan += plan_by.get(month, 0)
                paid += paid_by.get(month, 0)
                reached = [share for day, share in targets if day <= end]
                monthly.append(
                    (
                        month,
                        plan,
                        paid,
                        rate_hundredths(paid, plan),
                        reached[-1] if reached else None,
                    )
                )
    end = time.perf_counter()
    if parts is not None:
        parts.update(by_project=tock - tick, by_investor=tuck - tock, monthly=end - tuck)
    return Report(project_rows, project_total, investor_rows, investor_total, monthly)


def check_same(ours: Report, raw: Report, made: Generated) -> None:
    """Fail loudly unless the figures, the raw SQL and the generator agree."""
    problems = []
    for name in ("by_project", "project_total", "by_investor", "investor_total", "monthly"):
        left, right = getattr(ours, name), getattr(raw, name)
        if left == right:
            continue
        if isinstance(left, list):
            if len(left) != len(right):
                problems.append(f"{name}: {len(left)} rows from figures, {len(right)} raw")
            for a, b in zip(left, right, strict=False):
                if a != b:
                    problems.append(f"{name}: figures {a} != raw {b}")
                    break
        else:
            problems.append(f"{name}: figures {left} != raw {right}")
    expected = (made.plan_total, made.disbursed_total, made.outstanding_total)
    if ours.project_total[:3] != expected:
        problems.append(
            f"total (plan, disbursed, outstanding) {ours.project_total[:3]} != {expected}"
        )
    if ours.investor_total[:3] != expected:
        problems.append(f"investor total {ours.investor_total[:3]} != generated {expected}")
    if ours.monthly and ours.monthly[-1][1:3] != expected[:2]:
        problems.append(f"monthly at as_of {ours.monthly[-1][1:3]} != generated {expected[:2]}")
    if problems:
        print("\nREPORT MISMATCH:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        sys.exit(1)


def profiled(label: str, workdir: Path, function: Callable[[], Any]) -> Any:
    profile = cProfile.Profile()
    result = profile.runcall(function)
    path = workdir / f"{label}.pstats"
    profile.dump_stats(path)
    text = io.StringIO()
    stats = pstats.Stats(profile, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(25)
    (workdir / f"{label}.txt").write_text(text.getvalue())
    print(f"profile of {label}: {path} (summary in {label}.txt)")
    return result


# ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Import and report benchmark (see bench/README.md)."
    )
    parser.add_argument("--scale", choices=list(SCALES), default="district")
    parser.add_argument("--projects", type=int, help="override the scale's project count")
    parser.add_argument("--lines", type=int, help="override the scale's treasury line count")
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:port/name (created if missing; must be empty unless "
        "--recreate), or sqlite:////abs/new.sqlite3; default: a fresh temp SQLite file",
    )
    parser.add_argument(
        "--recreate", action="store_true", help="PostgreSQL: drop and create the database"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and CSV files")
    parser.add_argument("--runs", type=int, default=5, help="report runs (best is kept)")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--seed", type=int, default=20240930)
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="SQLite: run ANALYZE before the report (PostgreSQL always does, as autovacuum would)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile import and report")
    parser.add_argument(
        "--treasury-by",
        choices=["importer", "raw", "copy"],
        default="importer",
        help="how treasury lines reach the ledger: the importer, timed against a raw load "
        "(default); or only a raw load, executemany or COPY (PostgreSQL), to measure the "
        "report at a scale the importer takes too long for (import figures are then 'na')",
    )
    parser.add_argument("--workdir", type=Path, help="where to write CSV files (default: temp)")
    parser.add_argument(
        "--catalogue-only",
        action="store_true",
        help="stop after the units, projects and plan imports (their rows/s in a CATALOGUE "
        "line); no treasury lines and no report",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scale = SCALES[args.scale]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix=f"giaingan-bench-{scale.name}-"))
    workdir.mkdir(parents=True, exist_ok=True)
    database = prepare_database(args, workdir)
    steps: list[Step] = []
    try:
        return run(args, scale, workdir, database, steps)
    finally:
        if database.vendor == "postgresql" and database.created and not args.keep:
            drop_database(database)
        if args.keep:
            print(f"kept: {workdir} ({database.url})")
        elif args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def run(
    args: argparse.Namespace, scale: Any, workdir: Path, database: Database, steps: list[Step]
) -> int:
    year = args.year
    as_of = dt.date(year, 9, 30)
    made = generate(
        workdir / "csv",
        scale,
        year=year,
        as_of=as_of,
        projects=args.projects,
        lines=0 if args.catalogue_only and args.lines is None else args.lines,
        seed=args.seed,
    )
    steps.append(Step("generate CSV (bench/generate.py)", made.seconds, made.lines))

    setup_django(database, workdir)
    from django.core.management import call_command
    from django.db import connection

    from giaingan.imports.importers import (
        PlanImporter,
        ProjectImporter,
        TreasuryImporter,
        UnitImporter,
    )

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    steps.append(Step("migrate a fresh database", time.perf_counter() - started))
    print(
        f"{scale.name} on {engine_name(connection)}: "
        f"{made.units} units, {made.projects} projects, {made.plan_entries} plan entries, "
        f"{made.lines} treasury lines; report for {year} as of {as_of:%d/%m/%Y}\n"
        f"code at {source_revision()}; load average {load_average()} on {os.cpu_count()} CPUs",
        flush=True,
    )

    for label, importer, kind, count in [
        ("UnitImporter", UnitImporter, "units", made.units),
        ("ProjectImporter", ProjectImporter, "projects", made.projects),
        ("PlanImporter", PlanImporter, "plan", made.plan_entries),
    ]:
        result, seconds, cpu = run_importer(importer, made.files[kind])
        expect(result.created == count, f"{label} created {result.created} rows of {count}")
        steps.append(Step(f"import {kind} ({label})", seconds, count, cpu=cpu))
        print(f"  {steps[-1].label}: {seconds:.2f} s", flush=True)
    catalogue = " ".join(
        f"{kind}_rows_per_s={step.rows / step.seconds:.0f}"
        for kind, step in zip(("units", "projects", "plan"), steps[-3:], strict=True)
    )
    if args.catalogue_only:
        print_table(steps)
        print(f"load average at the end: {load_average()}")
        print(f"CATALOGUE scale={scale.name} {catalogue}")
        return 0
    add_targets(year)

    ours_seconds: float | None = None
    if args.treasury_by == "importer":
        raw_rows, raw_seconds, insert_seconds, raw_cpu = raw_load(made.files["treasury"])
        expect(raw_rows == made.lines, f"raw load wrote {raw_rows} rows of {made.lines}")
        empty_treasury_table(connection.vendor)
        steps.append(
            Step("raw load treasury (csv + executemany)", raw_seconds, raw_rows, cpu=raw_cpu)
        )
        steps.append(Step("  of which executemany alone", insert_seconds, raw_rows))
        print(f"  raw load: {raw_seconds:.2f} s", flush=True)

        def import_treasury() -> tuple[Any, float, float]:
            return run_importer(TreasuryImporter, made.files["treasury"])

        if args.profile:
            result, ours_seconds, ours_cpu = profiled("import_treasury", workdir, import_treasury)
        else:
            result, ours_seconds, ours_cpu = import_treasury()
        created = result.created
        steps.append(
            Step("import treasury (TreasuryImporter)", ours_seconds, made.lines, cpu=ours_cpu)
        )
    else:
        # Only to fill the ledger for the report at a scale the importer takes too long for.
        use_copy = args.treasury_by == "copy"
        if use_copy and connection.vendor != "postgresql":
            sys.exit("--treasury-by copy needs PostgreSQL")
        raw_rows, raw_seconds, insert_seconds, raw_cpu = raw_load(
            made.files["treasury"], copy=use_copy
        )
        created = raw_rows
        how = "COPY" if use_copy else "executemany"
        steps.append(
            Step(f"raw load treasury (csv + {how}), kept", raw_seconds, raw_rows, cpu=raw_cpu)
        )
        steps.append(Step(f"  of which {how} alone", insert_seconds, raw_rows))
        # The raw load bypasses the books, which keep LedgerMonth: make it from the ledger.
        from giaingan.capital.months import ledger_months_rebuild

        started, cpu = time.perf_counter(), time.process_time()
        months = ledger_months_rebuild()
        steps.append(
            Step(
                "rebuild LedgerMonth (ledger_months_rebuild)",
                time.perf_counter() - started,
                months,
                cpu=time.process_time() - cpu,
            )
        )
    from giaingan.capital.models import TreasuryLine

    stored = TreasuryLine.objects.count()
    expect(
        created == made.lines == stored,
        f"treasury lines: {created} written, table holds {stored}, file has {made.lines}",
    )
    shown = steps[-1] if ours_seconds is not None else steps[-3]
    print(f"  {shown.label}: {shown.seconds:.2f} s", flush=True)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    elif args.analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # The report: once to check both give the same, then best of `runs`, alternating.
    ours = figures_as_report(figures_report(year, as_of))
    raw = raw_report(year, as_of)
    check_same(ours, raw, made)
    ours_timings, raw_timings = Timings(), Timings()
    for _ in range(args.runs):
        parts: dict[str, float] = {}
        cpu = time.process_time()
        figures_report(year, as_of, parts)
        ours_timings.add(parts, time.process_time() - cpu)
        parts = {}
        cpu = time.process_time()
        raw_report(year, as_of, parts)
        raw_timings.add(parts, time.process_time() - cpu)
    if args.profile:
        profiled("report", workdir, lambda: figures_report(year, as_of))
    report_s, raw_report_s = min(ours_timings.total), min(raw_timings.total)
    rows = f"{len(ours.by_project)}+{len(ours.by_investor)}+{len(ours.monthly)} rows"
    steps.append(
        Step(
            f"report, figures (best of {args.runs})",
            report_s,
            note=rows,
            cpu=min(ours_timings.cpu),
        )
    )
    for name, values in ours_timings.parts.items():
        steps.append(Step(f"  {name}", min(values)))
    steps.append(
        Step(
            f"report, raw SQL (best of {args.runs})",
            raw_report_s,
            note=rows,
            cpu=min(raw_timings.cpu),
        )
    )
    for name, values in raw_timings.parts.items():
        steps.append(Step(f"  {name}", min(values)))

    print_table(steps)
    print(f"load average at the end: {load_average()}")
    print(f"CATALOGUE scale={scale.name} {catalogue}")
    if ours_seconds is None:
        import_rate = import_ratio = "na"
    else:
        import_rate = f"{made.lines / ours_seconds:.0f}"
        import_ratio = f"{(made.lines / ours_seconds) / (raw_rows / raw_seconds):.2f}"
    print(
        f"RESULT scale={scale.name} lines={made.lines} import_rows_per_s={import_rate} "
        f"import_vs_raw={import_ratio} report_ms={report_s * 1000:.1f} "
        f"report_vs_raw={report_s / raw_report_s:.2f}"
    )
    return 0


def source_revision() -> str:
    """The commit the measured code is at, "+dirty" if src/ has changes."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+dirty" if dirty else "")


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def engine_name(connection: Any) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def print_table(steps: list[Step]) -> None:
    print()
    print(f"{'step':<44} {'rows':>10} {'seconds':>10} {'ms':>10} {'rows/s':>10} {'cpu s':>8}  note")
    print("-" * 108)
    for step in steps:
        rows = "" if step.rows is None else f"{step.rows:,}"
        rate = f"{step.rows / step.seconds:,.0f}" if step.rows and step.seconds else ""
        cpu = "" if step.cpu is None else f"{step.cpu:.3f}"
        print(
            f"{step.label:<44} {rows:>10} {step.seconds:>10.3f} {step.seconds * 1000:>10.1f} "
            f"{rate:>10} {cpu:>8}  {step.note}"
        )
    print("(cpu s: this process's CPU time; on PostgreSQL the server's work is not in it)")
    print()


if __name__ == "__main__":
    sys.exit(main())
