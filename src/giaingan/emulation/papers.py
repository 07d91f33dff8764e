"""The movement's official papers, filled from the database and drawn by `documents`.

Tờ trình (Finance-Planning's proposal), báo cáo thành tích (one per dossier), biên bản (the
council's minutes), quyết định (the chairman's decision) and the Giấy khen certificates.
"""

from __future__ import annotations

from django.utils import timezone

from giaingan.documents.certificates import Certificate
from giaingan.documents.certificates import certificates_pdf as draw_certificates
from giaingan.documents.official import render_docx
from giaingan.documents.words import money_in_words
from giaingan.emulation.judging import nomination_judged_on
from giaingan.emulation.models import (
    AwardDecision,
    Category,
    CouncilSession,
    Movement,
    Nomination,
    Proposal,
    Purpose,
)
from giaingan.emulation.selectors import session_dossiers
from giaingan.emulation.votes import Tally
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_number, format_rate, shown_rate
from giaingan.org.models import Role, Unit, UnitKind
from giaingan.org.places import committee_level, full_name, place_of
from giaingan.org.signers import Signer, person_signer, unit_signer
from giaingan.rulebook.selectors import legal_bases_on, rules_on


def committee_of(unit: Unit | None) -> Unit | None:
    """The People's Committee a unit belongs to (itself when it is one)."""
    chain = [unit, *unit.ancestors()] if unit is not None else []
    return next((u for u in chain if u.kind == UnitKind.COMMITTEE), None)


def issuing_place(unit: Unit | None) -> str:
    """Where a unit dates its papers: a commune from the commune, others from their committee."""
    chain = [unit, *unit.ancestors()] if unit is not None else []
    local = next((u for u in chain if u.kind in (UnitKind.COMMUNE, UnitKind.COMMITTEE)), None)
    return place_of(_name(local))


def _name(unit: Unit | None) -> str:
    return unit.name if unit is not None else ""


def _authority(committee: Unit | None) -> str:
    """ "UBND huyện Văn Quan" -> "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN"."""
    if committee is None:
        return "ỦY BAN NHÂN DÂN"
    return full_name(committee.name).upper()


def _unit_of(user, *roles: Role) -> Unit | None:
    membership = user.memberships.filter(role__in=[r.value for r in roles]).select_related("unit")
    found = membership.first()
    return found.unit if found else None


def _movement_basis(movement: Movement) -> str:
    basis = f"Kế hoạch phát động phong trào thi đua «{movement.name}»"
    if movement.plan_number:
        basis = (
            f"Kế hoạch số {movement.plan_number}"
            + (f" ngày {format_date(movement.plan_date)}" if movement.plan_date else "")
            + f" phát động phong trào thi đua «{movement.name}»"
        )
    return basis


def _people(users) -> list[str]:
    return [user.get_full_name() or user.username for user in users]


def _row(index: int, nomination: Nomination) -> dict:
    return {
        "stt": index,
        "name": nomination.nominee,
        "category": Category(nomination.category).label,
        "plan": nomination.plan,
        "disbursed": nomination.disbursed,
        "rate": shown_rate(nomination.disbursed, nomination.plan),
        "achievement": nomination.achievement,
    }


