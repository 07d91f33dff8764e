"""Time the report alone on a database `bench/run.py --keep` left, at given as-of dates.

    bench/report.py --database-url URL [--as-of 2024-09-15 --as-of 2024-09-30]
                    [--year 2024] [--runs 5] [--profile DIR]

The report is the one `bench/run.py` times: one `Figures(year, as_of)` asked for
`table("project")`, `table("investor")` and `series()`, against the same hand-written SQL
(`raw_report`), which must give exactly the same rows, totals and monthly points before
anything is timed. Best of `--runs`, the figures and the raw SQL alternating, per as-of
date (default: the 15th and the end of September of the plan year, mid-month and month
end). Nothing is written to the database.

One line per date is machine-readable:

    REPORT as_of=D report_ms=T raw_ms=R report_vs_raw=X report_cpu_s=C
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from run import (
    Database,
    Report,
    Timings,
    engine_name,
    figures_as_report,
    figures_report,
    load_average,
    profiled,
    raw_report,
    setup_django,
    source_revision,
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the report on a kept bench database.")
    parser.add_argument(
        "--database-url",
        required=True,
        help="the database bench/run.py --keep printed: postgres://... or sqlite:////abs/path",
    )
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument(
        "--as-of",
        action="append",
        type=dt.date.fromisoformat,
        help="YYYY-MM-DD, repeatable (default: 15/09 and 30/09 of the year)",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per date (best is kept)")
    parser.add_argument("--profile", type=Path, help="cProfile one report per date into DIR")
    return parser.parse_args(argv)


def differences(ours: Report, raw: Report) -> list[str]:
    problems = []
    for name in ("by_project", "project_total", "by_investor", "investor_total", "monthly"):
        left, right = getattr(ours, name), getattr(raw, name)
        if left == right:
            continue
        if isinstance(left, list) and len(left) == len(right):
            first = next(
                (a, b) for a, b in zip(left, right, strict=True) if a != b
            )  # some row differs
            problems.append(f"{name}: figures {first[0]} != raw {first[1]}")
        elif isinstance(left, list):
            problems.append(f"{name}: {len(left)} rows from figures, {len(right)} raw")
        else:
            problems.append(f"{name}: figures {left} != raw {right}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = args.database_url
    vendor = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    if vendor == "sqlite" and not Path(url.removeprefix("sqlite:///")).exists():
        sys.exit(f"no database at {url}")
    workdir = Path(tempfile.mkdtemp(prefix="giaingan-bench-report-"))
    try:
        setup_django(Database(url=url, vendor=vendor), workdir)
        return measure(args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure(args: argparse.Namespace) -> int:
    from django.db import connection

    dates = args.as_of or [dt.date(args.year, 9, 15), dt.date(args.year, 9, 30)]
    print(
        f"report on {engine_name(connection)}, plan year {args.year}; code at "
        f"{source_revision()}; load average {load_average()} on {os.cpu_count()} CPUs",
        flush=True,
    )
    results = []
    for as_of in dates:
        ours = figures_as_report(figures_report(args.year, as_of))
        problems = differences(ours, raw_report(args.year, as_of))
        if problems:
            print(f"\nREPORT MISMATCH as of {as_of}:", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
            return 1
        mine, theirs = Timings(), Timings()
        for _ in range(args.runs):
            parts: dict[str, float] = {}
            cpu = time.process_time()
            figures_report(args.year, as_of, parts)
            mine.add(parts, time.process_time() - cpu)
            parts = {}
            cpu = time.process_time()
            raw_report(args.year, as_of, parts)
            theirs.add(parts, time.process_time() - cpu)
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            profiled(f"report-{as_of}", args.profile, lambda d=as_of: figures_report(args.year, d))
        rows = f"{len(ours.by_project)}+{len(ours.by_investor)}+{len(ours.monthly)} rows"
        print(f"\nas of {as_of:%d/%m/%Y} ({rows}), best of {args.runs}, ms:")
        print(f"  {'part':<12} {'figures':>9} {'raw SQL':>9}")
        for name in mine.parts:
            print(
                f"  {name:<12} {min(mine.parts[name]) * 1000:>9.1f} "
                f"{min(theirs.parts[name]) * 1000:>9.1f}"
            )
        print(f"  {'total':<12} {min(mine.total) * 1000:>9.1f} {min(theirs.total) * 1000:>9.1f}")
        print(f"  {'cpu (ours)':<12} {min(mine.cpu) * 1000:>9.1f} {min(theirs.cpu) * 1000:>9.1f}")
        results.append((as_of, min(mine.total), min(theirs.total), min(mine.cpu)))
    print(f"\nload average at the end: {load_average()}")
    for as_of, report_s, raw_s, cpu in results:
        print(
            f"REPORT as_of={as_of} report_ms={report_s * 1000:.1f} raw_ms={raw_s * 1000:.1f} "
            f"report_vs_raw={report_s / raw_s:.2f} report_cpu_s={cpu:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
