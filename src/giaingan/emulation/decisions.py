"""The chairman's decision: awards with their prize money, the Quyết định and the Giấy khen."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.emulation import papers
from giaingan.emulation.evaluation import ledger_stops
from giaingan.emulation.models import (
    Award,
    AwardDecision,
    Category,
    CouncilSession,
    DossierStatus,
    Nomination,
    Proposal,
    SessionStatus,
)
from giaingan.emulation.rules import may_decide
from giaingan.emulation.selectors import award_order, objection_exclusions, session_results
from giaingan.emulation.workflow import notify_step, restriction_stop, step_take
from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.org.models import Role
from giaingan.org.rules import roles_of
from giaingan.org.signers import person_name
from giaingan.rulebook.selectors import prize_for


def signer_titles_for(user: Any) -> list[str]:
    """A chairman signs as such; a vice-chairman signs on the chairman's behalf; anyone else
    (an administrator included) does not sign."""
    roles = roles_of(user)
    if Role.CHAIRMAN.value in roles:
        return ["CHỦ TỊCH"]
    if Role.VICE_CHAIRMAN.value in roles:
        return ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    raise PermissionDenied


def decision_problems(proposal: Proposal, decided_on: dt.date) -> list[Problem]:
    """Why the chairman cannot decide on this proposal yet; empty when they can."""
    problems = []
    if decided_on > timezone.localdate():
        problems.append(
            Problem(
                f"Không ký quyết định vào ngày sau hôm nay ({format_date(decided_on)}).",
                column="Ngày quyết định",
            )
        )
    dossiers = Nomination.objects.filter(proposal=proposal, status=DossierStatus.AT_COUNCIL)
    if not dossiers.exists():
        problems.append(Problem("Không có hồ sơ nào đang chờ quyết định."))
    if CouncilSession.objects.filter(dossiers__in=dossiers, status=SessionStatus.OPEN).exists():
        problems.append(Problem("Hội đồng chưa kết thúc phiên họp."))
    posting = proposal.postings.order_by("-posted_on").first()
    if posting is None:
        problems.append(Problem("Danh sách chưa được niêm yết công khai."))
    elif decided_on <= posting.ends_on:
        problems.append(
            Problem(
                f"Danh sách niêm yết đến hết ngày {format_date(posting.ends_on)}; "
                "chỉ quyết định được sau thời hạn này."
            )
        )
    elif unanswered := posting.objections.filter(answered_at__isnull=True).count():
        problems.append(Problem(f"Còn {unanswered} ý kiến phản ánh chưa được trả lời."))
    return problems


def decision_issue(
    *,
    proposal: Proposal,
    number: str,
    decided_on: dt.date,
    user: Any,
    left_out: dict[int, str] | None = None,
) -> AwardDecision:
    """Decide every dossier the council voted on: passed ones are awarded, others are not.

    `left_out` holds the dossiers the chairman does not award (id -> the written reason); a
    nominee restricted on the decision's date is not awarded either, with the restriction as
    the reason.
    """
    if not may_decide(user):
        raise PermissionDenied
    number = number.strip()
    left_out = {pk: reason.strip() for pk, reason in (left_out or {}).items()}
    problems = decision_problems(proposal, decided_on)
    waiting = set(
        Nomination.objects.filter(proposal=proposal, status=DossierStatus.AT_COUNCIL).values_list(
            "pk", flat=True
        )
    )
    if set(left_out) - waiting:
        problems.append(Problem("Hồ sơ được bỏ ra không có trong danh sách chờ quyết định."))
    if any(not reason for reason in left_out.values()):
        problems.append(
            Problem("Phải ghi rõ lý do không khen thưởng từng hồ sơ được bỏ ra.", column="Lý do")
        )
    if not person_name(user):
        # The decision and the certificates type the signer's name under the signature.
        problems.append(
            Problem(
                f"Tài khoản «{user.username}» chưa có họ và tên để ký quyết định và giấy khen "
                "(Quản trị › Người dùng).",
                column="Người ký",
            )
        )
    if not number:
        problems.append(Problem("Phải ghi số quyết định.", column="Số quyết định"))
    elif AwardDecision.objects.filter(number=number).exists():
        problems.append(Problem(f"Số quyết định {number} đã dùng.", column="Số quyết định"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        # Lock the proposal's dossiers: one decision only, even with two signers at once.
        dossiers = list(
            Nomination.objects.select_for_update()
            .filter(proposal=proposal, status=DossierStatus.AT_COUNCIL)
            .order_by("pk")
        )
        if not dossiers:
            raise InvalidInput([Problem("Không có hồ sơ nào đang chờ quyết định.")])
        results = {}
        for session in CouncilSession.objects.filter(dossiers__in=dossiers).distinct():
            results.update(session_results(session))
        decision = AwardDecision.objects.create(
            movement=proposal.movement,
            proposal=proposal,
            number=number,
            decided_on=decided_on,
            signer=user,
            signer_titles="\n".join(signer_titles_for(user)),
        )
        book = _gold_book(decided_on.year)
        awarded, refused = [], []
        ordered = sorted(dossiers, key=award_order)
        objected = objection_exclusions(proposal)
        # A late correction of the ledger may have taken a nominee below a criterion.
        corrected = ledger_stops(proposal)
        for dossier in ordered:
            tally = results.get(dossier.pk)
            if dossier.pk in left_out:
                reason = f"Chủ tịch không khen thưởng: {left_out[dossier.pk]}"
                refused.append(step_take(dossier.pk, DossierStatus.NOT_AWARDED, user, reason))
            elif dossier.pk in objected:
                reason = objected[dossier.pk]
                refused.append(step_take(dossier.pk, DossierStatus.NOT_AWARDED, user, reason))
            elif stop := restriction_stop(dossier, DossierStatus.AWARDED, decided_on):
                refused.append(step_take(dossier.pk, DossierStatus.NOT_AWARDED, user, stop))
            elif dossier.pk in corrected:
                reason = corrected[dossier.pk]
                refused.append(step_take(dossier.pk, DossierStatus.NOT_AWARDED, user, reason))
            elif tally is not None and tally.passed:
                prize = prize_for(
                    collective=Category.is_collective(dossier.category), on=decided_on
                )
                Award.objects.create(
                    decision=decision,
                    nomination=dossier,
                    movement=proposal.movement,
                    unit=dossier.unit,
                    person_name=dossier.person_name,
                    prize_amount=prize.amount,
                    coefficient=prize.coefficient,
                    base_salary=prize.base_salary,
                    gold_book_number=f"{next(book):04d}/{decided_on.year}",
                )
                awarded.append(
                    step_take(dossier.pk, DossierStatus.AWARDED, user, "", on=decided_on)
                )
            else:
                reason = (
                    f"Không đạt số phiếu đồng ý của Hội đồng ({tally.agree}/{tally.denominator}, cần {tally.needed})."
                    if tally is not None
                    else "Hội đồng chưa biểu quyết."
                )
                refused.append(step_take(dossier.pk, DossierStatus.NOT_AWARDED, user, reason))
        decision.document.save(
            f"quyet-dinh-{_slug(number)}.docx",
            ContentFile(papers.decision_docx(decision)),
            save=False,
        )
        if awarded:
            decision.certificates.save(
                f"giay-khen-{_slug(number)}.pdf",
                ContentFile(papers.certificates_pdf(decision)),
                save=False,
            )
        decision.save()
        log_action(
            "emulation.decision.issued",
            user=user,
            obj=decision,
            data={
                "number": number,
                "decided_on": decided_on.isoformat(),
                "awarded": [n.pk for n in awarded],
                "not_awarded": [n.pk for n in refused],
                "prize_total": decision.prize_total,
            },
        )
        notify_step(awarded, DossierStatus.AWARDED, user)
        notify_step(refused, DossierStatus.NOT_AWARDED, user)
    return decision


def _gold_book(year: int):
    """Gold-book numbers run on through the year: 0001/2025, 0002/2025, ..."""
    taken = Award.objects.filter(gold_book_number__endswith=f"/{year}").values_list(
        "gold_book_number", flat=True
    )
    start = max((int(number.split("/")[0]) for number in taken), default=0)
    counter = start
    while True:
        counter += 1
        yield counter


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-") or "quyet-dinh"
