"""A proposal drafted from the advisor, edited by Finance-Planning and approved by the
chairman as ONE transfer decision in the plan book."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from docx import Document

from giaingan.capital.models import DisbursementTarget, FundingSource, PlanEntry, PlanKind
from giaingan.figures.advisor import district_advice
from giaingan.figures.selectors import Figures
from giaingan.lib.problems import InvalidInput
from giaingan.reallocation.models import ProposalStatus
from giaingan.reallocation.paper import proposal_docx
from giaingan.reallocation.selectors import needs_for, proposal_outcome
from giaingan.reallocation.services import (
    MoveInput,
    NeedInput,
    need_register,
    proposal_approve,
    proposal_draft,
    proposal_moves_save,
)
from tests.conftest import as_province, pay

from .conftest import BILLION

AS_OF = dt.date(2024, 10, 15)


def source(code: str = "NSDP-HUYEN") -> FundingSource:
    return FundingSource.objects.get(code=code)


def test_the_advisor_moves_from_the_slow_to_the_key_project(slow_and_fast):
    advice = district_advice(year=2024, as_of=AS_OF)
    assert advice.moves, "SLOW leaves capital unused and FAST could use more"
    data = advice.as_dict()
    for move in data["moves"]:
        assert (move["from"], move["to"], move["source"]) == ("SLOW", "FAST", "NSDP-HUYEN")
        assert move["amount"] % 1_000_000 == 0
        assert "trọng điểm" in move["reason"]
    assert data["rate_after"] > data["rate_before"]
    # Nothing moves into or out of another source: TINH is alone in its source.
    assert all(move.source == source().pk for move in advice.moves)


def test_a_registered_need_is_served_within_its_source_only(slow_and_fast, people):
    need_register(
        user=people["bqlda"],
        data=NeedInput(
            project=slow_and_fast["other"],
            source=source("NSDP-TINH"),
            plan_year=2024,
            amount=2 * BILLION,
            reason="Đã nghiệm thu giai đoạn 1",
            can_finish_first=True,
            registered_on=dt.date(2024, 10, 1),
        ),
    )
    advice = district_advice(year=2024, as_of=AS_OF, needs=needs_for(year=2024, as_of=AS_OF))
    # TINH is flagged (nothing paid): its need is not served, and no move crosses sources.
    assert all(move.taker != slow_and_fast["other"].pk for move in advice.moves)


def test_an_investor_registers_a_need_for_its_own_project_only(slow_and_fast, people):
    data = NeedInput(
        project=slow_and_fast["fast"],  # invested by the commune Tân Đoàn
        source=source(),
        plan_year=2024,
        amount=BILLION,
        reason="Có khả năng hoàn thành trước",
        can_finish_first=True,
        registered_on=dt.date(2024, 10, 1),
    )
    with pytest.raises(PermissionDenied):
        need_register(user=people["bqlda"], data=data)
    with pytest.raises(PermissionDenied):
        need_register(user=people["khobac"], data=data)
    need = need_register(user=people["xa.tandoan"], data=data)
    assert need.amount == BILLION
    assert need_register(user=people["tckh"], data=data).pk != need.pk


def test_a_need_without_amount_or_reason_is_refused_whole(slow_and_fast, people):
    with pytest.raises(InvalidInput) as caught:
        need_register(
            user=people["bqlda"],
            data=NeedInput(
                project=slow_and_fast["slow"],
                source=source(),
                plan_year=2024,
                amount=-1_500_000,
                reason=" ",
                can_finish_first=False,
                registered_on=dt.date(2024, 10, 1),
            ),
        )
    reasons = " ".join(str(problem) for problem in caught.value.problems)
    assert "lớn hơn 0" in reasons and "lý do" in reasons
    # The amount typed is shown in đồng as a Vietnamese reads it.
    assert caught.value.problems[0].value == "-1.500.000"


def test_the_chairman_approves_one_transfer_decision_that_nets_to_zero(slow_and_fast, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="15/TTr-TCKH")
    moved = sum(move.amount for move in proposal.moves.all())
    assert moved > 0
    before = Figures(year=2024, as_of=dt.date(2024, 10, 20)).sums("project_id")
    outcome = proposal_outcome(proposal)
    assert outcome.rate_after > outcome.rate_before

    proposal_approve(
        user=people["chutich"],
        proposal=proposal,
        decision_number="2150/QĐ-UBND",
        decision_date=dt.date(2024, 10, 20),
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    entries = PlanEntry.objects.filter(decision_number="2150/QĐ-UBND")
    assert {entry.kind for entry in entries} == {PlanKind.TRANSFER}
    assert sum(entry.amount for entry in entries) == 0
    assert {entry.decision_date for entry in entries} == {dt.date(2024, 10, 20)}
    after = Figures(year=2024, as_of=dt.date(2024, 10, 20)).sums("project_id")
    slow, fast = slow_and_fast["slow"].pk, slow_and_fast["fast"].pk
    assert after[slow][0] == before[slow][0] - moved
    assert after[fast][0] == before[fast][0] + moved
    assert after[slow][0] >= after[slow][1]  # never below what is disbursed


def test_only_the_chairman_approves_and_only_once(slow_and_fast, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="16/TTr")
    for who in ("tckh", "bqlda", "khobac", "noivu", "hoidong1", "xem"):
        with pytest.raises(PermissionDenied):
            proposal_approve(
                user=people[who],
                proposal=proposal,
                decision_number="1/QĐ",
                decision_date=AS_OF,
            )
    proposal_approve(
        user=people["chutich"], proposal=proposal, decision_number="1/QĐ", decision_date=AS_OF
    )
    with pytest.raises(InvalidInput):
        proposal_approve(
            user=people["chutich"], proposal=proposal, decision_number="2/QĐ", decision_date=AS_OF
        )
    assert PlanEntry.objects.filter(decision_number="2/QĐ").count() == 0
    with pytest.raises(InvalidInput):
        proposal_moves_save(user=people["tckh"], proposal=proposal, moves=[])


def test_a_move_that_takes_a_project_below_its_disbursement_is_refused(slow_and_fast, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="17/TTr")
    kept = list(proposal.moves.values_list("amount", flat=True))
    with pytest.raises(InvalidInput) as caught:
        proposal_moves_save(
            user=people["tckh"],
            proposal=proposal,
            moves=[
                MoveInput(
                    giver=slow_and_fast["fast"],
                    taker=slow_and_fast["slow"],
                    source=source(),
                    amount=BILLION,
                    reason="thử",
                )
            ],
        )
    problem = caught.value.problems[0]
    assert problem.row == 1 and "thấp hơn số đã giải ngân" in problem.reason
    assert list(proposal.moves.values_list("amount", flat=True)) == kept  # nothing written


def test_finance_planning_edits_the_amounts_and_reasons(slow_and_fast, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="18/TTr")
    move = MoveInput(
        giver=slow_and_fast["slow"],
        taker=slow_and_fast["fast"],
        source=source(),
        amount=300_000_000,
        reason="Theo đề nghị của chủ đầu tư",
    )
    with pytest.raises(PermissionDenied):
        proposal_moves_save(user=people["chutich"], proposal=proposal, moves=[move])
    proposal_moves_save(user=people["tckh"], proposal=proposal, moves=[move])
    assert list(proposal.moves.values_list("amount", "reason")) == [
        (300_000_000, "Theo đề nghị của chủ đầu tư")
    ]


def test_an_unbalanced_or_empty_approval_writes_nothing(slow_and_fast, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="19/TTr")
    proposal_moves_save(user=people["tckh"], proposal=proposal, moves=[])
    with pytest.raises(InvalidInput):
        proposal_approve(
            user=people["chutich"], proposal=proposal, decision_number="9/QĐ", decision_date=AS_OF
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert not PlanEntry.objects.filter(decision_number="9/QĐ").exists()


def test_the_to_trinh_names_the_moves_and_the_rates(slow_and_fast, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="20/TTr-TCKH")
    paper = Document(io.BytesIO(proposal_docx(proposal)))
    text = "\n".join(p.text for p in paper.paragraphs)
    cells = "\n".join(
        cell.text for table in paper.tables for row in table.rows for cell in row.cells
    )
    assert "TỜ TRÌNH" in text
    assert "Về việc điều chuyển kế hoạch vốn đầu tư công năm 2024" in text
    assert "20/TTr-TCKH" in cells
    assert "SLOW - Dự án SLOW" in cells and "FAST - Dự án FAST" in cells
    assert "{{" not in text + cells and "{%" not in text + cells
    assert "tăng từ" in text
    assert "năm 2024 của huyện là" in text and "Lãnh đạo UBND huyện" in text + cells
    assert "Phòng Tài chính - Kế hoạch đề nghị điều chuyển" in text


def test_the_to_trinh_cites_the_years_plan_by_number_and_date(slow_and_fast, people):
    """The plan cited is the district's own, as its targets by date name it; none where
    they name none (never another district's plan number)."""
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="21/TTr-TCKH")

    def text() -> str:
        paper = Document(io.BytesIO(proposal_docx(proposal)))
        return "\n".join(p.text for p in paper.paragraphs)

    DisbursementTarget.objects.filter(plan_year=2024).update(basis="")
    assert "Kế hoạch số" not in text()
    assert "Luật Đầu tư công số 39/2019/QH14" in text()
    DisbursementTarget.objects.update_or_create(
        plan_year=2024,
        due_date=dt.date(2024, 9, 30),
        defaults={"share_percent": 60, "basis": "Kế hoạch số 77/KH-UBND ngày 05/3/2024"},
    )
    assert "Kế hoạch số 77/KH-UBND ngày 05/3/2024" in text()
    assert "120/KH-UBND" not in text()


