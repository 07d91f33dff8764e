"""Evaluate a movement's participants from the ledger's own figures.

Every figure comes from `giaingan.figures` (one truth): the same plan, disbursement, rate and
completion date the dashboard shows. The automatic criteria of the seed plan for collectives:
- `disbursed_full_plan`: 100% of the assigned plan, supplements included, at the deadline;
- `finished_before_deadline`: the plan was reached on a day before the completion deadline
  (reaching it on the deadline day itself is not "before");
- `targets_met`: every target by date due so far was met on its date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from giaingan.emulation.models import Movement, UnitRestriction
from giaingan.figures.selectors import Base, Figures, completion_dates, targets_for
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_millions, format_percent


class Proposal:
    AWARD = "award"
    REVIEW = "review"
    NONE = "none"


@dataclass
class Criterion:
    key: str
    met: bool | None  # None: does not apply (no plan assigned)
    evidence: str

    def as_dict(self) -> dict:
        return {"key": self.key, "met": self.met, "evidence": self.evidence}


@dataclass
class Evaluation:
    code: str
    name: str
    category: str
    plan: int
    disbursed: int
    rate_percent: Decimal | None
    completion_date: dt.date | None
    criteria: list[Criterion] = field(default_factory=list)
    proposal: str = Proposal.NONE

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "plan": self.plan,
            "disbursed": self.disbursed,
            "rate_percent": None if self.rate_percent is None else float(self.rate_percent),
            "completion_date": None
            if self.completion_date is None
            else self.completion_date.isoformat(),
            "criteria": [criterion.as_dict() for criterion in self.criteria],
            "proposal": self.proposal,
        }


def movement_evaluate(movement: Movement, as_of: dt.date) -> list[Evaluation]:
    """Each registered participant with its figures, criteria and proposal as of `as_of`.

    The figures stop at the completion deadline: what happens after it does not count.
    A participant's plan is that of the projects it invests in.
    """
    deadline = movement.completion_deadline
    cutoff = min(as_of, deadline)
    year = movement.plan_year
    registrations = list(movement.registrations.select_related("unit").order_by("unit__code"))
    unit_ids = [registration.unit_id for registration in registrations]
    scope = Q(investor_id__in=unit_ids)
    figures = Figures(year=year, as_of=cutoff, base=Base.ASSIGNED, scope=scope)
    rows = {row.key: row for row in figures.table("investor").rows}
    completed = completion_dates(year=year, as_of=cutoff, by="investor", scope=scope)
    milestones = [
        (
            target,
            {
                row.key: row.rate_percent
                for row in Figures(
                    year=year, as_of=target.due_date, base=Base.ASSIGNED, scope=scope
                )
                .table("investor")
                .rows
            },
        )
        for target in targets_for(year)
        if target.due_date <= cutoff
    ]
    restricted = _restrictions(unit_ids, cutoff)
    evaluations = []
    for registration in registrations:
        unit = registration.unit
        row = rows.get(unit.pk)
        plan = row.plan if row else 0
        disbursed = row.disbursed if row else 0
        rate = row.rate_percent if row else None
        done = completed.get(unit.pk)
        evaluation = Evaluation(
            code=unit.code,
            name=unit.name,
            category=registration.category,
            plan=plan,
            disbursed=disbursed,
            rate_percent=rate,
            completion_date=done,
        )
        evaluation.criteria = _criteria(
            plan, disbursed, rate, done, deadline, cutoff, milestones, unit.pk
        )
        reasons = restricted.get(unit.pk, [])
        evaluation.criteria.append(
            Criterion(
                key="eligible",
                met=not reasons,
                evidence="; ".join(reasons)
                if reasons
                else "Không thuộc trường hợp chưa được đề nghị khen thưởng (Nghị định 98/2023/NĐ-CP, Điều 4)",
            )
        )
        evaluation.proposal = _proposal(evaluation, movement.review_below_percent)
        evaluations.append(evaluation)
    return evaluations


def _criteria(
    plan, disbursed, rate, done, deadline, cutoff, milestones, unit_id
) -> list[Criterion]:
    if plan <= 0:
        reason = "Không có kế hoạch vốn được giao năm này"
        return [
            Criterion("disbursed_full_plan", None, reason),
            Criterion("finished_before_deadline", None, reason),
            Criterion("targets_met", None, reason),
        ]
    full = rate is not None and rate >= 100
    criteria = [
        Criterion(
            "disbursed_full_plan",
            full,
            f"Giải ngân {format_millions(disbursed)}/{format_millions(plan)} triệu đồng "
            f"({format_percent(rate)}) đến ngày {format_date(cutoff)}",
        ),
        Criterion(
            "finished_before_deadline",
            done is not None and done < deadline,
            f"Đạt 100% kế hoạch ngày {format_date(done)}, hạn {format_date(deadline)}"
            if done is not None
            else f"Chưa đạt 100% kế hoạch đến ngày {format_date(cutoff)}",
        ),
    ]
    missed = [
        f"{format_date(target.due_date)}: {format_percent(rates.get(unit_id))} < {format_percent(target.share_percent)}"
        for target, rates in milestones
        if rates.get(unit_id) is None or rates[unit_id] < target.share_percent
    ]
    criteria.append(
        Criterion(
            "targets_met",
            not missed,
            "Không đạt mốc " + "; ".join(missed)
            if missed
            else f"Đạt cả {len(milestones)} mốc mục tiêu đã đến hạn",
        )
    )
    return criteria


def _proposal(evaluation: Evaluation, review_below: Decimal) -> str:
    automatic = [c for c in evaluation.criteria if c.key != "eligible"]
    eligible = next(c.met for c in evaluation.criteria if c.key == "eligible")
    if evaluation.plan > 0 and all(c.met for c in automatic) and eligible:
        return Proposal.AWARD
    if evaluation.plan > 0 and (evaluation.rate_percent or 0) < review_below:
        return Proposal.REVIEW
    return Proposal.NONE


def _restrictions(unit_ids: list[int], on: dt.date) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    active = UnitRestriction.objects.filter(unit_id__in=unit_ids, since__lte=on).filter(
        Q(until__isnull=True) | Q(until__gte=on)
    )
    for restriction in active:
        found.setdefault(restriction.unit_id, []).append(
            f"{restriction.get_kind_display()} từ ngày {format_date(restriction.since)}"
        )
    return found
