"""Evaluate a movement's participants from the ledger's own figures and their evidence.

Every figure comes from `giaingan.figures` (one truth): the same plan, disbursement, rate,
rank and completion date the dashboard shows. Each participant is judged on the checklist of
its category (the movement's `Criterion` rows); a category without a checklist is judged on
the three automatic criteria of the seed plan for collectives:
- `disbursed_full_plan`: 100% of the assigned plan, supplements included, at the deadline;
- `finished_before_deadline`: the plan was reached on a day before the completion deadline
  (reaching it on the deadline day itself is not "before");
- `targets_met`: every target by date due so far was met on its date.
A manual criterion is met when Finance-Planning or Internal Affairs accepted evidence for it.
The `eligible` criterion (Decree 98/2023, Art. 4) is always judged last.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.utils import timezone

from giaingan.documents.sheets import csv_text
from giaingan.documents.tables import TableSheet, sheet_xlsx
from giaingan.emulation.judging import (
    MANUAL_WITHOUT_PLAN,
    judged_as,
    judged_on_text,
    project_codes,
    rank_peers,
    responsible_projects,
)
from giaingan.emulation.models import (
    Category,
    CriterionKind,
    Evidence,
    Movement,
    Purpose,
    Registration,
)
from giaingan.emulation.models import Criterion as CriterionRow
from giaingan.emulation.restrictions import restriction_text, restrictions_in_force
from giaingan.figures.selectors import (
    FigureRow,
    Grouping,
    UnitMeasure,
    below_share,
    full_plan,
    project_set_measures,
    rank_rows,
    unit_measures,
)
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_millions, format_percent, format_rate, shown_rate
from giaingan.lib.text import name_key
from giaingan.org.context import area_level

# The automatic criteria this module knows how to compute, in order.
AUTOMATIC_KEYS = ("disbursed_full_plan", "finished_before_deadline", "targets_met")


def automatic_criteria(level: str | None = None) -> dict[str, str]:
    """The automatic criteria with their default labels, in the words of the area's level
    (`org.context.area_level` unless given): "... của kế hoạch tỉnh" under a province.

    A label is words for a checklist about to be made or for a movement that has none: a
    checklist saved keeps the labels it was saved with."""
    level = area_level() if level is None else level
    return {
        "disbursed_full_plan": "Giải ngân đạt 100% kế hoạch vốn được giao, kể cả vốn giao bổ sung",
        "finished_before_deadline": "Hoàn thành giải ngân trước thời hạn theo kế hoạch đề ra",
        "targets_met": f"Đạt các mốc mục tiêu giải ngân theo thời gian của kế hoạch {level}",
    }


ELIGIBLE = "eligible"
ELIGIBLE_LABEL = "Không thuộc trường hợp chưa được đề nghị khen thưởng"


class Proposal:
    AWARD = "award"
    REVIEW = "review"
    NONE = "none"


PROPOSAL_LABELS = {
    Proposal.AWARD: "Đề nghị khen thưởng",
    Proposal.REVIEW: "Kiểm điểm",
    Proposal.NONE: "Không đề xuất",
}


@dataclass
class Criterion:
    key: str
    met: bool | None  # None: does not apply (no plan assigned), or evidence awaits assessment
    evidence: str
    label: str = ""
    kind: str = CriterionKind.AUTOMATIC
    required: bool = True

    def as_dict(self) -> dict:
        return {"key": self.key, "met": self.met, "evidence": self.evidence}

    @property
    def status(self) -> str:
        """What the pages show: met / not met / waiting (manual) or not applicable."""
        if self.met is True:
            return "dat"
        if self.met is False:
            return "khong_dat"
        return "cho_tham_dinh" if self.kind == CriterionKind.MANUAL else "khong_ap_dung"


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
    # Competition rank by rate among the participants with a plan (1, 2, 2, 4), from
    # `figures`; None without a plan. Not in `as_dict`: the JSON of FORMATS is pinned.
    rank: int | None = None
    unit_id: int | None = None
    registration_id: int | None = None
    person_name: str = ""  # an individual's; the unit is where they work
    person_position: str = ""
    # Which figures the participant is judged on, as the pages and papers say it.
    judged_on: str = ""

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

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label) if self.category in Category.values else ""

    @property
    def proposal_label(self) -> str:
        return PROPOSAL_LABELS[self.proposal]


@dataclass(frozen=True)
class ChecklistItem:
    """One line of a category's checklist, as the evaluation reads it."""

    id: int | None
    key: str
    label: str
    kind: str
    required: bool


