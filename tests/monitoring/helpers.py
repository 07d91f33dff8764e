"""A small cycle on the shared cast, for the monitoring tests and the browser journey."""

from __future__ import annotations

import datetime as dt

from tests.conftest import make_project, pay, plan


def cycle_projects(district) -> dict:
    """BQ-1 and BQ-2 (the board's; in Tân Đoàn and Văn An), TD-1 (Tân Đoàn's own)."""
    made = {
        "BQ-1": make_project("BQ-1", district["board"], district["tandoan"]),
        "BQ-2": make_project("BQ-2", district["board"], district["vanan"]),
        "TD-1": make_project("TD-1", district["tandoan"], district["tandoan"]),
    }
    plan(made["BQ-1"], 1_000_000_000)
    plan(made["BQ-2"], 600_000_000)
    plan(made["TD-1"], 400_000_000)
    pay(made["BQ-1"], 250_000_000, on=dt.date(2024, 8, 10))
    pay(made["TD-1"], 100_000_000, on=dt.date(2024, 9, 5))
    pay(made["TD-1"], 50_000_000, on=dt.date(2024, 9, 28))  # after the September deadline
    return made