def submission_docx(proposal: Proposal, signer=None) -> bytes:
    """Finance-Planning's Tờ trình to the chairman through Internal Affairs, with the awards
    and the review list, signed by the official who submits it (`signer`)."""
    movement = proposal.movement
    signer = signer or proposal.drafted_by
    office = _unit_of(signer, Role.FINANCE_PLANNING) if signer else None
    committee = committee_of(office)
    day = proposal.submitted_on  # a draft (None) leaves its day blank
    # A draft cites the bases in force today: its date is not yet known.
    bases_on = day or max(proposal.as_of, timezone.localdate())
    nominations = list(proposal.nominations.select_related("unit"))
    awards = [n for n in nominations if n.purpose == Purpose.AWARD]
    reviews = [n for n in nominations if n.purpose == Purpose.REVIEW]
    # The office's head signs; an office not in the tree (its staff sit on the committee)
    # or with no head recorded: the official who submits it.
    head = unit_signer(
        office if office is not None and office.kind != UnitKind.COMMITTEE else None,
        titles=["TRƯỞNG PHÒNG"],
        what="tờ trình đề nghị khen thưởng",
        issued_by=signer,
    )
    return render_docx(
        "to_trinh_khen_thuong",
        {
            "issuer_parent": committee.name.upper() if committee else "",
            "issuer": office.name.upper() if office else "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
            "number": proposal.number,
            "place": place_of(_name(committee)),
            "date": day,
            "subject": f"Về việc đề nghị khen thưởng trong phong trào thi đua «{movement.name}»"
            + (" (số liệu tạm tính)" if proposal.provisional else ""),
            "addressee": f"Chủ tịch {committee_level(_name(committee))} (qua Phòng Nội vụ)",
            "bases": [*legal_bases_on(bases_on, decision=False), _movement_basis(movement)],
            "intro": (
                f"Căn cứ kết quả giải ngân vốn đầu tư công năm {movement.plan_year} đến ngày "
                f"{format_date(proposal.as_of)} theo số liệu của Kho bạc Nhà nước, "
                f"Phòng Tài chính - Kế hoạch đề nghị khen thưởng {len(awards)} tập thể, cá nhân "
                f"và kiểm điểm trách nhiệm {len(reviews)} đơn vị như sau:"
            ),
            "awards": [_row(i, n) for i, n in enumerate(awards, 1)],
            "reviews": [_row(i, n) for i, n in enumerate(reviews, 1)],
            "closing": (
                f"Kính trình Chủ tịch {committee_level(_name(committee))} xem xét, quyết định "
                "(qua Phòng Nội vụ thẩm định, trình Hội đồng Thi đua - Khen thưởng)./."
            ),
            "signer_titles": head.titles,
            "signer_name": head.name,
            "recipients": ["Như trên", "Phòng Nội vụ", "Lưu: TCKH"],
        },
    )


def achievement_report_docx(nomination: Nomination) -> bytes:
    """The standard báo cáo thành tích, drawn from the ledger's figures for the nominee."""
    movement = nomination.proposal.movement
    committee = committee_of(nomination.unit)
    judged_on = nomination_judged_on(nomination)
    figures = [
        *([{"label": "Số liệu xét theo", "value": judged_on}] if judged_on else []),
        {"label": "Kế hoạch vốn được giao (đồng)", "value": format_number(nomination.plan)},
        {"label": "Đã giải ngân (đồng)", "value": format_number(nomination.disbursed)},
        {"label": "Tỷ lệ giải ngân", "value": format_rate(nomination.disbursed, nomination.plan)},
        {
            "label": "Ngày đạt 100% kế hoạch",
            "value": format_date(nomination.completion_date) if nomination.completion_date else "-",
        },
    ]
    past = [
        f"Giấy khen theo Quyết định số {award.decision.number} ngày {format_date(award.decision.decided_on)}"
        for award in nomination.unit.awards.select_related("decision").filter(
            person_name=nomination.person_name
        )
    ]
    parent = nomination.unit.parent
    person = None
    situation = (
        f"{nomination.unit.name} là {Category(nomination.category).label.lower()} "
        f"tham gia phong trào thi đua «{movement.name}» năm {movement.plan_year}."
    )
    if nomination.person_name:  # a person's report: "Họ và tên", position, unit
        person = {
            "name": nomination.person_name,
            "position": nomination.person_position or "-",
            "unit": nomination.unit.name,
        }
        situation = (
            f"Ông (bà) {nomination.person_name}"
            + (f", {nomination.person_position}" if nomination.person_position else "")
            + f", công tác tại {nomination.unit.name}, tham gia phong trào thi đua "
            f"«{movement.name}» năm {movement.plan_year}."
        )
    # A person reports on themself; a collective's report is signed by its head.
    if person:
        reporter = Signer(["NGƯỜI BÁO CÁO THÀNH TÍCH"], nomination.person_name.strip())
    else:
        reporter = unit_signer(
            nomination.unit, titles=["THỦ TRƯỞNG ĐƠN VỊ"], what="báo cáo thành tích"
        )
    return render_docx(
        "bao_cao_thanh_tich",
        {
            "person": person,
            "issuer_parent": parent.name.upper() if parent else "",
            "issuer": nomination.unit.name.upper(),
            "number": "",
            "place": issuing_place(nomination.unit),
            "date": nomination.proposal.submitted_on,  # None: a draft, its day left blank
            "subject": f"Thành tích trong phong trào thi đua «{movement.name}»"
            + (" (số liệu tạm tính)" if nomination.proposal.provisional else ""),
            "unit_name": nomination.nominee,
            "headline": f"Đề nghị tặng Giấy khen của Chủ tịch {committee.name if committee else 'UBND'}",
            "situation": situation,
            "achievements": [nomination.achievement],
            "figures": figures,
            "past_awards": past,
            "signer_titles": reporter.titles,
            "signer_name": reporter.name,
            "recipients": [],
        },
    )