def fallback_checklist() -> list[ChecklistItem]:
    """The checklist of a category the movement gives none: the automatic criteria."""
    return [
        ChecklistItem(None, key, label, CriterionKind.AUTOMATIC, True)
        for key, label in automatic_criteria().items()
    ]


def checklists(movement: Movement) -> dict[str, list[ChecklistItem]]:
    """The movement's checklist per category, in order (categories without one are absent)."""
    found: dict[str, list[ChecklistItem]] = defaultdict(list)
    for row in CriterionRow.objects.filter(movement=movement).order_by("category", "order", "key"):
        found[row.category].append(
            ChecklistItem(row.pk, row.key, row.label, row.kind, row.required)
        )
    return dict(found)


def checklist_for(
    found: dict[str, list[ChecklistItem]], category: str, fallback: list[ChecklistItem]
) -> list[ChecklistItem]:
    """The category's checklist, else `fallback` (`fallback_checklist`, read once a page)."""
    return found.get(category) or fallback


def movement_evaluate(movement: Movement, as_of: dt.date) -> list[Evaluation]:
    """Each registered participant with its figures, criteria and proposal as of `as_of`.

    The figures stop at the completion deadline: what happens after it does not count.
    Manual criteria are judged on the evidence as it stood at the end of `as_of`: sent by
    then, and by the deadline (evidence sent later is "bổ sung sau ngày ..." and does not
    count), with the assessment made by then (a later one is not yet known).
    An individual is judged on the projects on their list, or on their unit's figures when
    they have none.
    """
    deadline = movement.completion_deadline
    cutoff = min(as_of, deadline)
    year = movement.plan_year
    registrations = list(
        movement.registrations.select_related("unit").order_by("unit__code", "person_name")
    )
    ids = [registration.pk for registration in registrations]
    lists = responsible_projects(ids)
    groupings: dict[Grouping, set[int]] = defaultdict(set)
    for registration in registrations:
        if registration.pk not in lists:
            groupings[judged_as(registration)].add(registration.unit_id)
    measures = {
        by: unit_measures(year=year, as_of=cutoff, by=by, units=sorted(units))
        for by, units in groupings.items()
    }
    personal = project_set_measures(year=year, as_of=cutoff, sets=lists)
    codes = project_codes(lists)
    restricted = _restrictions(registrations, cutoff)
    checklist = checklists(movement)
    fallback = fallback_checklist()
    evidence = evidence_on(ids, as_of, sent_by=cutoff)
    evaluations = []
    for registration in registrations:
        unit = registration.unit
        if registration.pk in lists:
            measure = personal.get(registration.pk)
        else:
            measure = measures[judged_as(registration)].get(unit.pk)
        row = measure.row if measure else FigureRow(unit.pk, unit.code, unit.name)
        evaluation = Evaluation(
            code=unit.code,
            name=registration.participant,
            category=registration.category,
            plan=row.plan,
            disbursed=row.disbursed,
            rate_percent=row.rate_percent,
            completion_date=measure.completion_date if measure else None,
            unit_id=unit.pk,
            registration_id=registration.pk,
            person_name=registration.person_name,
            person_position=registration.person_position,
            judged_on=judged_on_text(
                registration, plan=row.plan, projects=codes.get(registration.pk)
            ),
        )
        automatic = _automatic(row, measure, deadline, cutoff)
        for item in checklist_for(checklist, registration.category, fallback):
            if item.kind == CriterionKind.AUTOMATIC:
                computed = automatic.get(item.key)
                if computed is None:  # a key the loader refuses; never silently met
                    computed = Criterion(item.key, False, "Tiêu chí tự động không được hỗ trợ")
                met, text = computed.met, computed.evidence
            else:
                met, text = _manual(evidence.get((registration.pk, item.id), []), cutoff)
            evaluation.criteria.append(
                Criterion(item.key, met, text, item.label, item.kind, item.required)
            )
        reasons = restricted.get(registration.pk, [])
        evaluation.criteria.append(
            Criterion(
                key=ELIGIBLE,
                met=not reasons,
                evidence="; ".join(reasons)
                if reasons
                else "Không thuộc trường hợp chưa được đề nghị khen thưởng (Nghị định 98/2023/NĐ-CP, Điều 4)",
                label=ELIGIBLE_LABEL,
            )
        )
        evaluation.proposal = _proposal(evaluation, movement.review_below_percent)
        evaluations.append(evaluation)
    _rank(evaluations, registrations)
    return evaluations


