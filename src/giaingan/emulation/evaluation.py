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

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.db.models import Q

from giaingan.emulation.models import (
    Category,
    CriterionKind,
    Evidence,
    Movement,
)
from giaingan.emulation.models import Criterion as CriterionRow
from giaingan.emulation.restrictions import unit_restrictions
from giaingan.figures.selectors import Base, Figures, completion_dates, targets_for
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_millions, format_percent

# The automatic criteria this module knows how to compute, with their default labels.
AUTOMATIC_CRITERIA: dict[str, str] = {
    "disbursed_full_plan": "Giải ngân đạt 100% kế hoạch vốn được giao, kể cả vốn giao bổ sung",
    "finished_before_deadline": "Hoàn thành giải ngân trước thời hạn theo kế hoạch đề ra",
    "targets_met": "Đạt các mốc mục tiêu giải ngân theo thời gian của kế hoạch huyện",
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


FALLBACK_CHECKLIST = [
    ChecklistItem(None, key, label, CriterionKind.AUTOMATIC, True)
    for key, label in AUTOMATIC_CRITERIA.items()
]


def checklists(movement: Movement) -> dict[str, list[ChecklistItem]]:
    """The movement's checklist per category, in order (categories without one are absent)."""
    found: dict[str, list[ChecklistItem]] = defaultdict(list)
    for row in CriterionRow.objects.filter(movement=movement).order_by("category", "order", "key"):
        found[row.category].append(
            ChecklistItem(row.pk, row.key, row.label, row.kind, row.required)
        )
    return dict(found)


def checklist_for(found: dict[str, list[ChecklistItem]], category: str) -> list[ChecklistItem]:
    return found.get(category) or FALLBACK_CHECKLIST


def movement_evaluate(movement: Movement, as_of: dt.date) -> list[Evaluation]:
    """Each registered participant with its figures, criteria and proposal as of `as_of`.

    The figures stop at the completion deadline: what happens after it does not count.
    A participant's plan is that of the projects it invests in. Evidence counts as it
    stands now (its assessment is not dated).
    """
    deadline = movement.completion_deadline
    cutoff = min(as_of, deadline)
    year = movement.plan_year
    registrations = list(movement.registrations.select_related("unit").order_by("unit__code"))
    unit_ids = [registration.unit_id for registration in registrations]
    scope = Q(investor_id__in=unit_ids)
    figures = Figures(year=year, as_of=cutoff, base=Base.ASSIGNED, scope=scope)
    # The table holds exactly the participants that invest: its ranks are theirs.
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
    lists = checklists(movement)
    evidence = _evidence([registration.pk for registration in registrations])
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
            rank=row.rank if row else None,
            unit_id=unit.pk,
            registration_id=registration.pk,
        )
        automatic = _automatic(plan, disbursed, rate, done, deadline, cutoff, milestones, unit.pk)
        for item in checklist_for(lists, registration.category):
            if item.kind == CriterionKind.AUTOMATIC:
                computed = automatic.get(item.key)
                if computed is None:  # a key the loader refuses; never silently met
                    computed = Criterion(item.key, False, "Tiêu chí tự động không được hỗ trợ")
                met, text = computed.met, computed.evidence
            else:
                met, text = _manual(evidence.get((registration.pk, item.id), []))
            evaluation.criteria.append(
                Criterion(item.key, met, text, item.label, item.kind, item.required)
            )
        reasons = restricted.get(unit.pk, [])
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
    return evaluations


def _automatic(
    plan, disbursed, rate, done, deadline, cutoff, milestones, unit_id
) -> dict[str, Criterion]:
    if plan <= 0:
        reason = "Không có kế hoạch vốn được giao năm này"
        return {key: Criterion(key, None, reason) for key in AUTOMATIC_CRITERIA}
    full = rate is not None and rate >= 100
    missed = [
        f"{format_date(target.due_date)}: {format_percent(rates.get(unit_id))} < {format_percent(target.share_percent)}"
        for target, rates in milestones
        if rates.get(unit_id) is None or rates[unit_id] < target.share_percent
    ]
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
        Criterion(
            "targets_met",
            not missed,
            "Không đạt mốc " + "; ".join(missed)
            if missed
            else f"Đạt cả {len(milestones)} mốc mục tiêu đã đến hạn",
        ),
    ]
    return {criterion.key: criterion for criterion in criteria}


def _evidence(registration_ids: list[int]) -> dict[tuple[int, int], list[Evidence]]:
    found: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
    for item in Evidence.objects.filter(registration_id__in=registration_ids).order_by(
        "uploaded_at", "id"
    ):
        found[(item.registration_id, item.criterion_id)].append(item)
    return found