def test_money_paid_after_the_proposal_is_checked_again_on_approval(slow_and_fast, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="21/TTr")
    moved = sum(proposal.moves.values_list("amount", flat=True))
    slow = slow_and_fast["slow"]
    # SLOW pays so much after 15/10 that the transfer would leave it below its disbursement.
    pay(slow, 10 * BILLION - BILLION // 2 - moved + BILLION, on=dt.date(2024, 10, 18))
    with pytest.raises(InvalidInput) as caught:
        proposal_approve(
            user=people["chutich"],
            proposal=proposal,
            decision_number="30/QĐ",
            decision_date=dt.date(2024, 10, 20),
        )
    assert "SLOW" in str(caught.value) and "20/10/2024" in str(caught.value)
    assert not PlanEntry.objects.filter(decision_number="30/QĐ").exists()


def test_a_decision_is_not_dated_in_the_future(slow_and_fast, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="22/TTr")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(InvalidInput) as caught:
        proposal_approve(
            user=people["chutich"],
            proposal=proposal,
            decision_number="31/QĐ",
            decision_date=tomorrow,
        )
    assert "sau hôm nay" in str(caught.value)
    assert not PlanEntry.objects.filter(decision_number="31/QĐ").exists()


def test_a_proposal_for_a_past_day_proposes_only_what_the_ledger_lets_it_approve(
    slow_and_fast, people
):
    """Drafted for 15/10 on a ledger that already holds SLOW's payment of 18/10: the
    advisor gives no more than the plan book lets a cut take (`cut_rooms`), an edit asking
    more is refused with the reason, and the draft is approved as proposed."""
    uncapped = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="23/TTr")
    slow = slow_and_fast["slow"]
    given = sum(uncapped.moves.filter(giver=slow).values_list("amount", flat=True))
    assert given > 2_000_000
    cap = given // 2_000_000 * 1_000_000  # half of it, in whole millions
    pay(slow, 10 * BILLION - BILLION // 2 - cap, on=dt.date(2024, 10, 18))

    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="24/TTr")
    from_slow = sum(proposal.moves.filter(giver=slow).values_list("amount", flat=True))
    assert 0 < from_slow <= cap

    with pytest.raises(InvalidInput) as caught:
        proposal_moves_save(
            user=people["tckh"],
            proposal=uncapped,
            moves=[
                MoveInput(
                    giver=move.giver, taker=move.taker, source=move.source, amount=move.amount
                )
                for move in uncapped.moves.all()
            ],
        )
    reason = caught.value.problems[0].reason
    assert "SLOW chỉ chuyển đi được tối đa" in reason and "15/10/2024" in reason

    proposal_approve(
        user=people["chutich"],
        proposal=proposal,
        decision_number="31/QĐ",
        decision_date=dt.date(2024, 10, 16),
    )
    cut = PlanEntry.objects.get(decision_number="31/QĐ", project=slow)
    assert cut.amount == -from_slow