def minutes_docx(session: CouncilSession, results: dict[int, Tally]) -> bytes:
    """The council's Biên bản: who sat, each dossier's tally and the outcome."""
    held_at = timezone.localtime(session.held_at)
    rules = rules_on(held_at.date())
    seats = list(session.attendance.select_related("member"))
    present = [seat.member for seat in seats if seat.present]
    absent = [seat for seat in seats if not seat.present]
    committee = committee_of(session.council)
    rows = []
    for index, nomination in enumerate(session_dossiers(session), 1):
        tally = results[nomination.pk]
        rows.append(
            {
                "stt": index,
                "name": nomination.nominee,
                "agree": tally.agree,
                "disagree": tally.disagree,
                "abstain": tally.abstain,
                "written": tally.written,
                "total": tally.denominator,
                "percent": tally.percent,
                "passed": tally.passed,
            }
        )
    denominator = (
        "tổng số thành viên Hội đồng"
        if rules.vote_denominator == "all"
        else ("số thành viên dự họp và có ý kiến bằng văn bản")
    )
    passed = sum(row["passed"] for row in rows)
    return render_docx(
        "bien_ban_hoi_dong",
        {
            "issuer_parent": committee.name.upper() if committee else "",
            "issuer": session.council.name.upper(),
            "number": "",
            "place": place_of(_name(committee)),
            "date": held_at.date(),
            "subject": f"Họp Hội đồng Thi đua - Khen thưởng xét đề nghị khen thưởng phong trào thi đua «{session.movement.name}»",
            "held_at": held_at,
            "venue": session.venue,
            "chair": session.chair_name,
            "secretary": session.secretary_name,
            "members_present": _people(present),
            "members_absent": [
                {
                    "name": seat.member.get_full_name() or seat.member.username,
                    "written": seat.written_opinion,
                }
                for seat in absent
            ],
            "quorum_text": f"Có mặt {len(present)}/{len(seats)} thành viên; vắng {len(absent)} "
            f"(trong đó {sum(seat.written_opinion for seat in absent)} có ý kiến bằng văn bản).",
            "rows": rows,
            "threshold_text": f"Hồ sơ đạt khi số phiếu đồng ý trên {rules.vote_threshold * 100:.0f}% {denominator}.",
            "conclusion": f"Hội đồng thống nhất đề nghị khen thưởng {passed}/{len(rows)} hồ sơ.",
            "ended_at": timezone.localtime(session.ended_at) if session.ended_at else None,
            "signer_titles": ["CHỦ TỌA"],
            "signer_name": session.chair_name,
            "recipients": [
                f"Chủ tịch {committee_level(_name(committee))} (để báo cáo)",
                "Thành viên Hội đồng",
                "Phòng Nội vụ",
            ],
        },
    )