def _manual(items: list[Evidence]) -> tuple[bool | None, str]:
    """Met with accepted evidence; waiting (None) while some awaits; else not met."""
    accepted = [item for item in items if item.accepted is True]
    waiting = [item for item in items if item.accepted is None]
    refused = [item for item in items if item.accepted is False]
    if accepted:
        return True, "Đã công nhận: " + "; ".join(_described(item) for item in accepted)
    if waiting:
        return None, "Chưa thẩm định: " + "; ".join(_described(item) for item in waiting)
    if refused:
        return False, "Không được công nhận: " + "; ".join(_described(item) for item in refused)
    return False, "Chưa có minh chứng"


def _described(item: Evidence) -> str:
    text = item.note.strip()
    if item.file:
        text += f" (tệp {PurePath(item.file.name).name})"
    if item.assessment_note:
        text += f" - ý kiến thẩm định: {item.assessment_note}"
    return text


def _proposal(evaluation: Evaluation, review_below: Decimal) -> str:
    """Award when every required criterion is met and the participant is eligible; the
    review list takes those with a plan whose rate is below the movement's threshold."""
    required = [c for c in evaluation.criteria if c.required and c.key != ELIGIBLE]
    eligible = next(c.met for c in evaluation.criteria if c.key == ELIGIBLE)
    if required and all(c.met is True for c in required) and eligible:
        return Proposal.AWARD
    if evaluation.plan > 0 and (evaluation.rate_percent or 0) < review_below:
        return Proposal.REVIEW
    return Proposal.NONE


def _restrictions(unit_ids: list[int], on: dt.date) -> dict[int, list[str]]:
    return unit_restrictions(unit_ids=unit_ids, on=on)


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
    """One row per participant; each criterion as a column `met` (1/0/empty; empty also
    where the criterion is not in the participant's checklist)."""
    keys = criterion_keys(evaluations)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS[:-1] + keys + ["proposal"])
    for evaluation in evaluations:
        data = evaluation.as_dict()
        met = {criterion.key: criterion.met for criterion in evaluation.criteria}
        writer.writerow(
            ["" if data[column] is None else data[column] for column in CSV_COLUMNS[:-1]]
            + ["" if met.get(key) is None else int(met[key]) for key in keys]
            + [evaluation.proposal]
        )
    return out.getvalue()


MET_WORDS = {
    "dat": "Đạt",
    "khong_dat": "Không đạt",
    "cho_tham_dinh": "Chờ thẩm định",
    "khong_ap_dung": "Không áp dụng",
}


def evaluation_xlsx(movement: Movement, as_of: dt.date, evaluations: list[Evaluation]) -> bytes:
    """The standing as an Excel sheet with Vietnamese headers; amounts in đồng."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    labels: dict[str, str] = {}
    for evaluation in evaluations:
        for criterion in evaluation.criteria:
            labels.setdefault(criterion.key, criterion.label or criterion.key)
    keys = criterion_keys(evaluations)
    headers = [
        "Hạng",
        "Mã đơn vị",
        "Đơn vị",
        "Nhóm đối tượng",
        "Kế hoạch vốn (đồng)",
        "Đã giải ngân (đồng)",
        "Tỷ lệ giải ngân (%)",
        "Ngày đạt 100%",
        *(labels[key] for key in keys),
        "Đề xuất",
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = movement.code[:31] or "Phong trào"
    sheet["A1"] = f"KẾT QUẢ PHONG TRÀO THI ĐUA {movement.code}: {movement.name}".upper()
    sheet["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    sheet["A2"] = (
        f"Số liệu tính đến ngày {format_date(min(as_of, movement.completion_deadline))} "
        "(cơ sở: kế hoạch vốn giao trong năm, kể cả giao bổ sung)."
    )
    sheet["A2"].font = Font(name="Times New Roman", italic=True, size=12)
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(name="Times New Roman", bold=True, size=12)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for evaluation in evaluations:
        met = {criterion.key: criterion for criterion in evaluation.criteria}
        sheet.append(
            [
                evaluation.rank,
                evaluation.code,
                evaluation.name,
                evaluation.category_label,
                evaluation.plan,
                evaluation.disbursed,
                None if evaluation.rate_percent is None else float(evaluation.rate_percent),
                evaluation.completion_date,
                *(MET_WORDS.get(met[key].status, "") if key in met else "" for key in keys),
                evaluation.proposal_label,
            ]
        )
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.font = Font(name="Times New Roman", size=12)
        row[4].number_format = row[5].number_format = "#,##0"
        row[6].number_format = "0.00"
        row[7].number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "D5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
