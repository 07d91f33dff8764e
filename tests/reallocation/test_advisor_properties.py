"""A proposal never changes a source's total, and never takes a project below what it has
disbursed or below its accepted-not-paid value (hypothesis, on forecasts built in memory)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from giaingan.figures.advisor import STEP, Need, advise, plan_changes
from giaingan.figures.forecast import (
    PPM,
    Estimate,
    Forecast,
    Profile,
    ProjectForecast,
    project_estimates,
)

PROFILE = Profile(
    share=550_000,
    share_low=450_000,
    share_high=650_000,
    year_end_rate=900_000,
    rate_low=800_000,
    rate_high=PPM,
    years=(2023,),
)
MILLION = 1_000_000


@st.composite
def district(draw):
    """Up to 12 projects, each with 1-2 of 3 sources, plans, disbursements, owed money,
    key flags, and some registered needs."""
    count = draw(st.integers(min_value=2, max_value=12))
    sums: dict[int, dict[int, tuple[int, int]]] = {}
    owed: dict[int, int] = {}
    keys: dict[int, bool] = {}
    for project in range(1, count + 1):
        sources = draw(st.sets(st.integers(1, 3), min_size=1, max_size=2))
        sums[project] = {}
        for source in sources:
            plan = draw(st.integers(0, 50_000)) * MILLION
            paid = plan * draw(st.integers(0, 100)) // 100
            sums[project][source] = (plan, paid)
        owed[project] = draw(st.integers(0, 30_000)) * MILLION
        keys[project] = draw(st.booleans())
    needs = [
        Need(
            project_id=draw(st.integers(1, count)),
            source_id=draw(st.integers(1, 3)),
            amount=draw(st.integers(1, 20_000)) * MILLION,
            can_finish_first=draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    pairs = project_estimates(
        sums=sums, accepted_unpaid=owed, scheduled={}, profile=PROFILE, closed=False
    )
    totals: dict[int, list] = defaultdict(list)
    for (project, _), estimate in pairs.items():
        totals[project].append(estimate)
    rows = []
    for project in sorted(sums):
        row = ProjectForecast(project, f"P{project:02d}", f"Dự án {project}", keys[project], None)
        row.estimate = Estimate()
        for estimate in totals[project]:
            row.estimate.add(estimate)
        rows.append(row)
    total = Estimate()
    for row in rows:
        total.add(row.estimate)
    forecast = Forecast(
        2024,
        dt.date(2024, 10, 15),
        dt.date(2025, 1, 31),
        PROFILE,
        pairs,
        rows,
        total,
        {1: "NSDP-HUYEN", 2: "NSDP-TINH", 3: "NSTW"},
    )
    return forecast, needs


@given(district())
def test_a_proposal_keeps_every_source_whole_and_no_project_below_its_floor(case):
    forecast, needs = case
    moves = advise(forecast=forecast, needs=needs)
    changes = plan_changes(moves)
    by_source: dict[int, int] = defaultdict(int)
    for (_, source), change in changes.items():
        by_source[source] += change
    assert all(net == 0 for net in by_source.values())
    for (project, source), change in changes.items():
        estimate = forecast.pairs.get((project, source))
        if change < 0:
            assert estimate is not None
            after = estimate.plan + change
            assert after >= estimate.disbursed + estimate.accepted_unpaid
    for move in moves:
        assert move.amount > 0 and move.amount % STEP == 0
        assert move.giver != move.taker
        assert move.reason


@given(district())
def test_a_giver_keeps_what_it_has_disbursed_and_what_it_owes(case):
    forecast, needs = case
    for move in advise(forecast=forecast, needs=needs):
        estimate = forecast.pairs[(move.giver, move.source)]
        given_away = sum(
            other.amount
            for other in advise(forecast=forecast, needs=needs)
            if (other.giver, other.source) == (move.giver, move.source)
        )
        assert estimate.plan - given_away >= estimate.disbursed + estimate.accepted_unpaid


@given(district(), st.data())
def test_a_giver_gives_no_more_than_its_cap(case, data):
    """With caps (what the plan book lets a cut take: `give_caps`), a giver's moves add up
    to at most its cap, a pair without one gives nothing, and with caps at least the
    surpluses the proposal is the same as without."""
    forecast, needs = case
    pairs = sorted(forecast.pairs)
    caps = {
        pair: data.draw(st.integers(0, 60_000)) * MILLION // 3
        for pair in data.draw(st.lists(st.sampled_from(pairs), unique=True))
    }
    given_away: dict[tuple[int, int], int] = defaultdict(int)
    for move in advise(forecast=forecast, needs=needs, caps=caps):
        given_away[(move.giver, move.source)] += move.amount
    assert all(amount <= caps.get(pair, 0) for pair, amount in given_away.items())
    plenty = {pair: estimate.plan for pair, estimate in forecast.pairs.items()}
    assert advise(forecast=forecast, needs=needs, caps=plenty) == advise(
        forecast=forecast, needs=needs
    )