def _rank(evaluations: list[Evaluation], registrations: list[Registration]) -> None:
    """Competition ranks by rate among the peers with a plan, as `figures` ranks."""
    peers = {registration.pk: rank_peers(registration) for registration in registrations}
    groups: dict[str, list[FigureRow]] = defaultdict(list)
    for index, e in enumerate(evaluations):
        groups[peers[e.registration_id]].append(
            FigureRow(index, e.code, e.name, e.plan, e.disbursed, rate_percent=e.rate_percent)
        )
    for rows in groups.values():
        rank_rows(rows)
        for row in rows:
            evaluations[row.key].rank = row.rank


def _automatic(
    row: FigureRow, measure: UnitMeasure | None, deadline: dt.date, cutoff: dt.date
) -> dict[str, Criterion]:
    plan, disbursed = row.plan, row.disbursed
    if plan <= 0:
        reason = "Không có kế hoạch vốn được giao năm này"
        return {key: Criterion(key, None, reason) for key in AUTOMATIC_KEYS}
    done = measure.completion_date if measure else None
    milestones = measure.milestones if measure else []
    missed = [
        f"{format_date(target.due_date)}: {format_rate(paid, in_force)} < "
        f"{format_percent(target.share_percent)}"
        for target, in_force, paid in (measure.missed_targets() if measure else [])
    ]
    criteria = [
        Criterion(
            "disbursed_full_plan",
            full_plan(disbursed, plan),
            f"Giải ngân {format_millions(disbursed)}/{format_millions(plan)} triệu đồng "
            f"({format_rate(disbursed, plan)}) đến ngày {format_date(cutoff)}",
        ),
        Criterion(
            "finished_before_deadline",
            done is not None and done < deadline,
            f"Đạt 100% kế hoạch ngày {format_date(done)}, hạn {format_date(deadline)}"
            if done is not None
            else f"Chưa đạt 100% kế hoạch đến ngày {format_date(cutoff)}",
        ),
        Criterion(
            "targets_met",
            not missed,
            "Không đạt mốc " + "; ".join(missed)
            if missed
            else f"Đạt cả {len(milestones)} mốc mục tiêu đã đến hạn",
        ),
    ]
    return {criterion.key: criterion for criterion in criteria}


def evidence_on(
    registration_ids: list[int], as_of: dt.date, *, sent_by: dt.date | None = None
) -> dict[tuple[int, int], list[Evidence]]:
    """The evidence of the registrations as it stood at the end of `as_of`, per
    (registration, criterion): sent by then, with the assessment made by then (a later one
    is not yet known: the evidence waits; `assessed_later` says so). From the rows' history
    for a past day. Evidence sent after the end of `sent_by` (the movement's deadline, at
    the latest) is kept apart with `late` set: it does not count."""
    sent_by = min(sent_by or as_of, as_of)
    end = _day_end(as_of)
    in_time = _day_end(sent_by)
    rows = Evidence.objects.filter(registration_id__in=registration_ids).order_by(
        "uploaded_at", "id"
    )
    found: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
    past: dict[int, Any] = {}
    if as_of < timezone.localdate():  # a past day: its assessments from the history
        for record in (
            Evidence.history.filter(registration_id__in=registration_ids, history_date__lt=end)
            .order_by("history_date", "history_id")
            .iterator()
        ):
            past[record.id] = record
    for item in rows:
        item.late = item.uploaded_at >= in_time
        item.assessed_later = None  # the as-of day, when the assessment came after it
        if item.late:
            item.accepted, item.assessment_note = None, ""
        elif as_of < timezone.localdate():
            assessed_at = item.assessed_at
            record = past.get(item.pk)
            if record is not None:
                if record.history_type == "-":
                    continue
                item.accepted, item.assessment_note = record.accepted, record.assessment_note
                item.assessed_at = record.history_date if record.accepted is not None else None
            elif item.assessed_at is None or item.assessed_at >= end:
                item.accepted, item.assessment_note = None, ""
            if item.accepted is None and assessed_at is not None and assessed_at >= end:
                item.assessed_at, item.assessed_later = assessed_at, as_of
        found[(item.registration_id, item.criterion_id)].append(item)
    return found


