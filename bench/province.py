"""Load a province's generated data beside what a database already holds (the demo district).

    .venv/bin/python bench/province.py --database-url sqlite:////abs/db.sqlite3 --workdir DIR
                                       [--projects P] [--lines N]

Writes the four files of `bench/generate.py` at province scale in DIR/csv, then brings them
in through the real importers (units, projects, plan, treasury), as an official would, and
runs ANALYZE. Unit and project codes (T01..., DA-...) never meet the demo's (VQ...). Does
nothing if the province is already there (its first project exists). `bench/load.py
--scale province` calls it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from generate import SCALES, generate

FIRST_PROJECT = "DA-000001"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--projects", type=int)
    parser.add_argument("--lines", type=int)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaingan.settings")
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    import django

    django.setup()
    from django.db import connection

    from giaingan.capital.models import Project
    from giaingan.imports.importers import (
        PlanImporter,
        ProjectImporter,
        TreasuryImporter,
        UnitImporter,
    )

    if Project.objects.filter(code=FIRST_PROJECT).exists():
        print("province already loaded", flush=True)
        return 0
    made = generate(
        args.workdir / "csv",
        SCALES["province"],
        year=args.year,
        projects=args.projects,
        lines=args.lines,
    )
    for label, importer_class in [
        ("units", UnitImporter),
        ("projects", ProjectImporter),
        ("plan", PlanImporter),
        ("treasury", TreasuryImporter),
    ]:
        started = time.perf_counter()
        with made.files[label].open("rb") as stream:
            result = importer_class(user=None, dry_run=False).run(stream, f"{label}.csv")
        if not result.ok:
            for problem in result.problems[:10]:
                print(f"  {problem}", file=sys.stderr)
            raise SystemExit(f"import of {label}.csv failed: {result.summary()}")
        print(
            f"  {label}: {result.created} rows in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"province loaded: {made.projects} projects, {made.plan_entries} plan entries, "
        f"{made.lines} treasury lines",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
