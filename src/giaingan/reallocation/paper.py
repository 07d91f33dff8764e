"""A reallocation proposal as the Tờ trình Finance-Planning submits to the chairman
(to_trinh_dieu_chuyen.docx), with the district's forecast before and after its moves."""

from __future__ import annotations

from giaingan.capital.models import DisbursementTarget
from giaingan.documents.official import render_docx
from giaingan.documents.reports import BLANK, FINANCE_PLANNING
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_number, format_rate
from giaingan.org.issuers import home_committee
from giaingan.org.models import Role, Unit, UnitKind
from giaingan.org.places import committee_level, level_of, name_within, place_of
from giaingan.org.signers import finance_planning_office, role_unit, unit_signer
from giaingan.reallocation.models import ReallocationProposal
from giaingan.reallocation.selectors import proposal_outcome

# The law in force on the proposal's date: 58/2024/QH15 replaced 39/2019/QH14 on 01/01/2025.
LAW_2019 = "Luật Đầu tư công số 39/2019/QH14 ngày 13/6/2019"
LAW_2024 = "Luật Đầu tư công số 58/2024/QH15 ngày 29/11/2024"


def plan_basis(proposal: ReallocationProposal) -> list[str]:
    """The district's own plan for disbursing the year's capital, cited as the catalogue of
    targets by date names it (number and date: "Kế hoạch số 120/KH-UBND ngày 02/4/2024"),
    or nothing where the year's targets name no act."""
    basis = (
        DisbursementTarget.objects.filter(plan_year=proposal.plan_year)
        .exclude(basis="")
        .order_by("due_date")
        .values_list("basis", flat=True)
        .first()
    )
    return [basis] if basis else []


def issuing_office(proposal: ReallocationProposal) -> tuple[str, str, Unit | None]:
    """(committee, office name, office unit) that issue the Tờ trình: the Finance-Planning
    office of whoever drafted it and the committee above it; where its staff sit on the
    committee, the committee's Finance-Planning office when the tree has one; else the
    root committee's, with no unit."""
    office = finance_planning_office(proposal.created_by)
    if office is not None and office.parent is not None:
        return office.parent.name, office.name, office
    unit = role_unit(proposal.created_by, Role.FINANCE_PLANNING)
    committee = unit if unit is not None and unit.kind == UnitKind.COMMITTEE else home_committee()
    return (committee.name if committee else BLANK), FINANCE_PLANNING, None


def proposal_paper_context(proposal: ReallocationProposal) -> dict:
    outcome = proposal_outcome(proposal)
    before, after = outcome.before, outcome.after
    committee_name, office, office_unit = issuing_office(proposal)
    # Within its own area a paper names the office and the level without the place.
    within = name_within(office, committee_name)
    area = level_of(committee_name)
    # The office's head signs, typed under the signature; none recorded: whoever drafted it.
    signer = unit_signer(
        office_unit,
        titles=["Trưởng phòng"],
        what="tờ trình điều chuyển vốn",
        issued_by=proposal.created_by,
    )
    moves = list(proposal.moves.select_related("giver", "taker", "source"))
    deadline = format_date(before.deadline)
    total = before.total
    intro = (
        f"Tính đến ngày {format_date(proposal.as_of)}, kế hoạch vốn đầu tư công năm "
        f"{proposal.plan_year} của {area} là {format_number(total.plan)} đồng, đã giải ngân "
        f"{format_number(total.disbursed)} đồng. Theo dự báo từ tiến độ giải ngân của từng dự "
        f"án, đến ngày {deadline} dự kiến giải ngân {format_number(total.expected)} đồng "
        f"({format_rate(total.expected, total.plan)}); một số dự án không sử dụng hết kế hoạch "
        "vốn, trong khi một số dự án trọng điểm, có khả năng hoàn thành trước, có nhu cầu và "
        f"khả năng giải ngân thêm. Để tránh bị thu hồi vốn, {within} đề nghị "
        "điều chuyển kế hoạch vốn trong cùng nguồn vốn, cùng cấp ngân sách như sau:"
    )
    outcome_text = (
        f"Sau điều chuyển, tổng kế hoạch vốn của từng nguồn không thay đổi; tỷ lệ giải ngân dự "
        f"kiến của {area} đến ngày {deadline} tăng từ {format_rate(total.expected, total.plan)} "
        f"lên {format_rate(after.total.expected, after.total.plan)} (dự kiến giải ngân "
        f"{format_number(after.total.expected)} đồng)."
    )
    return {
        "issuer_parent": committee_name,
        "issuer": office,
        "number": proposal.number,
        "place": place_of(committee_name) if committee_name != BLANK else BLANK,
        "date": proposal.proposed_on,
        "subject": f"Về việc điều chuyển kế hoạch vốn đầu tư công năm {proposal.plan_year}",
        "addressee": f"Chủ tịch {committee_name}",
        "bases": [LAW_2024 if proposal.as_of.year >= 2025 else LAW_2019, *plan_basis(proposal)],
        "intro": intro,
        "moves": [
            {
                "stt": index,
                "giver": f"{move.giver.code} - {move.giver.name}",
                "taker": f"{move.taker.code} - {move.taker.name}",
                "source": move.source.code,
                "amount": move.amount,
                "reason": move.reason,
            }
            for index, move in enumerate(moves, start=1)
        ],
        "total": sum(move.amount for move in moves),
        "outcome": outcome_text,
        "closing": f"{within} kính trình Chủ tịch {committee_name} xem xét, quyết định./.",
        "signer_titles": signer.titles,
        "signer_name": signer.name,
        "recipients": ["Như trên", f"Lãnh đạo {committee_level(committee_name)}"],
    }


def proposal_docx(proposal: ReallocationProposal) -> bytes:
    return render_docx("to_trinh_dieu_chuyen", proposal_paper_context(proposal))