def test_a_refused_giver_over_two_rows_shows_the_amount_typed_on_its_row(slow_and_fast, people):
    """SLOW (10 bn, 0.5 bn paid) gives 6 bn on row 1 and 3.579 bn on row 2: the total is
    refused on row 1, whose value is the 6 bn typed there, and the reason names both rows
    and their total."""
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="31/TTr")
    slow, fast = slow_and_fast["slow"], slow_and_fast["fast"]
    rows = [
        MoveInput(giver=slow, taker=fast, source=source(), amount=6 * BILLION),
        MoveInput(giver=slow, taker=fast, source=source(), amount=3_579_000_000),
    ]
    with pytest.raises(InvalidInput) as caught:
        proposal_moves_save(user=people["tckh"], proposal=proposal, moves=rows)
    (problem,) = caught.value.problems
    assert (problem.row, problem.value) == (1, "6.000.000.000")
    assert "dòng 1, 2 cùng chuyển đi 9.579.000.000 đồng" in problem.reason
    # One row alone: its value is its amount and no total is added before the reason.
    with pytest.raises(InvalidInput) as caught:
        proposal_moves_save(
            user=people["tckh"],
            proposal=proposal,
            moves=[MoveInput(giver=slow, taker=fast, source=source(), amount=9_600_000_000)],
        )
    (problem,) = caught.value.problems
    assert problem.value == "9.600.000.000" and problem.reason.startswith("dự án SLOW")


