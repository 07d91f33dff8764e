"""Posting the proposed list publicly before the decision, and the objections it draws."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.emulation.models import (
    CouncilSession,
    DossierStatus,
    Nomination,
    Objection,
    Posting,
    Proposal,
    SessionStatus,
)
from giaingan.emulation.pipeline import _users_with
from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.notifications.services import notify
from giaingan.org.models import Role
from giaingan.rulebook.selectors import add_working_days, rules_on


def posted_dossiers(proposal: Proposal) -> list[Nomination]:
    """What the public sees: the dossiers the council passed, women first at equal merit."""
    from giaingan.emulation.council import session_results

    passed = []
    sessions = CouncilSession.objects.filter(
        dossiers__proposal=proposal, status=SessionStatus.CLOSED
    ).distinct()
    for session in sessions:
        results = session_results(session)
        passed += [
            nomination for nomination in session.dossiers.all() if results[nomination.pk].passed
        ]
    return sorted(
        passed, key=lambda n: (not n.women_priority, n.category, n.unit.name, n.person_name)
    )


def posting_open(*, proposal: Proposal, posted_on: dt.date, user: Any) -> Posting:
    """Post the council's list for the working days the rules set (5 by default)."""
    if not user.has_perm("emulation.post_publicly"):
        raise PermissionDenied
    if CouncilSession.objects.filter(
        dossiers__proposal=proposal, status=SessionStatus.OPEN
    ).exists():
        raise InvalidInput([Problem("Hội đồng chưa kết thúc phiên họp; chưa niêm yết được.")])
    if not Nomination.objects.filter(
        proposal=proposal,
        status=DossierStatus.AT_COUNCIL,
        council_session__status=SessionStatus.CLOSED,
    ).exists():
        raise InvalidInput([Problem("Chưa có danh sách Hội đồng đã biểu quyết để niêm yết.")])
    if proposal.postings.exists():
        raise InvalidInput([Problem("Danh sách này đã được niêm yết.")])
    days = rules_on(posted_on).publicity_working_days
    with transaction.atomic():
        posting = Posting.objects.create(
            proposal=proposal,
            posted_on=posted_on,
            ends_on=add_working_days(posted_on, days),
            posted_by=user,
        )
        log_action(
            "emulation.posting.opened",
            user=user,
            obj=posting,
            data={
                "posted_on": posted_on.isoformat(),
                "ends_on": posting.ends_on.isoformat(),
                "working_days": days,
            },
        )
        notify(
            _users_with(Role.CHAIRMAN, Role.VICE_CHAIRMAN),
            subject=f"[{proposal.movement.code}] Đã niêm yết danh sách đến hết ngày {format_date(posting.ends_on)}",
            body="Sau thời hạn niêm yết và khi mọi ý kiến phản ánh đã được trả lời, Chủ tịch có thể quyết định.",
            url=f"/thi-dua/{proposal.movement.code}/ho-so/",
        )
    return posting


def posting_is_open(posting: Posting, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    return posting.posted_on <= on <= posting.ends_on


def objection_submit(
    *,
    posting: Posting,
    sender_name: str,
    sender_contact: str,
    text: str,
    nomination: Nomination | None = None,
    on: dt.date | None = None,
) -> Objection:
    """A citizen objects to the posted list; anyone may, while it is posted."""
    problems = []
    sender_name, sender_contact, text = sender_name.strip(), sender_contact.strip(), text.strip()
    if not posting_is_open(posting, on):
        problems.append(
            Problem(
                f"Danh sách niêm yết từ {format_date(posting.posted_on)} đến {format_date(posting.ends_on)}; "
                "ngoài thời gian này không nhận ý kiến."
            )
        )
    if not sender_name:
        problems.append(Problem("Phải ghi họ và tên.", column="Họ và tên"))
    if not sender_contact:
        problems.append(
            Problem("Phải ghi số điện thoại hoặc thư điện tử để được trả lời.", column="Liên hệ")
        )
    if len(text) < 10:
        problems.append(Problem("Nội dung phản ánh quá ngắn.", column="Nội dung"))
    if len(text) > 5000 or len(sender_name) > 255 or len(sender_contact) > 255:
        problems.append(Problem("Nội dung quá dài.", column="Nội dung"))
    if nomination is not None and nomination.proposal_id != posting.proposal_id:
        problems.append(Problem("Hồ sơ không có trong danh sách niêm yết.", column="Về hồ sơ"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        objection = Objection.objects.create(
            posting=posting,
            nomination=nomination,
            sender_name=sender_name,
            sender_contact=sender_contact,
            text=text,
        )
        log_action(
            "emulation.objection.received",
            obj=objection,
            data={"posting": posting.pk, "nomination": nomination.pk if nomination else None},
        )
        notify(
            _users_with(Role.INTERNAL_AFFAIRS),
            subject=f"[{posting.proposal.movement.code}] Có ý kiến phản ánh về danh sách niêm yết",
            body=f"{sender_name}: {text[:500]}",
            url=f"/thi-dua/{posting.proposal.movement.code}/ho-so/",
        )
    return objection


def objection_answer(*, objection: Objection, answer: str, user: Any) -> Objection:
    if not user.has_perm("emulation.answer_objection"):
        raise PermissionDenied
    answer = answer.strip()
    if not answer:
        raise InvalidInput([Problem("Phải ghi nội dung trả lời.", column="Trả lời")])
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        objection.answer = answer
        objection.answered_by = user
        objection.answered_at = timezone.now()
        objection.save(update_fields=["answer", "answered_by", "answered_at"])
        log_action(
            "emulation.objection.answered", user=user, obj=objection, data={"answer": answer}
        )
    return objection
