"""The forecast: how much of each project's plan will be disbursed by the year's deadline.

Method (docs/forecast.md works it through):

1. The district's seasonal profile. For each of the last `HISTORY_YEARS` plan years with
   disbursement at their deadline (31/01 of the next year), the share of that year-end
   disbursement that had been disbursed by the same day of the year as `as_of`
   (`share`), and the year-end rate reached (disbursed / plan at the deadline). Without any
   past year the share follows a back-loaded curve of the days passed (`elapsed_share`),
   and the year-end rate is this year's own district rate scaled by that share (at most 1).
2. Per project and source (a pair), two estimates of what it will have disbursed:
   its own pace, `disbursed / share` (at 30/09 with 60% of a year usually done, 30 paid
   means 50 by the deadline); and the district's, `plan x year-end rate`. They are blended
   with the share as the weight on the pace: early in the year a pair's own pace says
   little, late in the year nearly everything.
3. Hooks from the contracts: the value accepted but not paid is owed and will be paid
   (the forecast is at least disbursed + accepted-not-paid), and the value of work that the
   contract schedules still have to deliver by the deadline raises the high end of the band.
4. Bounds: never above the plan in force (the treasury pays within it), never below what is
   disbursed. The band (low, high) uses the lowest and highest share and year-end rate of
   the past years, widened by a quarter of the year still ahead: narrow late in the year,
   wide early.

Money stays whole đồng: shares and rates are integers in parts per million, and every
product is an integer division. The figures come from `Figures` (one grouped query per
year), so the province's 8,000 projects take a few queries and one pass.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from math import isqrt
from operator import attrgetter

from django.db.models import Q

from giaingan.capital.models import FundingSource, Project
from giaingan.figures.cache import figures_remembered
from giaingan.figures.laggards import share_below
from giaingan.figures.payables import accepted_unpaid_by_project, scheduled_by_project
from giaingan.figures.selectors import Base, Figures
from giaingan.lib.collector import collector_paused
from giaingan.lib.dates import disbursement_deadline
from giaingan.lib.money import rate_percent

PPM = 1_000_000  # shares and rates are parts per million: integers, never floats
HISTORY_YEARS = 3
# A project is flagged when even the high end leaves part of its plan unused and it is
# expected to disburse less than this share of its plan.
FLAG_BELOW_PERCENT = 95
BELOW_FLAG_SHARE = share_below(FLAG_BELOW_PERCENT)  # asked of every project of a province

Pair = tuple[int, int]  # (project id, source id)


@dataclass(frozen=True)
class ForecastHooks:
    """What the contracts tell the forecast, per project id, in đồng: the value accepted
    but not yet paid, and the value the contract schedules still have to deliver by the
    deadline."""

    accepted_unpaid: Mapping[int, int] = field(default_factory=dict)
    scheduled: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Explanation:
    """How a forecast was made, for the project page: the two estimates and their weight."""

    share_percent: Decimal  # of a year's disbursement usually reached by this day
    years: tuple[int, ...]  # the past years the season comes from
    pace: int  # disbursed / share: the project's own pace carried to the deadline
    year_end_rate_percent: Decimal
    district: int  # plan x the district's year-end rate
    accepted_unpaid: int


def explain(estimate: Estimate, profile: Profile) -> Explanation:
    pace = estimate.disbursed * PPM // profile.share if profile.share > 0 else 0
    return Explanation(
        share_percent=profile.share_percent,
        years=profile.years,
        pace=pace,
        year_end_rate_percent=profile.year_end_rate_percent,
        district=estimate.plan * profile.year_end_rate // PPM,
        accepted_unpaid=estimate.accepted_unpaid,
    )


def forecast_hooks(*, year: int, as_of: dt.date, projects: Q | None = None) -> ForecastHooks:
    """The contracts' values for the forecast: the ONE place every caller (pages, commands,
    the advisor, the bench) takes them from: the work accepted and not yet paid as of the
    day, charged to the year, and the contract work still due by the deadline: the value of
    the contracts scheduled to end by then, less what was accepted of it (`figures.payables`).
    `projects` (a Q over Project) reads only those projects' contracts: each project's
    values are the same as the district's (a project page reads its own rows)."""
    return ForecastHooks(
        accepted_unpaid=accepted_unpaid_by_project(as_of=as_of, year=year, projects=projects),
        scheduled=scheduled_by_project(
            as_of=as_of, deadline=disbursement_deadline(year), projects=projects
        ),
    )


