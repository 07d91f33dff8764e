"""The reallocation advisor ("Điều chuyển vốn"): which capital to move from projects that
will leave it unused to projects that need more and can use it, and what that does to the
district's expected rate at the deadline (the what-if).

The rules (docs/forecast.md):
- A giver's surplus on a source is its plan minus the HIGH end of its forecast: only
  capital that even the optimistic forecast leaves unused moves. The high end is never below
  what is disbursed plus what is accepted and not yet paid, so no move takes a project below
  either.
- A taker on a source is a project whose investor registered a need there (and whose
  forecast does not flag it as unable to use its plan), or whose own pace and money owed
  say it would disburse more than its plan (`Estimate.raw` above the plan). It can take the
  larger of the two.
- Money moves only within one source (a source has one budget level), so every source nets
  to zero by construction. Takers are served key projects first, then those able to finish
  first, then the most owed beyond their plan, then the fastest; givers give the largest
  surplus first.
- Amounts are whole millions of đồng (`STEP`), rounded down on both sides; a surplus or an
  excess under `MIN_SHARE_PERCENT`% of the pair's plan, and a move under `MIN_MOVE`, are
  left alone (a few percent unused at the deadline is normal; each line costs paperwork).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q

from giaingan.figures.forecast import (
    Estimate,
    Forecast,
    Pair,
    district_forecast,
    forecast_changed,
    forecast_hooks,
)
from giaingan.figures.room import cut_rooms
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_millions

STEP = 1_000_000  # moves are whole millions of đồng
MIN_SHARE_PERCENT = 10  # of a pair's plan: smaller surpluses and pace excesses do not move
MIN_MOVE = 50_000_000  # đồng: no line of a transfer decision moves less
NOTHING = Estimate()  # a pair without plan or disbursement (read only)


@dataclass(frozen=True)
class Need:
    """A capital need registered by an investor: more of `source` for `project_id`."""

    project_id: int
    source_id: int
    amount: int
    can_finish_first: bool = False


@dataclass(frozen=True)
class Move:
    giver: int  # project id
    taker: int
    source: int  # source id
    amount: int  # đồng, > 0
    reason: str


def material(amount: int, plan: int) -> bool:
    """Worth a line of a transfer decision: at least `MIN_MOVE` and `MIN_SHARE_PERCENT`% of
    the plan (a few percent left at the deadline is normal, and each line costs paperwork)."""
    return amount >= MIN_MOVE and amount * 100 >= MIN_SHARE_PERCENT * plan


def surpluses(forecast: Forecast, caps: Mapping[Pair, int] | None = None) -> dict[Pair, int]:
    """Per pair, the capital its forecast's high end leaves unused, in whole `STEP`s; at
    most its cap where `caps` gives one (what the plan book lets a cut take: `give_caps`)."""
    found = {}
    for pair, estimate in forecast.pairs.items():
        surplus = estimate.plan - estimate.high
        if caps is not None:
            surplus = min(surplus, caps.get(pair, 0))
        surplus = surplus // STEP * STEP
        if material(surplus, estimate.plan):
            found[pair] = surplus
    return found


def capacities(forecast: Forecast, needs: Iterable[Need]) -> dict[Pair, int]:
    """Per pair, what it could take: the larger of its registered need (unless its forecast
    flags it) and what its pace says it would disburse beyond its plan, in `STEP`s."""
    flagged = {row.project_id for row in forecast.projects if row.estimate.flagged}
    found: dict[Pair, int] = defaultdict(int)
    for pair, estimate in forecast.pairs.items():
        beyond = estimate.raw - estimate.plan
        if material(beyond, estimate.plan):
            found[pair] = beyond
    known = {row.project_id for row in forecast.projects}
    for need in needs:
        # A project outside the forecast (no plan this year, or another scope) is unknown.
        if need.project_id in flagged or need.project_id not in known or need.amount <= 0:
            continue
        pair = (need.project_id, need.source_id)
        found[pair] = max(found[pair], need.amount)
    return {pair: amount // STEP * STEP for pair, amount in found.items() if amount >= MIN_MOVE}


def give_caps(forecast: Forecast) -> dict[Pair, int]:
    """Per pair its surplus could come from, what a cut dated the forecast's day may take
    from its plan as the ledger stands (`figures.room.cut_rooms`): the same as the plan
    left beyond the forecast's high end on a ledger kept day by day, less where lines or
    decisions dated later are already recorded (a proposal drafted for a past day), so
    that what is proposed can be approved."""
    pairs = list(surpluses(forecast))
    rooms = cut_rooms([(*pair, forecast.year) for pair in pairs], forecast.as_of)
    return {pair: rooms[(*pair, forecast.year)] for pair in pairs}


def advise(
    *, forecast: Forecast, needs: Iterable[Need] = (), caps: Mapping[Pair, int] | None = None
) -> list[Move]:
    """The moves the advisor proposes for `forecast` (see the module's rules); a giver
    gives at most its cap where `caps` gives one (`give_caps`)."""
    needs = list(needs)
    finish_first = {need.project_id for need in needs if need.can_finish_first}
    needed = defaultdict(int)
    for need in needs:
        needed[(need.project_id, need.source_id)] += max(0, need.amount)
    rows = forecast.by_project()
    giving = surpluses(forecast, caps)
    taking = {pair: amount for pair, amount in capacities(forecast, needs).items()}
    for pair in list(taking):
        if pair in giving:  # a pair cannot both give and take
            del taking[pair]

    def taker_order(pair: Pair) -> tuple:
        # A need may be for a source the project has no plan in yet.
        row, estimate = rows[pair[0]], forecast.pairs.get(pair, NOTHING)
        owed_beyond = estimate.disbursed + estimate.accepted_unpaid - estimate.plan
        pace = Fraction(estimate.raw, estimate.plan) if estimate.plan > 0 else Fraction(10**9)
        return (not row.is_key, pair[0] not in finish_first, -owed_beyond, -pace, row.code)

    givers_by_source: dict[int, list[Pair]] = defaultdict(list)
    for pair in sorted(giving, key=lambda pair: (-giving[pair], rows[pair[0]].code)):
        givers_by_source[pair[1]].append(pair)
    moves: list[Move] = []
    for taker in sorted(taking, key=taker_order):
        wanted = taking[taker]
        for giver in givers_by_source.get(taker[1], []):
            if wanted <= 0:
                break
            amount = min(wanted, giving[giver])
            if amount < MIN_MOVE:
                continue
            giving[giver] -= amount
            wanted -= amount
            moves.append(
                Move(
                    giver=giver[0],
                    taker=taker[0],
                    source=taker[1],
                    amount=amount,
                    reason=move_reason(
                        forecast=forecast,
                        giver=giver,
                        taker=taker,
                        need=needed.get(taker, 0),
                        finish_first=taker[0] in finish_first,
                    ),
                )
            )
    return moves


def move_reason(
    *, forecast: Forecast, giver: Pair, taker: Pair, need: int, finish_first: bool
) -> str:
    """Why this move, in Vietnamese and in millions of đồng, from both sides' figures."""
    given, taken = forecast.pairs[giver], forecast.pairs.get(taker, NOTHING)
    rows = forecast.by_project()
    parts = [
        f"{rows[giver[0]].code}: dự kiến giải ngân tối đa {format_millions(given.high)}/"
        f"{format_millions(given.plan)} triệu đồng đến {format_date(forecast.deadline)}"
    ]
    why = []
    if rows[taker[0]].is_key:
        why.append("trọng điểm")
    if finish_first:
        why.append("có khả năng hoàn thành trước")
    if need > 0:
        why.append(f"đăng ký cần thêm {format_millions(need)} triệu đồng")
    owed = taken.disbursed + taken.accepted_unpaid - taken.plan
    if owed > 0:
        why.append(f"đã nghiệm thu vượt kế hoạch {format_millions(owed)} triệu đồng")
    if taken.raw > taken.plan:
        why.append(f"theo tiến độ có thể giải ngân {format_millions(taken.raw)} triệu đồng")
    parts.append(f"{rows[taker[0]].code}: " + ", ".join(why or ["cần thêm vốn"]))
    return "; ".join(parts)


def plan_changes(moves: Iterable[Move]) -> dict[Pair, int]:
    """What `moves` do to each pair's plan: a giver loses, a taker gains."""
    changes: dict[Pair, int] = defaultdict(int)
    for move in moves:
        changes[(move.giver, move.source)] -= move.amount
        changes[(move.taker, move.source)] += move.amount
    return dict(changes)


@dataclass
class WhatIf:
    before: Forecast
    after: Forecast

    @property
    def rate_before(self) -> Decimal | None:
        return self.before.total.expected_rate_percent

    @property
    def rate_after(self) -> Decimal | None:
        return self.after.total.expected_rate_percent


def what_if(
    *,
    forecast: Forecast,
    moves: Iterable[Move],
    accepted_unpaid: Mapping[int, int],
    scheduled: Mapping[int, int] | None = None,
) -> WhatIf:
    """The district's forecast before and after `moves` (same profile, same hooks)."""
    after = forecast_changed(
        forecast=forecast,
        plan_changes=plan_changes(moves),
        accepted_unpaid=accepted_unpaid,
        scheduled=scheduled,
    )
    return WhatIf(before=forecast, after=after)


@dataclass
class Advice:
    forecast: Forecast
    moves: list[Move]
    outcome: WhatIf

    def as_dict(self) -> dict:
        rows = self.forecast.by_project()
        before, after = self.outcome.rate_before, self.outcome.rate_after
        return {
            "moves": [
                {
                    "from": rows[move.giver].code,
                    "to": rows[move.taker].code,
                    "source": self.forecast.sources.get(move.source, ""),
                    "amount": move.amount,
                    "reason": move.reason,
                }
                for move in self.moves
            ],
            "rate_before": None if before is None else float(before),
            "rate_after": None if after is None else float(after),
        }


def district_advice(
    *, year: int, as_of: dt.date, needs: Iterable[Need] = (), scope: Q | None = None
) -> Advice:
    """The advisor's proposal for the district as of a day, with its what-if: from the
    forecast the pages show (`district_forecast`, cached), the hooks it was made with
    estimating the projects the moves touch."""
    forecast = district_forecast(year=year, as_of=as_of, scope=scope)
    hooks = forecast_hooks(year=year, as_of=as_of, projects=scope)
    moves = advise(forecast=forecast, needs=needs, caps=give_caps(forecast))
    outcome = what_if(
        forecast=forecast,
        moves=moves,
        accepted_unpaid=hooks.accepted_unpaid,
        scheduled=hooks.scheduled,
    )
    return Advice(forecast=forecast, moves=moves, outcome=outcome)
