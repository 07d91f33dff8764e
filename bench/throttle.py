"""What the API's request limit costs a request: the sliding list of moments rewritten per
request (`throttle_check`, as the API counted before) against the fixed-window counter
(`throttle_count`, one UPDATE), alternating in one process, best of several rounds.

    .venv/bin/python bench/throttle.py --database-url sqlite:////work/benchdata/tasks/throttle.sqlite3

Migrates the database if needed; each round counts `--requests` requests of one client
whose window already holds `--already` of them (the list a busy client's key carries).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--already", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaingan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from giaingan.public.models import ThrottleBucket, ThrottleCounter
    from giaingan.public.throttle import throttle_check, throttle_count

    call_command("migrate", verbosity=0)
    limit = args.already + args.requests * (args.rounds + 1) + 1
    window = dt.timedelta(hours=1)
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    ways = {"sliding list (before)": throttle_check, "fixed-window counter (after)": throttle_count}
    best = dict.fromkeys(ways, float("inf"))
    for _ in range(args.rounds):
        for name, count in ways.items():
            ThrottleBucket.objects.all().delete()
            ThrottleCounter.objects.all().delete()
            base = start + dt.timedelta(seconds=1)
            ThrottleBucket.objects.create(
                key="bench",
                hits=[
                    (base + dt.timedelta(milliseconds=i)).isoformat() for i in range(args.already)
                ],
                updated_at=base,
                expires_at=base + window,
            )
            ThrottleCounter.objects.create(
                key="bench", window_start=start, hits=args.already, expires_at=start + window
            )
            moments = [base + dt.timedelta(seconds=1, milliseconds=i) for i in range(args.requests)]
            began = time.perf_counter()
            for moment in moments:
                assert count(key="bench", limit=limit, window=window, now=moment).admitted
            best[name] = min(best[name], (time.perf_counter() - began) / args.requests)
    for name, seconds in best.items():
        print(f"{name}: {seconds * 1e6:.0f} µs per request")
    before, after = best.values()
    print(
        f"RESULT throttle already={args.already} before_us={before * 1e6:.0f} "
        f"after_us={after * 1e6:.0f} ratio={after / before:.2f}"
    )


if __name__ == "__main__":
    main()
