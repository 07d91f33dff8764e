"""Server time and size of a project's page when the project has many treasury lines.

    .venv/bin/python bench/project_page.py --lines 17000 --workdir /tmp/bench-project

Makes a fresh SQLite database in WORKDIR, one project with a plan and LINES treasury lines
imported from a treasury statement through the real importer, then renders the project's
page (first and a middle page of its lines) and its downloads through Django's test client
as a Finance-Planning user (no network: server time only), best of several runs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import time
from pathlib import Path


def best(action, runs: int) -> tuple[float, int]:
    timings = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = action()
        timings.append(time.perf_counter() - start)
    return min(timings) * 1000, size


def write_statement(path: Path, lines: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["so_chung_tu", "ngay", "ma_du_an", "nguon_von", "nam_ke_hoach", "loai", "so_tien"]
        )
        for number in range(1, lines + 1):
            day = dt.date(2024, 1, 2) + dt.timedelta(days=number * 360 // lines)
            writer.writerow(
                [f"KB-{number:06d}", f"{day:%d/%m/%Y}", "DA-LON", "NSDP-HUYEN", 2024]
                + ["thanh_toan", 1_000_000]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=17_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-project-page"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaingan.settings")
    # Time the figures themselves, not the figures cache (best of N would hit it; bench/load.py
    # measures the cache).
    os.environ.setdefault("FIGURES_CACHE_SECONDS", "0")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from giaingan.capital.ledger import PlanInput
    from giaingan.capital.models import FundingSource, PlanKind, Project
    from giaingan.capital.services import plan_decision_record
    from giaingan.imports.importers import IMPORTERS
    from giaingan.org.models import Membership, Role, Unit, UnitKind

    call_command("migrate", verbosity=0)
    committee = Unit.objects.create(code="UBND", name="UBND huyện", kind=UnitKind.COMMITTEE)
    board = Unit.objects.create(
        code="BQLDA", name="Ban QLDA", kind=UnitKind.PROJECT_BOARD, parent=committee
    )
    # The treasury importer books each line to the catalogue's treasury.
    Unit.objects.create(code="KBNN", name="Kho bạc Nhà nước", kind=UnitKind.TREASURY)
    project = Project.objects.create(code="DA-LON", name="Dự án lớn", investor=board)
    plan_decision_record(
        lines=[
            PlanInput(
                decision_number="1/QĐ-UBND",
                decision_date=dt.date(2023, 12, 20),
                kind=PlanKind.INITIAL,
                project_id=project.pk,
                source_id=FundingSource.objects.get(code="NSDP-HUYEN").pk,
                plan_year=2024,
                amount=1_000_000 * args.lines * 2,
            )
        ]
    )
    statement = args.workdir / "treasury.csv"
    write_statement(statement, args.lines)
    start = time.perf_counter()
    with statement.open("rb") as stream:
        result = IMPORTERS["treasury"](user=None, dry_run=False).run(stream, statement.name)
    assert result.ok, result.problems[:3]
    print(f"imported {args.lines} lines in {time.perf_counter() - start:.1f} s")

    user = get_user_model().objects.create_user("bench.tckh")
    Membership.objects.create(user=user, unit=committee, role=Role.FINANCE_PLANNING)
    client = Client()
    client.force_login(user)

    def get(path: str):
        def run() -> int:
            response = client.get(path, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, response.status_code
            return len(response.content)

        return run

    middle = args.lines // 200
    rows = [
        ("project page", *best(get("/du-an/DA-LON/?year=2024&as_of=31/12/2024"), args.runs)),
        (
            "  a middle page",
            *best(get(f"/du-an/DA-LON/?year=2024&as_of=31/12/2024&trang_ct={middle}"), args.runs),
        ),
        ("lines as csv", *best(get("/du-an/DA-LON/chung-tu.csv"), args.runs)),
        ("lines as xlsx", *best(get("/du-an/DA-LON/chung-tu.xlsx"), args.runs)),
    ]
    for name, ms, size in rows:
        print(f"{name:<18}{ms:>10.1f} ms{size / 1024:>12.1f} KiB")
    print(
        f"PROJECT_PAGE lines={args.lines} page_ms={rows[0][1]:.0f} page_kib={rows[0][2] / 1024:.0f}"
    )


if __name__ == "__main__":
    main()