def decision_docx(decision: AwardDecision) -> bytes:
    """The Quyết định khen thưởng with its attached list and prize money."""
    movement = decision.movement
    committee = committee_of(_unit_of(decision.signer, Role.CHAIRMAN, Role.VICE_CHAIRMAN))
    awards = list(decision.awards.select_related("nomination__unit"))
    collectives = sum(1 for award in awards if not award.person_name)
    total = decision.prize_total
    proposal = decision.proposal
    rows = [
        {
            "stt": index,
            "name": award.nomination.nominee,
            "achievement": award.nomination.achievement,
            "amount": award.prize_amount,
        }
        for index, award in enumerate(awards, 1)
    ]
    authority = _authority(committee)
    return render_docx(
        "quyet_dinh_khen_thuong",
        {
            "issuer_parent": "",
            "issuer": authority,
            "number": decision.number,
            "place": place_of(_name(committee)),
            "date": decision.decided_on,
            "subject": f"Về việc tặng Giấy khen trong phong trào thi đua «{movement.name}»",
            "authority": f"CHỦ TỊCH {authority}",
            "bases": [
                *legal_bases_on(decision.decided_on, decision=True),
                _movement_basis(movement),
            ],
            "proposal_line": (
                f"Xét đề nghị của Phòng Tài chính - Kế hoạch tại Tờ trình số {proposal.number}"
                + (f" ngày {format_date(proposal.submitted_on)}" if proposal.submitted_on else "")
                + ", kết quả thẩm định của Phòng Nội vụ và ý kiến của Hội đồng Thi đua - Khen thưởng"
            ),
            "articles": [
                f"Tặng Giấy khen cho {_recipients(collectives, len(awards) - collectives)} "
                f"(có danh sách kèm theo) đã có thành tích xuất sắc trong phong trào thi đua «{movement.name}».",
                f"Mức tiền thưởng kèm theo Giấy khen theo quy định hiện hành, tổng cộng "
                f"{format_number(total)} đồng ({money_in_words(total)}), chi từ Quỹ thi đua, khen thưởng.",
                "Chánh Văn phòng HĐND và UBND, Trưởng phòng Nội vụ, Trưởng phòng Tài chính - Kế hoạch, "
                "các tập thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
            ],
            "awards": rows,
            "total": total,
            "total_words": money_in_words(total),
            "signer_titles": decision.signer_title_lines,
            "signer_name": person_signer(
                decision.signer, titles=[], what="quyết định khen thưởng"
            ).name,
            "recipients": [
                "Như Điều 3",
                "Chủ tịch, các Phó Chủ tịch UBND",
                "Cổng thông tin điện tử",
            ],
        },
    )


def _recipients(collectives: int, individuals: int) -> str:
    """ "2 tập thể và 1 cá nhân", "2 tập thể", "1 cá nhân"."""
    parts = [f"{collectives} tập thể"] if collectives else []
    if individuals:
        parts.append(f"{individuals} cá nhân")
    return " và ".join(parts)


def certificates_pdf(decision: AwardDecision) -> bytes:
    """One Giấy khen per recipient of the decision, as one printable batch."""
    movement = decision.movement
    committee = committee_of(_unit_of(decision.signer, Role.CHAIRMAN, Role.VICE_CHAIRMAN))
    authority = _authority(committee)
    certificates = []
    for award in decision.awards.select_related("nomination__unit"):
        nomination = award.nomination
        certificates.append(
            Certificate(
                issuer_title=f"CHỦ TỊCH {authority}",
                # A certificate spells the body out: "Ủy ban nhân dân xã ...", not "UBND xã ...".
                recipient=nomination.person_name or full_name(nomination.unit.name),
                recipient_detail=(
                    f"{nomination.person_position}, {nomination.unit.name}".strip(", ")
                    if nomination.person_name
                    else ""
                ),
                achievement=(
                    f"Đã có thành tích xuất sắc trong phong trào thi đua «{movement.name}»"
                ),
                decision_number=decision.number,
                decision_date=decision.decided_on,
                gold_book_number=award.gold_book_number,
                place=place_of(_name(committee)),
                signed_on=decision.decided_on,
                signer_titles=tuple(decision.signer_title_lines),
                signer_name=person_signer(decision.signer, titles=[], what="giấy khen").name,
            )
        )
    return draw_certificates(certificates)
