"""The forecast: its method on a worked example, its bounds, its hooks, its what-if."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.figures.forecast import (
    PPM,
    Estimate,
    Profile,
    blend,
    district_forecast,
    elapsed_share,
    forecast_changed,
    forecast_panel,
    pair_estimate,
    pair_estimator,
    project_estimates,
    project_forecast,
    project_totals,
    seasonal_profile,
    spread,
)
from giaingan.figures.selectors import Figures
from tests.conftest import make_project, pay, plan

BILLION = 1_000_000_000


@pytest.fixture
def history(district):
    """2023: 10 bn planned, 4 bn paid by 30/09/2023, 10 bn by 31/01/2024 (40% by that day,
    a 100% year). 2024: A (10 bn) paid 2 bn by 30/09, B (10 bn) nothing."""
    old = make_project("OLD", district["board"])
    a = make_project("A", district["board"])
    b = make_project("B", district["board"])
    plan(old, 10 * BILLION, on=dt.date(2022, 12, 20), year=2023)
    pay(old, 4 * BILLION, on=dt.date(2023, 6, 1), year=2023)
    pay(old, 6 * BILLION, on=dt.date(2024, 1, 15), year=2023)
    plan(a, 10 * BILLION)
    plan(b, 10 * BILLION)
    pay(a, 2 * BILLION, on=dt.date(2024, 9, 10))
    return {"old": old, "a": a, "b": b}


def test_the_season_comes_from_the_past_years_ledger(history):
    profile = seasonal_profile(year=2024, as_of=dt.date(2024, 9, 30))
    assert profile.years == (2023,)
    assert profile.share == 400_000  # 4 of 10 bn by 30/09
    assert profile.year_end_rate == PPM  # all of the 2023 plan at 31/01/2024


def test_it_blends_the_project_pace_with_the_district_rate(history):
    forecast = district_forecast(year=2024, as_of=dt.date(2024, 9, 30))
    rows = {row.code: row.estimate for row in forecast.projects}
    # A: pace 2 / 40% = 5 bn, district 10 x 100% = 10 bn; 40% on the pace: 2 + 6 = 8 bn.
    assert rows["A"].expected == 8 * BILLION
    # B: no pace (0 bn) and the district's 10 bn: 60% of 10 = 6 bn.
    assert rows["B"].expected == 6 * BILLION
    assert forecast.total.expected == 14 * BILLION
    assert forecast.as_dict()["total"]["expected_rate_percent"] == 70.0
    assert forecast.as_dict()["deadline"] == "2025-01-31"


def test_a_project_page_uses_the_district_season(history):
    alone = district_forecast(year=2024, as_of=dt.date(2024, 9, 30), scope=Q(pk=history["a"].pk))
    assert alone.profile.years == (2023,)
    assert [row.estimate.expected for row in alone.projects] == [8 * BILLION]


def test_after_the_deadline_the_forecast_is_what_was_disbursed(history):
    forecast = district_forecast(year=2024, as_of=dt.date(2025, 2, 15))
    for row in forecast.projects:
        estimate = row.estimate
        assert estimate.expected == estimate.low == estimate.high == estimate.disbursed


def test_money_accepted_and_not_paid_is_expected(history):
    b = history["b"]
    forecast = project_forecast(
        year=2024, as_of=dt.date(2024, 9, 30), accepted_unpaid={b.pk: 9 * BILLION}
    )
    estimate = forecast.by_project()[b.pk].estimate
    assert estimate.expected == 9 * BILLION
    assert estimate.low == 9 * BILLION


def test_the_contract_schedule_raises_the_high_end_only(history):
    a = history["a"]
    plain = project_forecast(year=2024, as_of=dt.date(2024, 9, 30), accepted_unpaid={})
    scheduled = project_forecast(
        year=2024, as_of=dt.date(2024, 9, 30), accepted_unpaid={}, scheduled={a.pk: BILLION}
    )
    before, after = plain.by_project()[a.pk].estimate, scheduled.by_project()[a.pk].estimate
    assert after.expected == before.expected
    assert after.high == min(before.plan, before.high + BILLION)


def test_a_project_that_will_not_use_its_plan_is_flagged(history):
    forecast = district_forecast(year=2024, as_of=dt.date(2024, 9, 30))
    flagged = {row.code for row in forecast.projects if row.estimate.flagged}
    assert "B" in flagged


def test_the_what_if_moves_plan_and_keeps_the_total(history):
    a, b = history["a"], history["b"]
    forecast = district_forecast(year=2024, as_of=dt.date(2024, 9, 30))
    source = next(iter(forecast.pairs))[1]
    after = forecast_changed(
        forecast=forecast,
        plan_changes={(b.pk, source): -2 * BILLION, (a.pk, source): 2 * BILLION},
        accepted_unpaid={},
    )
    assert after.total.plan == forecast.total.plan
    assert after.by_project()[a.pk].estimate.plan == 12 * BILLION
    assert after.by_project()[b.pk].estimate.plan == 8 * BILLION
    # Equal to a forecast made from scratch on the changed plans.
    assert after.by_project()[b.pk].estimate.expected == 8 * BILLION * 6 // 10


def test_without_history_the_season_is_back_loaded(district):
    project = make_project("N", district["board"])
    plan(project, 10 * BILLION)
    pay(project, 3 * BILLION, on=dt.date(2024, 6, 1))
    profile = seasonal_profile(year=2024, as_of=dt.date(2024, 9, 30))
    assert profile.years == ()
    assert profile.share == elapsed_share(2024, dt.date(2024, 9, 30))
    assert 560_000 < profile.share < 580_000  # about 57% by 30/09
    assert elapsed_share(2024, dt.date(2025, 1, 31)) == PPM
    assert elapsed_share(2024, dt.date(2023, 12, 1)) == 0


def test_totals_equal_the_sum_of_the_pairs(history):
    for as_of in (dt.date(2024, 9, 30), dt.date(2024, 9, 15), dt.date(2025, 1, 31)):
        figures = Figures(year=2024, as_of=as_of)
        expected = [sum(row[i] for row in figures.pair_sums().values()) for i in range(3)]
        assert Figures(year=2024, as_of=as_of).totals() == expected


shares = st.integers(min_value=0, max_value=PPM)


@st.composite
def profiles(draw) -> Profile:
    share_low, share, share_high = sorted(draw(st.lists(shares, min_size=3, max_size=3)))
    rate_low, rate, rate_high = sorted(draw(st.lists(shares, min_size=3, max_size=3)))
    return Profile(
        share=share,
        share_low=max(1, share_low),
        share_high=share_high,
        year_end_rate=rate,
        rate_low=rate_low,
        rate_high=rate_high,
        years=(),
    )


amounts = st.integers(min_value=0, max_value=10**15)


@given(
    plan=amounts,
    paid_share=st.integers(min_value=0, max_value=100),
    owed=amounts,
    scheduled=amounts,
    profile=profiles(),
    closed=st.booleans(),
)
def test_a_forecast_stays_between_disbursed_and_plan(
    plan, paid_share, owed, scheduled, profile, closed
):
    disbursed = plan * paid_share // 100
    estimate = pair_estimate(
        plan=plan,
        disbursed=disbursed,
        owed=owed,
        scheduled=scheduled,
        profile=profile,
        closed=closed,
    )
    assert disbursed <= estimate.low <= estimate.expected <= estimate.high <= plan
    assert all(isinstance(value, int) for value in (estimate.expected, estimate.low, estimate.high))
    if not closed:
        assert estimate.expected >= min(plan, disbursed + owed)


@given(
    plan=amounts,
    disbursed=amounts,
    owed=st.integers(min_value=-(10**12), max_value=10**15),
    scheduled=st.integers(min_value=-(10**12), max_value=10**15),
    profile=profiles(),
    closed=st.booleans(),
)
def test_the_estimator_is_the_method_written_with_blend(
    plan, disbursed, owed, scheduled, profile, closed
):
    """`pair_estimator` (the profile taken apart once) gives the method as the module
    states it, each end a `blend`, bounded by the plan and by what is disbursed and owed."""
    if closed:
        expected = Estimate(plan, disbursed, disbursed, disbursed, disbursed, disbursed, owed)
    else:
        owing = disbursed + max(0, owed)
        cap = max(plan, disbursed)
        floor = min(cap, owing)
        raw = max(blend(plan, disbursed, profile.share, profile.year_end_rate), owing)
        low = blend(plan, disbursed, profile.share_high, profile.rate_low)
        high = blend(plan, disbursed, profile.share_low, profile.rate_high) + max(0, scheduled)
        middle = min(cap, max(floor, raw))
        expected = Estimate(
            plan,
            disbursed,
            middle,
            min(middle, max(floor, low)),
            min(cap, max(middle, high)),
            raw,
            max(0, owed),
        )
    assert pair_estimator(profile, closed)(plan, disbursed, owed, scheduled) == expected
    assert (
        pair_estimate(
            plan=plan,
            disbursed=disbursed,
            owed=owed,
            scheduled=scheduled,
            profile=profile,
            closed=closed,
        )
        == expected
    )


@given(
    amount=st.integers(min_value=0, max_value=10**15),
    weights=st.dictionaries(st.integers(1, 50), st.integers(0, 10**12), max_size=6),
)
def test_a_spread_adds_up_exactly(amount, weights):
    parts = spread(amount, weights)
    assert set(parts) == set(weights)
    if weights:
        assert sum(parts.values()) == amount
        assert all(part >= 0 for part in parts.values())


def test_a_page_figures_are_reused_only_when_they_are_the_same(history):
    as_of = dt.date(2024, 9, 30)
    alone = district_forecast(year=2024, as_of=as_of)
    shared = district_forecast(year=2024, as_of=as_of, figures=Figures(year=2024, as_of=as_of))
    other_day = district_forecast(
        year=2024, as_of=as_of, figures=Figures(year=2024, as_of=dt.date(2024, 6, 30))
    )
    carried = district_forecast(
        year=2024, as_of=as_of, figures=Figures(year=2024, as_of=as_of, base="with_carryover")
    )
    assert alone.as_dict() == shared.as_dict() == other_day.as_dict() == carried.as_dict()


pair_sums = st.dictionaries(
    st.integers(1, 30),  # project
    st.dictionaries(  # source -> (plan, disbursed)
        st.integers(1, 4),
        st.tuples(amounts, amounts),
        min_size=1,
        max_size=3,
    ),
    max_size=12,
)
hooks = st.dictionaries(st.integers(1, 30), st.integers(-(10**12), 10**15), max_size=12)


@given(sums=pair_sums, owed=hooks, due=hooks, profile=profiles(), closed=st.booleans())
def test_a_project_estimate_is_its_pairs_added_up(sums, owed, due, profile, closed):
    """`project_totals` (the dashboard's, without the pairs) equals the pairs' estimates
    folded per project, as a Forecast's rows hold them."""
    given_hooks = {"accepted_unpaid": owed, "scheduled": due, "profile": profile}
    expected: dict[int, Estimate] = {}
    for (project, _), estimate in project_estimates(
        sums=sums, closed=closed, **given_hooks
    ).items():
        expected.setdefault(project, Estimate()).add(estimate)
    assert project_totals(sums=sums, closed=closed, **given_hooks) == expected


ledgers = st.lists(
    st.tuples(
        st.integers(0, 5),  # project
        st.sampled_from(["NSDP-HUYEN", "NSTW"]),
        st.integers(1, 20),  # plan, billions
        st.integers(0, 25),  # paid, billions
        st.dates(dt.date(2024, 1, 2), dt.date(2024, 12, 31)),  # paid on
    ),
    max_size=12,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=ledgers,
    as_of=st.dates(dt.date(2024, 1, 1), dt.date(2025, 2, 28)),
    shown=st.integers(1, 4),
)
def test_the_dashboard_panel_is_the_district_forecast(history, rows, as_of, shown):
    """On random ledgers (beside the history's), the dashboard's panel has the total of
    `district_forecast` and its flagged projects: the `shown` largest unused plans first,
    equal ones by code, and how many are flagged."""
    try:
        with transaction.atomic():
            projects = [make_project(f"R{n}", history["a"].investor) for n in range(6)]
            room: dict[tuple, int] = {}
            for number, (p, source, planned, paid, on) in enumerate(rows):
                plan(projects[p], planned * BILLION, source_code=source, number=f"R{number}")
                room[p, source] = room.get((p, source), 0) + planned
                paid = min(paid, room[p, source])  # the treasury pays within the plan
                if paid:
                    pay(projects[p], paid * BILLION, on=on, source_code=source)
                    room[p, source] -= paid
            forecast = district_forecast(year=2024, as_of=as_of)
            panel = forecast_panel(
                year=2024, as_of=as_of, figures=Figures(year=2024, as_of=as_of), shown=shown
            )
            flagged = [row for row in forecast.projects if row.estimate.flagged]
            flagged.sort(key=lambda row: (-row.estimate.unused, row.code))
            assert panel.forecast.total == forecast.total
            assert (panel.forecast.deadline, panel.forecast.profile) == (
                forecast.deadline,
                forecast.profile,
            )
            assert panel.flagged == flagged[:shown]
            assert panel.flagged_count == len(flagged)
            raise Undone  # the example's ledger is rolled back
    except Undone:
        pass


class Undone(Exception):
    pass