def test_a_giver_that_also_takes_is_judged_on_what_it_gives_net(slow_and_fast, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="32/TTr")
    slow, fast = slow_and_fast["slow"], slow_and_fast["fast"]
    rows = [
        MoveInput(giver=fast, taker=slow, source=source(), amount=100_000_000, row=1),
        MoveInput(giver=slow, taker=fast, source=source(), amount=9_700_000_000, row=3),
    ]
    with pytest.raises(InvalidInput) as caught:
        proposal_moves_save(user=people["tckh"], proposal=proposal, moves=rows)
    problems = {problem.row: problem for problem in caught.value.problems}
    assert problems[3].value == "9.700.000.000"
    assert "trừ số nhận về ở dòng khác còn 9.600.000.000 đồng" in problems[3].reason


def test_a_provinces_to_trinh_speaks_of_the_province_and_its_finance_department(
    slow_and_fast, people, district
):
    """The level and the office come from the tree's names (`org.places`), never a
    district's words typed into the paper."""
    as_province(district)
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="7/TTr-STC")
    paper = Document(io.BytesIO(proposal_docx(proposal)))
    text = "\n".join(p.text for p in paper.paragraphs) + "\n".join(
        cell.text for table in paper.tables for row in table.rows for cell in row.cells
    )
    assert "kế hoạch vốn đầu tư công năm 2024 của tỉnh là" in text
    assert "Sở Tài chính đề nghị điều chuyển" in text
    assert "Sở Tài chính kính trình Chủ tịch UBND tỉnh Lạng Sơn" in text
    assert "Lãnh đạo UBND tỉnh" in text
    assert "SỞ TÀI CHÍNH TỈNH LẠNG SƠN" in text and "Lý Văn Tài" in text
    assert "huyện" not in text  # no district's word anywhere
    assert "Phòng Tài chính - Kế hoạch" not in text