def _day_end(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def _manual(items: list[Evidence], cutoff: dt.date) -> tuple[bool | None, str]:
    """Met with accepted evidence; waiting (None) while some awaits; else not met. Evidence
    sent after `cutoff` is named, and does not count."""
    counted = [item for item in items if not getattr(item, "late", False)]
    late = [item for item in items if getattr(item, "late", False)]
    accepted = [item for item in counted if item.accepted is True]
    waiting = [item for item in counted if item.accepted is None]
    refused = [item for item in counted if item.accepted is False]
    if accepted:
        met, text = True, "Đã công nhận: " + "; ".join(_described(item) for item in accepted)
    elif waiting:
        met, text = None, "Chưa thẩm định: " + "; ".join(_described(item) for item in waiting)
    elif refused:
        met = False
        text = "Không được công nhận: " + "; ".join(_described(item) for item in refused)
    else:
        met, text = False, "Chưa có minh chứng"
    if late:
        text += f". Bổ sung sau ngày {format_date(cutoff)}, không tính: " + "; ".join(
            _described(item) for item in late
        )
    return met, text


def _described(item: Evidence) -> str:
    text = item.note.strip().rstrip(".")
    if item.file:
        text += f" (tệp {PurePath(item.file.name).name})"
    if getattr(item, "late", False):
        text += f", gửi ngày {format_date(timezone.localdate(item.uploaded_at))}"
    elif item.accepted is not None and item.assessed_at is not None:
        text += f", thẩm định ngày {format_date(timezone.localdate(item.assessed_at))}"
    elif getattr(item, "assessed_later", None) is not None:
        text += (
            f", thẩm định ngày {format_date(timezone.localdate(item.assessed_at))}, "
            f"sau ngày {format_date(item.assessed_later)}"
        )
    if item.assessment_note:
        text += f" - ý kiến thẩm định: {item.assessment_note}"
    return text


def _proposal(evaluation: Evaluation, review_below: Decimal) -> str:
    """Award when every required criterion that applies is met and the participant is
    eligible; the review list takes those with a plan below the movement's threshold, in
    đồng (`disbursed * 100 < threshold * plan`). An investor or a commune must have a plan
    to be awarded; an office, an organisation or a person without one is judged on its
    manual criteria only. No one is awarded or reviewed on a zero plan."""
    required = [c for c in evaluation.criteria if c.required and c.key != ELIGIBLE]
    if evaluation.plan <= 0 and evaluation.category in MANUAL_WITHOUT_PLAN:
        required = [c for c in required if c.kind != CriterionKind.AUTOMATIC]
    eligible = next(c.met for c in evaluation.criteria if c.key == ELIGIBLE)
    if required and all(c.met is True for c in required) and eligible:
        return Proposal.AWARD
    if below_share(evaluation.disbursed, evaluation.plan, review_below):
        return Proposal.REVIEW
    return Proposal.NONE


def _restrictions(registrations: list[Registration], on: dt.date) -> dict[int, list[str]]:
    """Per registration, why it may not be proposed on `on` (Decree 98, Art. 4): a unit's
    own restrictions, or an individual's (by name, in their unit)."""
    units = {registration.unit_id for registration in registrations}
    reasons: dict[tuple[int, str], list[str]] = defaultdict(list)
    for restriction in restrictions_in_force(on=on, unit_ids=units):
        reasons[(restriction.unit_id, name_key(restriction.person_name))].append(
            restriction_text(restriction)
        )
    return {
        registration.pk: found
        for registration in registrations
        if (found := reasons.get((registration.unit_id, name_key(registration.person_name))))
    }


# Files: the command's csv and the page's downloads share these.

CSV_COLUMNS = [
    "code",
    "name",
    "category",
    "plan",
    "disbursed",
    "rate_percent",
    "completion_date",
    "proposal",
]


def criterion_keys(evaluations: list[Evaluation]) -> list[str]:
    """Every criterion key met in `evaluations`, in first-seen order (categories differ)."""
    keys: dict[str, None] = {}
    for evaluation in evaluations:
        for criterion in evaluation.criteria:
            keys.setdefault(criterion.key, None)
    # `eligible` closes every checklist: keep it last across categories too.
    if ELIGIBLE in keys:
        del keys[ELIGIBLE]
        keys[ELIGIBLE] = None
    return list(keys)


def evaluation_csv(evaluations: list[Evaluation]) -> str:
    """The command's csv, for scripts: one row per participant; each criterion as a column
    `met` (1/0/empty; empty also where the criterion is not in the participant's
    checklist)."""
    keys = criterion_keys(evaluations)
    rows = []
    for evaluation in evaluations:
        data = evaluation.as_dict()
        if evaluation.plan > 0:  # as people read it: cut, so 99,999% is 99.99, not 100.00
            data["rate_percent"] = f"{shown_rate(evaluation.disbursed, evaluation.plan):.2f}"
        met = {criterion.key: criterion.met for criterion in evaluation.criteria}
        rows.append(
            [data[column] for column in CSV_COLUMNS[:-1]]
            + [None if met.get(key) is None else int(met[key]) for key in keys]
            + [evaluation.proposal]
        )
    return csv_text(CSV_COLUMNS[:-1] + keys + ["proposal"], rows)


MET_WORDS = {
    "dat": "Đạt",
    "khong_dat": "Không đạt",
    "cho_tham_dinh": "Chờ thẩm định",
    "khong_ap_dung": "Không áp dụng",
}


@dataclass(frozen=True)
class StandingTable:
    """The standing as the movement's page shows it, for its downloads: groups in the
    page's order, best rank first in each, Vietnamese headers."""

    headers: list[str]
    rows: list[list[object]]


def standing_table(evaluations: list[Evaluation]) -> StandingTable:
    labels: dict[str, str] = {}
    for evaluation in evaluations:
        for criterion in evaluation.criteria:
            labels.setdefault(criterion.key, criterion.label or criterion.key)
    keys = criterion_keys(evaluations)
    order = {category: position for position, category in enumerate(Category.values)}
    ranked = sorted(
        evaluations,
        key=lambda e: (order.get(e.category, 99), e.rank is None, e.rank or 0, e.code),
    )
    rows = []
    for evaluation in ranked:
        met = {criterion.key: criterion for criterion in evaluation.criteria}
        rows.append(
            [
                evaluation.rank,
                evaluation.code,
                evaluation.name,
                evaluation.category_label,
                evaluation.plan,
                evaluation.disbursed,
                format_rate(evaluation.disbursed, evaluation.plan),
                evaluation.completion_date,
                evaluation.judged_on,
                *(MET_WORDS.get(met[key].status, "") if key in met else "" for key in keys),
                evaluation.proposal_label,
            ]
        )
    headers = [
        "Hạng",
        "Mã đơn vị",
        "Đơn vị",
        "Nhóm đối tượng",
        "Kế hoạch (đồng)",
        "Đã giải ngân (đồng)",
        "Tỷ lệ",
        "Ngày đạt 100%",
        "Số liệu xét theo",
        *(labels[key] for key in keys),
        "Đề xuất",
    ]
    return StandingTable(headers=headers, rows=rows)


def standing_csv(evaluations: list[Evaluation]) -> str:
    """The page's download: the standing with the page's headers and order."""
    table = standing_table(evaluations)
    return csv_text(table.headers, table.rows)


def evaluation_xlsx(movement: Movement, as_of: dt.date, evaluations: list[Evaluation]) -> bytes:
    """The standing as an Excel sheet with the page's headers and order; amounts in đồng."""
    table = standing_table(evaluations)
    return sheet_xlsx(
        TableSheet(
            title=f"Kết quả phong trào thi đua {movement.code}: {movement.name}",
            subtitle=(
                f"Số liệu tính đến ngày {format_date(min(as_of, movement.completion_deadline))} "
                "(cơ sở: kế hoạch vốn giao trong năm, kể cả giao bổ sung)."
            ),
            headers=table.headers,
            rows=table.rows,
            money={4, 5},
            right={6},
            wide={2},
            unit_note="Đơn vị tính: đồng",
            tab="Kết quả thi đua",
        )
    )


def ledger_stops(proposal: Any) -> dict[int, str]:
    """The award dossiers of `proposal` whose figures the ledger has changed since the list
    was drafted (a correction or a plan decision recorded late, dated on or before the list's
    date) so that the nominee no longer meets a required automatic criterion: nomination id
    -> why, naming the criterion and the figures as the ledger now gives them. A dossier whose
    figures are unchanged keeps the judgement it was proposed on, and one added by hand with
    its achievement (no figures: plan 0) is not judged on the ledger here."""
    from_list = {
        (n.unit_id, name_key(n.person_name)): n
        for n in proposal.nominations.filter(purpose=Purpose.AWARD, plan__gt=0).select_related(
            "unit"
        )
    }
    if not from_list:
        return {}
    stops = {}
    as_of = proposal.as_of
    for evaluation in movement_evaluate(proposal.movement, as_of):
        nomination = from_list.get((evaluation.unit_id, name_key(evaluation.person_name)))
        if nomination is None:
            continue
        listed = (nomination.plan, nomination.disbursed, nomination.completion_date)
        if listed == (evaluation.plan, evaluation.disbursed, evaluation.completion_date):
            continue
        failed = [
            criterion
            for criterion in evaluation.criteria
            if criterion.kind == CriterionKind.AUTOMATIC
            and criterion.required
            and criterion.met is False
        ]
        if failed:
            stops[nomination.pk] = (
                f"Sổ kế hoạch vốn và giải ngân đã được điều chỉnh sau khi lập danh sách: theo "
                f"số liệu đến ngày {format_date(min(as_of, proposal.movement.completion_deadline))}"
                f" «{nomination.nominee}» không còn đạt tiêu chí "
                + "; ".join(f"«{c.label}» ({c.evidence})" for c in failed)
                + "."
            )
    return stops
