"""A small ledger for the reports: two years, two sources, an agency, targets by date and
an overdue obstacle, on the shared cast (used by tests/reporting and the browser journey)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from giaingan.capital.models import DisbursementTarget
from giaingan.monitoring.models import Obstacle, ObstacleKind
from tests.conftest import advance, make_project, pay, plan


def report_ledger(district) -> dict:
    board, tandoan, vanan = district["board"], district["tandoan"], district["vanan"]
    made = {
        "BQ-1": make_project("BQ-1", board, tandoan, agency=district["committee"]),
        "BQ-2": make_project("BQ-2", board, vanan),
        "TD-1": make_project("TD-1", tandoan, tandoan),
    }
    # 2023, for the same period last year
    plan(made["BQ-1"], 800_000_000, on=dt.date(2022, 12, 20), year=2023)
    pay(made["BQ-1"], 300_000_000, on=dt.date(2023, 8, 1), year=2023)
    pay(made["BQ-1"], 100_000_000, on=dt.date(2023, 9, 15), year=2023)
    # 2024
    plan(made["BQ-1"], 1_000_000_000)
    plan(made["BQ-2"], 600_000_000, source_code="NSDP-TINH")
    plan(made["TD-1"], 400_000_000)
    pay(made["BQ-1"], 250_000_000, on=dt.date(2024, 6, 10))
    pay(made["BQ-1"], 150_000_000, on=dt.date(2024, 8, 20))
    advance(made["BQ-2"], 120_000_000, on=dt.date(2024, 7, 15), source_code="NSDP-TINH")
    pay(made["TD-1"], 100_000_000, on=dt.date(2024, 9, 5))
    pay(made["TD-1"], 33_333_333, on=dt.date(2024, 9, 28))
    for due, share in [
        (dt.date(2024, 6, 30), 30),
        (dt.date(2024, 9, 30), 60),
        (dt.date(2024, 12, 31), 95),
    ]:
        DisbursementTarget.objects.create(
            plan_year=2024, due_date=due, share_percent=Decimal(share)
        )
    Obstacle.objects.create(
        project=made["BQ-2"],
        kind=ObstacleKind.SITE_CLEARANCE,
        description="Chưa bàn giao mặt bằng đoạn Km2",
        responsible_unit=vanan,
        opened_on=dt.date(2024, 7, 1),
        due_date=dt.date(2024, 8, 31),
    )
    return made
