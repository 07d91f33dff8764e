"""Server time of the dashboard and the project list beside the figures' own time.

    .venv/bin/python bench/run.py --scale province --keep --workdir /tmp/bench-province
    .venv/bin/python bench/pages.py --database-url sqlite:////tmp/bench-province/bench.sqlite3

Renders each page through Django's test client (no network: server time only) as a
Finance-Planning user, best of several runs, and times the figures the page calls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time


def best_ms(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaingan.settings")
    # Time the figures themselves, not the figures cache (best of N would hit it; bench/load.py
    # measures the cache).
    os.environ.setdefault("FIGURES_CACHE_SECONDS", "0")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from giaingan.figures.selectors import Figures
    from giaingan.org.models import Membership, Role, Unit

    user, _ = get_user_model().objects.get_or_create(username="bench.tckh")
    unit = Unit.objects.order_by("id").first()
    Membership.objects.get_or_create(user=user, unit=unit, role=Role.FINANCE_PLANNING)
    client = Client()
    client.force_login(user)
    as_of = dt.date(args.year, 9, 30)
    query = f"year={args.year}&as_of={as_of:%d/%m/%Y}"

    def dashboard_figures() -> None:
        figures = Figures(year=args.year, as_of=as_of)
        for grouping in ("project", "investor", "source", "commune"):
            figures.table(grouping)
        figures.series()
        Figures(year=args.year - 1, as_of=dt.date(args.year, 1, 31)).series()

    def page(path: str):
        def get() -> None:
            response = client.get(path, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, response.status_code

        return get

    rows = [
        ("dashboard page", best_ms(page(f"/?{query}"), args.runs)),
        ("  its figures", best_ms(dashboard_figures, args.runs)),
        ("project list page", best_ms(page(f"/du-an/?{query}&sort=rate"), args.runs)),
        (
            "  its figures",
            best_ms(lambda: Figures(year=args.year, as_of=as_of).table("project"), args.runs),
        ),
    ]
    for name, ms in rows:
        print(f"{name:<22}{ms:>10.1f} ms")
    print(f"PAGES dashboard_ms={rows[0][1]:.0f} project_list_ms={rows[2][1]:.0f}")


if __name__ == "__main__":
    main()
