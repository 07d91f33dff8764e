"""Time and memory of the report's annex workbook and the movement's evaluation workbook.

    .venv/bin/python bench/papers_xlsx.py --communes 220 --investors 450 --participants 700

Builds the periodic report's annex (Biểu 01 to 06 and the targets) for a province's groups
(its funding sources, investors, governing agencies and communes) and a movement's standing
for PARTICIPANTS units, in memory (no database), then times `annex_xlsx` and
`evaluation_xlsx`, best of RUNS, with the peak of Python's memory (tracemalloc) on one more run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
import tracemalloc
from decimal import Decimal


def best(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings) * 1000


def peak(action) -> float:
    tracemalloc.start()
    action()
    _, high = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return high / 1e6


def content(groups: dict[str, int]) -> dict:
    def rows(label: str, count: int) -> list[dict]:
        return [
            {
                "code": f"{label[:2].upper()}-{number:04d}",
                "name": f"{label} số {number} =CMD|' /C calc'!A0",
                "plan": 1_000_000_000 + number * 7_919,
                "disbursed": 400_000_000 + number * 3_571,
                "change": 50_000_000 + number,
                "outstanding_advance": number * 1_000,
            }
            for number in range(1, count + 1)
        ]

    total = {"plan": 10**13, "disbursed": 4 * 10**12, "change": 10**11, "outstanding_advance": 0}
    return {
        "year": 2024,
        "as_of": "2024-09-30",
        "base_label": "kế hoạch vốn giao trong năm",
        "period_phrase": "quý III năm 2024",
        "change_label": "Giải ngân trong kỳ",
        "total": total,
        "last_year": {**total, "year": 2023, "as_of": "2023-09-30"},
        "tables": [
            {"by": by, "label": by, "title": f"Kết quả giải ngân theo {by}", "rows": rows(by, n)}
            for by, n in groups.items()
        ],
        "obstacles": {
            "groups": [
                {
                    "label": f"Nguyên nhân {n}",
                    "open": n,
                    "cleared": 1,
                    "projects": n,
                    "plan_held": n,
                }
                for n in range(1, 9)
            ],
            "total": {"projects": 30, "plan_held": 10**9},
        },
        "targets": [
            {
                "due_date": f"2024-{month:02d}-30",
                "share_percent": "30",
                "plan": 10**13,
                "required": 3 * 10**12,
                "disbursed": 4 * 10**12,
            }
            for month in (6, 9)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=25)
    parser.add_argument("--investors", type=int, default=450)
    parser.add_argument("--agencies", type=int, default=30)
    parser.add_argument("--communes", type=int, default=220)
    parser.add_argument("--participants", type=int, default=700)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaingan.settings")
    import django

    django.setup()
    from giaingan.emulation.evaluation import (
        AUTOMATIC_CRITERIA,
        Criterion,
        Evaluation,
        evaluation_xlsx,
    )
    from giaingan.emulation.models import Category, Movement
    from giaingan.reporting.papers import periodic_xlsx

    report = content(
        {
            "source": args.sources,
            "investor": args.investors,
            "agency": args.agencies,
            "commune": args.communes,
        }
    )
    movement = Movement(
        code="TD-2024",
        name="Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 12, 31),
    )
    evaluations = [
        Evaluation(
            code=f"DV-{number:04d}",
            name=f"Đơn vị số {number}",
            category=Category.values[0],
            plan=1_000_000_000 + number,
            disbursed=900_000_000 + number,
            rate_percent=Decimal("90.00"),
            completion_date=dt.date(2024, 11, 1) if number % 3 else None,
            criteria=[
                Criterion(key, number % 2 == 0, "", label)
                for key, label in AUTOMATIC_CRITERIA.items()
            ],
            rank=number,
            judged_on="Dự án do đơn vị làm chủ đầu tư",
        )
        for number in range(1, args.participants + 1)
    ]
    cells = sum(len(table["rows"]) for table in report["tables"]) * 8
    for name, action, size in (
        ("annex", lambda: periodic_xlsx(report), cells),
        (
            "evaluation",
            lambda: evaluation_xlsx(movement, dt.date(2024, 12, 31), evaluations),
            args.participants * 13,
        ),
    ):
        ms = best(action, args.runs)
        mb = peak(action)
        print(f"RESULT paper={name} body_cells={size} ms={ms:.1f} peak_mb={mb:.1f}")


if __name__ == "__main__":
    main()
