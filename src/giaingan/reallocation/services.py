"""Capital needs and reallocation proposals: registered, drafted from the advisor, edited by
Finance-Planning and approved by the chairman as ONE transfer decision in the plan book."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.capital.ledger import PlanInput
from giaingan.capital.models import FundingSource, PlanKind, Project
from giaingan.capital.services import plan_decision_record
from giaingan.figures.advisor import district_advice
from giaingan.figures.forecast import forecast_hooks, project_forecast
from giaingan.figures.room import cut_rooms
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_number
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.users import signed_in
from giaingan.reallocation.models import (
    CapitalNeed,
    ProposalStatus,
    ReallocationMove,
    ReallocationProposal,
)
from giaingan.reallocation.selectors import needs_for


@dataclass(frozen=True)
class NeedInput:
    project: Project
    source: FundingSource
    plan_year: int
    amount: int
    reason: str
    can_finish_first: bool
    registered_on: dt.date


def need_register(*, user: Any, data: NeedInput) -> CapitalNeed:
    """An investor registers a capital need for one of its projects."""
    if not user.has_perm("reallocation.add_project_need", data.project):
        raise PermissionDenied
    problems = []
    if data.amount <= 0:
        problems.append(
            Problem(
                "Số vốn cần thêm phải lớn hơn 0.",
                column="số tiền",
                value=format_number(data.amount),
            )
        )
    if not data.reason.strip():
        problems.append(Problem("Cần nêu lý do cần thêm vốn.", column="lý do"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        need = CapitalNeed.objects.create(
            project=data.project,
            source=data.source,
            plan_year=data.plan_year,
            amount=data.amount,
            reason=data.reason.strip(),
            can_finish_first=data.can_finish_first,
            registered_on=data.registered_on,
            created_by=signed_in(user),
        )
        log_action(
            "reallocation.need.registered",
            user=user,
            obj=need,
            data={"project": data.project.code, "amount": data.amount},
        )
    return need


def proposal_draft(
    *, user: Any, year: int, as_of: dt.date, number: str, proposed_on: dt.date | None = None
) -> ReallocationProposal:
    """Finance-Planning starts a proposal from what the advisor proposes as of `as_of`;
    the Tờ trình is dated `proposed_on` (today unless given, never before `as_of`)."""
    if not user.has_perm("reallocation.change_proposal"):
        raise PermissionDenied
    if not number.strip():
        raise InvalidInput([Problem("Cần số tờ trình.", column="số tờ trình")])
    proposed_on = proposed_on or max(timezone.localdate(), as_of)
    if proposed_on < as_of:
        raise InvalidInput(
            [
                Problem(
                    f"Ngày tờ trình phải từ ngày số liệu ({format_date(as_of)}) trở đi.",
                    column="ngày tờ trình",
                    value=format_date(proposed_on),
                )
            ]
        )
    advice = district_advice(year=year, as_of=as_of, needs=needs_for(year=year, as_of=as_of))
    with transaction.atomic():
        proposal = ReallocationProposal.objects.create(
            plan_year=year,
            as_of=as_of,
            number=number.strip(),
            proposed_on=proposed_on,
            created_by=signed_in(user),
        )
        ReallocationMove.objects.bulk_create(
            ReallocationMove(
                proposal=proposal,
                giver_id=move.giver,
                taker_id=move.taker,
                source_id=move.source,
                amount=move.amount,
                reason=move.reason,
            )
            for move in advice.moves
        )
        log_action(
            "reallocation.proposal.drafted",
            user=user,
            obj=proposal,
            data={"moves": len(advice.moves), "as_of": as_of.isoformat()},
        )
    return proposal


@dataclass(frozen=True)
class MoveInput:
    giver: Project
    taker: Project
    source: FundingSource
    amount: int
    reason: str = ""
    # The row as the user sees it on the page (a blank or deleted row before it still counts);
    # None: its place in the list, from 1.
    row: int | None = None


def move_problems(
    *, proposal: ReallocationProposal, moves: list[MoveInput], on: dt.date | None = None
) -> list[Problem]:
    """Why these moves cannot stand, row by row (row 1 is the first move): two different
    projects, a positive amount, and no giver left below what it has disbursed plus what it
    has accepted and not yet paid, on `on` (the proposal's date unless given), nor below
    what the ledger already holds from it on any later day (`figures.room.cut_rooms`, the
    plan book's rule: what it would refuse at the approval)."""
    problems = []
    on = on or proposal.as_of
    hooks = forecast_hooks(year=proposal.plan_year, as_of=on)
    forecast = project_forecast(
        year=proposal.plan_year,
        as_of=on,
        accepted_unpaid=hooks.accepted_unpaid,
        scheduled=hooks.scheduled,
    )
    out: dict[tuple[int, int], int] = defaultdict(int)
    # Each giver's rows (row, amount typed there): its refusal stands on the first of them,
    # shows what was typed on that row and names the others behind the total it judges.
    rows_of: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for index, move in enumerate(moves, start=1):
        row = move.row if move.row is not None else index
        if move.giver.pk == move.taker.pk:
            problems.append(
                Problem("Dự án nhận phải khác dự án chuyển đi.", row, "dự án nhận", move.taker.code)
            )
        if move.amount <= 0:
            problems.append(
                Problem("Số tiền phải lớn hơn 0.", row, "số tiền", format_number(move.amount))
            )
            continue
        key = (move.giver.pk, move.source.pk)
        out[key] += move.amount
        out[(move.taker.pk, move.source.pk)] -= move.amount
        rows_of[key].append((row, move.amount))
    year = proposal.plan_year
    caps = cut_rooms([(*pair, year) for pair, amount in out.items() if amount > 0], on)
    for (project, source), amount in out.items():
        if amount <= 0:
            continue
        estimate = forecast.pairs.get((project, source))
        plan = estimate.plan if estimate else 0
        first_row, typed = rows_of[(project, source)][0]
        given = gift_text(rows_of[(project, source)], amount)
        kept = estimate.disbursed + estimate.accepted_unpaid if estimate else 0
        if plan - amount < kept:
            code = Project.objects.get(pk=project).code
            problems.append(
                Problem(
                    f"{given}dự án {code} chỉ còn {format_number(plan - amount)} đồng kế hoạch nguồn "
                    f"{forecast.sources.get(source, '')}, thấp hơn số đã giải ngân và đã nghiệm "
                    f"thu chưa thanh toán ({format_number(kept)} đồng) đến ngày "
                    f"{format_date(on)}",
                    first_row,
                    "số tiền",
                    format_number(typed),
                )
            )
        elif amount > caps[(project, source, year)]:
            # Lines or decisions dated after `on` are already recorded: the plan book's rule.
            code = Project.objects.get(pk=project).code
            problems.append(
                Problem(
                    f"{given}dự án {code} chỉ chuyển đi được tối đa "
                    f"{format_number(caps[(project, source, year)])} đồng kế hoạch nguồn "
                    f"{forecast.sources.get(source, '')} từ ngày {format_date(on)}: kế hoạch "
                    "không được thấp hơn số đã giải ngân, kể cả chứng từ và quyết định ghi "
                    "ngày sau đó",
                    first_row,
                    "số tiền",
                    format_number(typed),
                )
            )
    return problems


def gift_text(rows: list[tuple[int, int]], net: int) -> str:
    """What a giver gives over its rows when the reason judges more than the row's own
    amount: "dòng 1, 2 cùng chuyển đi 3.579.000.000 đồng: " (and what is left after what
    it takes back on other rows); nothing for a single row that is the whole amount."""
    total = sum(amount for _, amount in rows)
    if len(rows) < 2 and total == net:
        return ""
    numbers = ", ".join(str(row) for row, _ in rows)
    text = f"dòng {numbers} cùng chuyển đi {format_number(total)} đồng"
    if len(rows) < 2:
        text = f"dòng {numbers} chuyển đi {format_number(total)} đồng"
    if total != net:
        text += f", trừ số nhận về ở dòng khác còn {format_number(net)} đồng"
    return text + ": "


def proposal_moves_save(
    *, user: Any, proposal: ReallocationProposal, moves: list[MoveInput]
) -> ReallocationProposal:
    """Finance-Planning replaces a draft's moves (amounts, reasons); all or nothing."""
    if not user.has_perm("reallocation.change_proposal"):
        raise PermissionDenied
    with transaction.atomic():
        # Locked: an approval racing this edit must see either the old moves or the new.
        proposal = ReallocationProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ProposalStatus.DRAFT:
            raise InvalidInput([Problem("Đề xuất đã được phê duyệt, không sửa được nữa.")])
        problems = move_problems(proposal=proposal, moves=moves)
        if problems:
            raise InvalidInput(problems)
        proposal.moves.all().delete()
        ReallocationMove.objects.bulk_create(
            ReallocationMove(
                proposal=proposal,
                giver=move.giver,
                taker=move.taker,
                source=move.source,
                amount=move.amount,
                reason=move.reason.strip(),
            )
            for move in moves
        )
        log_action(
            "reallocation.proposal.edited", user=user, obj=proposal, data={"moves": len(moves)}
        )
    return proposal


def transfer_lines(
    *, proposal: ReallocationProposal, decision_number: str, decision_date: dt.date
) -> list[PlanInput]:
    """The transfer decision's lines: per project and source the sum of what it gives
    (negative) and takes (positive). Each move adds -a and +a to one source, so every source
    nets to zero by construction."""
    amounts: dict[tuple[int, int], int] = defaultdict(int)
    for giver, taker, source, amount in proposal.moves.values_list(
        "giver_id", "taker_id", "source_id", "amount"
    ):
        amounts[(giver, source)] -= amount
        amounts[(taker, source)] += amount
    return [
        PlanInput(
            decision_number=decision_number,
            decision_date=decision_date,
            kind=PlanKind.TRANSFER,
            project_id=project,
            source_id=source,
            plan_year=proposal.plan_year,
            amount=amount,
            note=f"Theo tờ trình {proposal.number}",
        )
        for (project, source), amount in sorted(amounts.items())
        if amount != 0
    ]


def proposal_approve(
    *, user: Any, proposal: ReallocationProposal, decision_number: str, decision_date: dt.date
) -> ReallocationProposal:
    """The chairman approves: ONE transfer decision written through the plan book, in the
    same transaction as the proposal's status."""
    if not user.has_perm("reallocation.approve_proposal"):
        raise PermissionDenied
    problems = []
    if not decision_number.strip():
        problems.append(Problem("Cần số quyết định điều chuyển.", column="số quyết định"))
    if decision_date > timezone.localdate():
        problems.append(
            Problem(
                "Ngày quyết định không được sau hôm nay.",
                column="ngày quyết định",
                value=format_date(decision_date),
            )
        )
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        # Locked: two approvals of one proposal must not write two decisions.
        proposal = ReallocationProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ProposalStatus.DRAFT:
            raise InvalidInput([Problem("Đề xuất này đã được phê duyệt.")])
        if decision_date < proposal.as_of:
            raise InvalidInput(
                [
                    Problem(
                        f"Ngày quyết định phải từ ngày số liệu của tờ trình "
                        f"({format_date(proposal.as_of)}) trở đi.",
                        column="ngày quyết định",
                        value=format_date(decision_date),
                    )
                ]
            )
        # Money paid or accepted since the proposal's date counts too: checked again on the
        # decision's day, with the same rule as an edit.
        moves = [
            MoveInput(giver=move.giver, taker=move.taker, source=move.source, amount=move.amount)
            for move in proposal.moves.select_related("giver", "taker", "source")
        ]
        problems = move_problems(proposal=proposal, moves=moves, on=decision_date)
        if problems:
            raise InvalidInput(problems)
        lines = transfer_lines(
            proposal=proposal, decision_number=decision_number.strip(), decision_date=decision_date
        )
        if not lines:
            raise InvalidInput([Problem("Đề xuất chưa có dòng điều chuyển nào.")])
        plan_decision_record(lines=lines, user=user)
        proposal.status = ProposalStatus.APPROVED
        proposal.approved_by = signed_in(user)
        proposal.decision_number = decision_number.strip()
        proposal.decision_date = decision_date
        proposal.save(update_fields=["status", "approved_by", "decision_number", "decision_date"])
        log_action(
            "reallocation.proposal.approved",
            user=user,
            obj=proposal,
            data={"decision_number": proposal.decision_number, "lines": len(lines)},
        )
    return proposal
