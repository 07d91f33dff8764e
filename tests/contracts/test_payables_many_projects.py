"""Past MANY_IDS projects the investors are read from the whole project table: the same
rows per investor as through the list of ids."""

from __future__ import annotations

import datetime as dt

from giaingan.figures import payables
from giaingan.figures.payables import payables_by_investor
from tests.conftest import make_project, pay, plan
from tests.contracts.conftest import accept


def test_many_projects_fold_into_the_same_investors(
    contract, project, people, district, monkeypatch
):
    accept(contract, people["bqlda"], 600_000_000, dt.date(2024, 6, 1), "NT-1")
    other = make_project("TD-9", district["tandoan"], district["tandoan"])
    plan(other, 500_000_000)
    pay(other, 120_000_000, on=dt.date(2024, 7, 1))
    narrow = payables_by_investor(as_of=dt.date(2024, 9, 30), plan_year=2024)
    monkeypatch.setattr(payables, "MANY_IDS", 1)
    whole = payables_by_investor(as_of=dt.date(2024, 9, 30), plan_year=2024)
    assert whole == narrow
    assert set(whole) == {project.investor_id, district["tandoan"].pk}
    assert whole[district["tandoan"].pk].year_disbursed == 120_000_000
    assert whole[project.investor_id].unpaid == 600_000_000