@dataclass(frozen=True)
class Profile:
    """The district's seasonal profile for a day of the year, in parts per million."""

    share: int  # of the year-end disbursement usually reached by this day
    share_low: int
    share_high: int
    year_end_rate: int  # disbursed / plan at the deadline
    rate_low: int
    rate_high: int
    years: tuple[int, ...]  # the past years it comes from (empty: no history)

    @property
    def share_percent(self) -> Decimal:
        return Decimal(self.share) / Decimal(PPM // 100)

    @property
    def year_end_rate_percent(self) -> Decimal:
        return Decimal(self.year_end_rate) / Decimal(PPM // 100)


@dataclass(slots=True)
class Estimate:
    """One pair's or project's forecast, in đồng."""

    plan: int = 0
    disbursed: int = 0
    expected: int = 0
    low: int = 0
    high: int = 0
    raw: int = 0  # before the bounds: what its pace alone says (the advisor's "could use")
    accepted_unpaid: int = 0

    def add(self, other: Estimate) -> None:
        self.plan += other.plan
        self.disbursed += other.disbursed
        self.expected += other.expected
        self.low += other.low
        self.high += other.high
        self.raw += other.raw
        self.accepted_unpaid += other.accepted_unpaid

    @property
    def unused(self) -> int:
        return self.plan - self.expected

    @property
    def expected_rate_percent(self) -> Decimal | None:
        return rate_percent(self.expected, self.plan)

    @property
    def flagged(self) -> bool:
        """It will not use its plan: even the high end leaves capital, and the expected
        is below `FLAG_BELOW_PERCENT`% of the plan (compared in đồng)."""
        return (
            self.plan > 0 and self.high < self.plan and BELOW_FLAG_SHARE(self.expected, self.plan)
        )


@dataclass(slots=True)
class ProjectForecast:
    project_id: int
    code: str
    name: str
    is_key: bool
    estimate: Estimate

    def as_dict(self) -> dict:
        e = self.estimate
        return {
            "code": self.code,
            "plan": e.plan,
            "disbursed": e.disbursed,
            "expected": e.expected,
            "low": e.low,
            "high": e.high,
        }


@dataclass
class Forecast:
    year: int
    as_of: dt.date
    deadline: dt.date
    profile: Profile
    pairs: dict[Pair, Estimate]
    projects: list[ProjectForecast]  # by code
    total: Estimate
    sources: dict[int, str]  # source id -> code

    def by_project(self) -> dict[int, ProjectForecast]:
        """The rows by project id (made once: the advisor asks for it per move)."""
        found = self.__dict__.get("_by_project")
        if found is None:
            found = self.__dict__["_by_project"] = {row.project_id: row for row in self.projects}
        return found

    def as_dict(self) -> dict:
        rate = self.total.expected_rate_percent
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "deadline": self.deadline.isoformat(),
            "projects": [row.as_dict() for row in self.projects],
            "total": {
                "plan": self.total.plan,
                "disbursed": self.total.disbursed,
                "expected": self.total.expected,
                "expected_rate_percent": None if rate is None else float(rate),
            },
        }


def same_day(as_of: dt.date, year: int, past: int) -> dt.date:
    """`as_of` moved from plan year `year` to plan year `past` (29/02 becomes 28/02)."""
    target = as_of.year - (year - past)
    try:
        return as_of.replace(year=target)
    except ValueError:
        return as_of.replace(year=target, day=28)


def district_totals(*, year: int, as_of: dt.date, scope: Q | None = None) -> tuple[int, int]:
    """(plan, disbursed) of the whole district (or `scope`) for plan year `year` as of a day."""
    plan, disbursed, _ = Figures(year=year, as_of=as_of, scope=scope).totals()
    return plan, disbursed


def elapsed_share(year: int, as_of: dt.date) -> int:
    """The share (ppm) of a year's disbursement usually reached by `as_of` when the ledger
    holds no past year: a back-loaded curve, elapsed^1.5 of the days from 01/01 to the
    deadline (57% by 30/09, 83% by 31/12), since Vietnamese public investment pays most of
    its plan late in the year."""
    start, end = dt.date(year, 1, 1), disbursement_deadline(year)
    days = (min(max(as_of, start), end) - start).days
    elapsed = days * PPM // (end - start).days
    return elapsed * isqrt(elapsed * PPM) // PPM


def seasonal_profile(
    *,
    year: int,
    as_of: dt.date,
    scope: Q | None = None,
    history: int = HISTORY_YEARS,
    current: tuple[int, int] | None = None,
) -> Profile:
    """The district's share of the year-end disbursement usually reached by `as_of`'s day
    of the year, and its usual year-end rate, from the ledgers of the past `history` years.

    Only the past years' totals are read: as of their deadline and as of the same day. A
    past year with nothing disbursed at its deadline is not a year of history. `current`
    is this year's (plan, disbursed) if the caller has it (read otherwise, when needed).
    """
    shares: list[int] = []
    rates: list[int] = []
    years: list[int] = []
    for past in range(year - history, year):
        end_plan, end_paid = district_totals(
            year=past, as_of=disbursement_deadline(past), scope=scope
        )
        if end_paid <= 0 or end_plan <= 0:
            continue
        _, then_paid = district_totals(year=past, as_of=same_day(as_of, year, past), scope=scope)
        shares.append(min(PPM, max(0, then_paid) * PPM // end_paid))
        rates.append(min(PPM, end_paid * PPM // end_plan))
        years.append(past)
    if years:
        # Weighted by nothing: each past year is one season, a small and a large year alike.
        share = sum(shares) // len(shares)
        rate = sum(rates) // len(rates)
        share_low, share_high = min(shares), max(shares)
        rate_low, rate_high = min(rates), max(rates)
    else:
        share = share_low = share_high = elapsed_share(year, as_of)
        if current is None:
            current = district_totals(year=year, as_of=as_of, scope=scope)
        plan, paid = current
        pace = paid * PPM // plan if plan > 0 else 0
        rate = PPM if share == 0 else min(PPM, pace * PPM // share)
        rate_low = rate_high = rate
    # Less is known early in the year: widen by a quarter of what is still ahead.
    widen = (PPM - share) // 4
    return Profile(
        share=share,
        share_low=max(1, share_low - widen),
        share_high=min(PPM, share_high + widen),
        year_end_rate=rate,
        rate_low=max(0, rate_low - widen),
        rate_high=min(PPM, rate_high + widen),
        years=tuple(years),
    )


def district_profile(*, year: int, as_of: dt.date) -> Profile:
    """The whole district's `seasonal_profile` for plan year `year` as of `as_of`, cached
    per state of the ledger (`figures.cache`): every scoped forecast (a project's page, an
    investor's) of the same year and day shares it instead of reading the district's totals
    again."""
    return figures_remembered(
        "seasonal_profile",
        lambda: seasonal_profile(year=year, as_of=as_of),
        parts=(year, as_of),
    )


def blend(plan: int, disbursed: int, share: int, rate: int) -> int:
    """Weight `share` (ppm) on the pair's pace (disbursed / share), the rest on the
    district's (plan x year-end `rate`), in đồng."""
    district = plan * rate // PPM
    if share <= 0:
        return district
    return (disbursed * PPM // share * share + district * (PPM - share)) // PPM


def pair_estimate(
    *, plan: int, disbursed: int, owed: int, scheduled: int, profile: Profile, closed: bool
) -> Estimate:
    """One pair's forecast (see the module's method). `owed` is its accepted-not-paid
    value, `scheduled` the contract work still due by the deadline, `closed` whether the
    deadline has passed (then the forecast is what was disbursed)."""
    return pair_estimator(profile, closed)(plan, disbursed, owed, scheduled)


def pair_estimator(profile: Profile, closed: bool) -> Callable[[int, int, int, int], Estimate]:
    """`pair_estimate` with the profile taken apart once: (plan, disbursed, owed,
    scheduled) -> Estimate, for a province's 10^4 pairs. Each end is a `blend`: the
    expected of the usual share and rate; the low end of the highest share (less still to
    come) and the lowest rate; the high end of the lowest share and the highest rate, plus
    the work scheduled. Bounded by the plan (or what is disbursed, if more) and by what is
    disbursed and owed."""
    if closed:

        def settled(plan: int, disbursed: int, owed: int, scheduled: int) -> Estimate:
            return Estimate(plan, disbursed, disbursed, disbursed, disbursed, disbursed, owed)

        return settled
    share, rate, rest = profile.share, profile.year_end_rate, PPM - profile.share
    low_share, low_rate, low_rest = profile.share_high, profile.rate_low, PPM - profile.share_high
    high_share, high_rate, high_rest = profile.share_low, profile.rate_high, PPM - profile.share_low

    def estimate(plan: int, disbursed: int, owed: int, scheduled: int) -> Estimate:
        if owed < 0:
            owed = 0
        cap = plan if plan > disbursed else disbursed
        owing = disbursed + owed
        floor = cap if cap < owing else owing
        # Unbounded by the plan: what the pace and the money owed say it could use.
        raw = plan * rate // PPM
        if share > 0:
            raw = (disbursed * PPM // share * share + raw * rest) // PPM
        if raw < owing:
            raw = owing
        low = plan * low_rate // PPM
        if low_share > 0:
            low = (disbursed * PPM // low_share * low_share + low * low_rest) // PPM
        high = plan * high_rate // PPM
        if high_share > 0:
            high = (disbursed * PPM // high_share * high_share + high * high_rest) // PPM
        if scheduled > 0:
            high += scheduled
        expected = floor if floor > raw else raw
        if expected > cap:
            expected = cap
        if low < floor:
            low = floor
        if high < expected:
            high = expected
        return Estimate(
            plan,
            disbursed,
            expected,
            expected if expected < low else low,
            cap if cap < high else high,
            raw,
            owed,
        )

    return estimate


def spread(amount: int, weights: Mapping[int, int]) -> dict[int, int]:
    """`amount` split over the keys in proportion to their weights, in whole đồng, the
    remainder to the largest weight: the parts add up to `amount` exactly."""
    if not weights:
        return {}
    if amount == 0:  # most projects: nothing owed or scheduled, nothing to split
        return dict.fromkeys(weights, 0)
    total = sum(weights.values())
    if total <= 0:
        first = next(iter(weights))
        return {key: amount if key == first else 0 for key in weights}
    parts = {key: amount * weight // total for key, weight in weights.items()}
    largest = max(weights, key=lambda key: (weights[key], -key))
    parts[largest] += amount - sum(parts.values())
    return parts


def project_estimates(
    *,
    sums: Mapping[int, Mapping[int, tuple[int, int]]],
    accepted_unpaid: Mapping[int, int],
    scheduled: Mapping[int, int],
    profile: Profile,
    closed: bool,
) -> dict[Pair, Estimate]:
    """The pairs' estimates of some projects: `sums` is project -> source -> (plan,
    disbursed). A project's hooks are spread over its sources by the room each has left."""
    pairs: dict[Pair, Estimate] = {}
    estimate = pair_estimator(profile, closed)
    for project, sources in sums.items():
        for source, found in _source_estimates(
            sources, accepted_unpaid.get(project, 0), scheduled.get(project, 0), estimate
        ):
            pairs[(project, source)] = found
    return pairs


def _source_estimates(
    sources: Mapping[int, tuple[int, int]],
    owed_total: int,
    due_total: int,
    estimate: Callable[[int, int, int, int], Estimate],
) -> list[tuple[int, Estimate]]:
    """(source, estimate) of one project's pairs: its hooks spread over its sources by the
    room each has left."""
    if len(sources) == 1:  # the common case: no spreading to do
        source, (plan, disbursed) = next(iter(sources.items()))
        return [(source, estimate(plan, disbursed, owed_total, due_total))]
    rooms = {source: max(0, plan - paid) for source, (plan, paid) in sources.items()}
    owed = spread(owed_total, rooms)
    due = spread(due_total, rooms)
    return [
        (source, estimate(plan, disbursed, owed[source], due[source]))
        for source, (plan, disbursed) in sources.items()
    ]


def project_totals(
    *,
    sums: Mapping[int, Mapping[int, tuple[int, int]]],
    accepted_unpaid: Mapping[int, int],
    scheduled: Mapping[int, int],
    profile: Profile,
    closed: bool,
) -> dict[int, Estimate]:
    """Each project's estimate: its pairs' `project_estimates` added up (what a
    `Forecast`'s rows hold), without keeping the pairs. A project of one source, most of a
    province's, is its one pair's estimate; only those of several are added up."""
    found: dict[int, Estimate] = {}
    owed_of, due_of = accepted_unpaid.get, scheduled.get
    estimate = pair_estimator(profile, closed)
    for project, sources in sums.items():
        if len(sources) == 1:
            for plan, disbursed in sources.values():
                found[project] = estimate(plan, disbursed, owed_of(project, 0), due_of(project, 0))
            continue
        total = found[project] = Estimate()
        for _, pair in _source_estimates(
            sources, owed_of(project, 0), due_of(project, 0), estimate
        ):
            total.add(pair)
    return found


@dataclass
class ForecastPanel:
    """The forecast as a dashboard shows it: the total (a `Forecast` without its pairs and
    rows), the flagged projects it lists and how many are flagged in all."""

    forecast: Forecast
    flagged: list[ProjectForecast]  # the `shown` largest unused plans (then by code)
    flagged_count: int


@collector_paused()  # an estimate per project, 10^4 of them in a province, and no garbage
def forecast_panel(
    *, year: int, as_of: dt.date, scope: Q | None = None, figures: Figures | None = None, shown: int
) -> ForecastPanel:
    """`district_forecast`'s total and its flagged projects, the `shown` with the largest
    unused plans first (equal ones by code), and their number: the same figures
    (tests/figures), estimated per project without the pairs or a row per project, which
    only the advisor and the exports need."""
    hooks = forecast_hooks(year=year, as_of=as_of, projects=scope)
    figures, sums, current = _pair_figures(figures, year=year, as_of=as_of, scope=scope)
    profile = (
        seasonal_profile(year=year, as_of=as_of, current=current)
        if scope is None
        else district_profile(year=year, as_of=as_of)
    )
    deadline = disbursement_deadline(year)
    estimates = project_totals(
        sums=sums,
        accepted_unpaid=hooks.accepted_unpaid,
        scheduled=hooks.scheduled,
        profile=profile,
        closed=as_of >= deadline,
    )
    rows = estimates.values()
    total = Estimate(
        *(
            sum(map(attrgetter(name), rows))
            for name in ("plan", "disbursed", "expected", "low", "high", "raw", "accepted_unpaid")
        )
    )
    flagged = [(project, e) for project, e in estimates.items() if e.flagged]
    catalogue = figures.projects()
    nameless = ("", "", False)

    def entry(project: int) -> tuple[str, str, bool]:
        found = catalogue.get(project)
        return nameless if found is None else (found.code, found.name, found.is_key)

    if len(flagged) > shown:  # a province's thousands: only those tied with the last shown
        least = heapq.nlargest(shown, (e.unused for _, e in flagged))[-1]
        candidates = [item for item in flagged if item[1].unused >= least]
    else:
        candidates = flagged
    largest = sorted(candidates, key=lambda item: (-item[1].unused, entry(item[0])[0]))[:shown]
    return ForecastPanel(
        forecast=Forecast(year, as_of, deadline, profile, {}, [], total, {}),
        flagged=[ProjectForecast(project, *entry(project), e) for project, e in largest],
        flagged_count=len(flagged),
    )


def _pair_figures(
    figures: Figures | None, *, year: int, as_of: dt.date, scope: Q | None
) -> tuple[Figures, dict[int, dict[int, tuple[int, int]]], tuple[int, int]]:
    """The figures to read (`figures` when they are the same), their (plan, disbursed) per
    project and source, and the scope's (plan, disbursed)."""
    if not _same_figures(figures, year=year, as_of=as_of, scope=scope):
        figures = Figures(year=year, as_of=as_of, scope=scope)
    sums: dict[int, dict[int, tuple[int, int]]] = {}
    plan_total = paid_total = 0
    for (project, source), (plan, disbursed, _) in figures.pair_sums().items():
        sums.setdefault(project, {})[source] = (plan, disbursed)
        plan_total += plan
        paid_total += disbursed
    return figures, sums, (plan_total, paid_total)


@collector_paused()  # an estimate per pair, 10^4 of them in a province, and no garbage
def project_forecast(
    *,
    year: int,
    as_of: dt.date,
    accepted_unpaid: Mapping[int, int],
    scheduled: Mapping[int, int] | None = None,
    scope: Q | None = None,
    profile: Profile | None = None,
    figures: Figures | None = None,
) -> Forecast:
    """Every project's expected disbursement by the deadline of plan year `year`, as of
    `as_of` (the assigned base), with its band and the district's total.

    `accepted_unpaid` and `scheduled` are per project id (`forecast_hooks`); a project's
    value is spread over its sources by the plan each still has room in. The profile is
    the whole district's (`seasonal_profile`), whatever the scope. `figures`: a page's own
    `Figures` of the same year, day, scope and the assigned base, whose sums are reused.
    """
    scheduled = scheduled or {}
    deadline = disbursement_deadline(year)
    figures, sums, current = _pair_figures(figures, year=year, as_of=as_of, scope=scope)
    if profile is None:
        # Always the district's season: a project or an investor alone has too few lines.
        profile = seasonal_profile(year=year, as_of=as_of, current=None if scope else current)
    pairs = project_estimates(
        sums=sums,
        accepted_unpaid=accepted_unpaid,
        scheduled=scheduled,
        profile=profile,
        closed=as_of >= deadline,
    )
    # The page's own catalogue: its tables read the same projects' names.
    names = {pk: (entry.code, entry.name, entry.is_key) for pk, entry in figures.projects().items()}
    rows = _rows(pairs, names)
    sources = dict(FundingSource.objects.values_list("id", "code"))
    return Forecast(year, as_of, deadline, profile, pairs, rows, _total(rows), sources)


def _same_figures(figures: Figures | None, *, year: int, as_of: dt.date, scope: Q | None) -> bool:
    return (
        figures is not None
        and (figures.year, figures.as_of, figures.base) == (year, as_of, Base.ASSIGNED)
        and figures.scope == scope
    )


def _rows(
    pairs: Mapping[Pair, Estimate], names: Mapping[int, tuple[str, str, bool]]
) -> list[ProjectForecast]:
    totals: dict[int, Estimate] = {}
    for (project, _), estimate in pairs.items():
        found = totals.get(project)
        if found is None:
            totals[project] = found = Estimate()
        found.add(estimate)
    rows = [
        ProjectForecast(project, *names.get(project, ("", "", False)), estimate)
        for project, estimate in totals.items()
    ]
    rows.sort(key=lambda row: row.code)
    return rows


def _total(rows: list[ProjectForecast]) -> Estimate:
    total = Estimate()
    for row in rows:
        total.add(row.estimate)
    return total


def forecast_changed(
    *,
    forecast: Forecast,
    plan_changes: Mapping[Pair, int],
    accepted_unpaid: Mapping[int, int],
    scheduled: Mapping[int, int] | None = None,
) -> Forecast:
    """The what-if: `forecast` as if each pair's plan changed by `plan_changes` (đồng),
    same profile and hooks. Only the projects touched are estimated again; a pair new to a
    project (a taker without that source) starts with no disbursement."""
    touched = {project for project, _ in plan_changes}
    sums: dict[int, dict[int, tuple[int, int]]] = {project: {} for project in touched}
    for (project, source), estimate in forecast.pairs.items():
        if project in touched:
            sums[project][source] = (estimate.plan, estimate.disbursed)
    for (project, source), change in plan_changes.items():
        plan, disbursed = sums[project].get(source, (0, 0))
        sums[project][source] = (plan + change, disbursed)
    changed = project_estimates(
        sums=sums,
        accepted_unpaid=accepted_unpaid,
        scheduled=scheduled or {},
        profile=forecast.profile,
        closed=forecast.as_of >= forecast.deadline,
    )
    pairs = {pair: e for pair, e in forecast.pairs.items() if pair[0] not in touched}
    pairs.update(changed)
    names = {row.project_id: (row.code, row.name, row.is_key) for row in forecast.projects}
    missing = touched - names.keys()
    if missing:
        for pk, code, name, is_key in Project.objects.filter(id__in=missing).values_list(
            "id", "code", "name", "is_key"
        ):
            names[pk] = (code, name, is_key)
    rows = _rows(pairs, names)
    return Forecast(
        forecast.year,
        forecast.as_of,
        forecast.deadline,
        forecast.profile,
        pairs,
        rows,
        _total(rows),
        forecast.sources,
    )


def district_forecast(
    *, year: int, as_of: dt.date, scope: Q | None = None, figures: Figures | None = None
) -> Forecast:
    """`project_forecast` with the contracts' values from `forecast_hooks`: what the pages,
    the commands and the advisor show. Cached per state of the ledger and the contracts
    (`figures.cache`): a province's 8,000 projects take a few hundred ms to estimate."""

    def compute() -> Forecast:
        # A scope (a project's page) reads its own projects' contracts and shares the
        # district's seasonal profile with every other page of the same year and day.
        hooks = forecast_hooks(year=year, as_of=as_of, projects=scope)
        return project_forecast(
            year=year,
            as_of=as_of,
            accepted_unpaid=hooks.accepted_unpaid,
            scheduled=hooks.scheduled,
            scope=scope,
            profile=None if scope is None else district_profile(year=year, as_of=as_of),
            figures=figures,
        )

    return figures_remembered("district_forecast", compute, parts=(year, as_of), scope=scope)
