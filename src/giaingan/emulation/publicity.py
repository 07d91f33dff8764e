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
    ObjectionOutcome,
    Posting,
    Proposal,
    SessionStatus,
)
from giaingan.emulation.selectors import objection_reason, posting_is_open
from giaingan.emulation.workflow import notify_step, step_take, users_with
from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.notifications.services import notify
from giaingan.org.models import Role
from giaingan.rulebook.selectors import add_working_days, rules_on


def posting_open(
    *, proposal: Proposal, posted_on: dt.date, user: Any, past_place: str = ""
) -> Posting:
    """Post the council's list for the working days the rules set (5 by default).

    A posting starts on the day it is recorded; one that started earlier is recorded as a
    past posting, with the place where it was posted. None starts on a day still to come.
    """
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
    today = timezone.localdate()
    past_place = past_place.strip()
    if posted_on > today:
        raise InvalidInput(
            [
                Problem(
                    f"Không ghi được niêm yết bắt đầu vào ngày sau hôm nay ({format_date(posted_on)}).",
                    column="Ngày niêm yết",
                )
            ]
        )
    if posted_on < today and not past_place:
        raise InvalidInput(
            [
                Problem(
                    f"Ngày niêm yết {format_date(posted_on)} trước ngày ghi nhận "
                    f"({format_date(today)}): nếu danh sách đã được niêm yết từ ngày đó, "
                    "ghi rõ nơi đã niêm yết (ví dụ: bảng tin trụ sở UBND huyện).",
                    column="Nơi đã niêm yết",
                )
            ]
        )
    if posted_on == today:
        past_place = ""
    days = rules_on(posted_on).publicity_working_days
    with transaction.atomic():
        posting = Posting.objects.create(
            proposal=proposal,
            posted_on=posted_on,
            ends_on=add_working_days(posted_on, days),
            posted_by=user,
            recorded_on=today,
            past_place=past_place,
        )
        log_action(
            "emulation.posting.opened",
            user=user,
            obj=posting,
            data={
                "posted_on": posted_on.isoformat(),
                "ends_on": posting.ends_on.isoformat(),
                "working_days": days,
                "past_place": past_place,
            },
        )
        notify(
            users_with(Role.CHAIRMAN, Role.VICE_CHAIRMAN),
            subject=f"[{proposal.movement.code}] Đã niêm yết danh sách đến hết ngày {format_date(posting.ends_on)}",
            body="Sau thời hạn niêm yết và khi mọi ý kiến phản ánh đã được trả lời, Chủ tịch có thể quyết định.",
            url=f"/thi-dua/{proposal.movement.code}/ho-so/",
        )
    return posting


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
            users_with(Role.INTERNAL_AFFAIRS),
            subject=f"[{posting.proposal.movement.code}] Có ý kiến phản ánh về danh sách niêm yết",
            body=f"{sender_name}: {text[:500]}",
            url=f"/thi-dua/{posting.proposal.movement.code}/ho-so/",
        )
    return objection


def objection_answer(
    *,
    objection: Objection,
    answer: str,
    user: Any,
    founded: bool | None,
    outcome: str = "",
    nomination: Nomination | None = None,
) -> Objection:
    """Answer an objection, stating whether it is founded. A founded one takes its dossier out
    of the decision: back to appraisal at once, or not awarded when the chairman decides."""
    if not user.has_perm("emulation.answer_objection"):
        raise PermissionDenied
    answer = answer.strip()
    problems = []
    if not answer:
        problems.append(Problem("Phải ghi nội dung trả lời.", column="Trả lời"))
    if founded is None:
        problems.append(Problem("Phải kết luận phản ánh có cơ sở hay không.", column="Kết luận"))
    dossier = nomination or objection.nomination
    if founded:
        if dossier is None:
            problems.append(
                Problem("Phản ánh có cơ sở phải chỉ rõ hồ sơ bị phản ánh.", column="Về hồ sơ")
            )
        elif (
            dossier.proposal_id != objection.posting.proposal_id
            or dossier.status != DossierStatus.AT_COUNCIL
        ):
            problems.append(
                Problem(f"Hồ sơ «{dossier.nominee}» không còn chờ quyết định.", column="Về hồ sơ")
            )
        if outcome not in ObjectionOutcome.values:
            problems.append(
                Problem(
                    "Chọn cách xử lý hồ sơ: trả về thẩm định lại hoặc không khen thưởng.",
                    column="Xử lý hồ sơ",
                )
            )
    else:
        outcome = ""
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.answered_at is not None:
            raise InvalidInput([Problem("Ý kiến này đã được trả lời.")])
        objection.answer = answer
        objection.founded = founded
        objection.outcome = outcome
        if founded:
            objection.nomination = dossier
        objection.answered_by = user
        objection.answered_at = timezone.now()
        objection.save(
            update_fields=[
                "answer",
                "founded",
                "outcome",
                "nomination",
                "answered_by",
                "answered_at",
            ]
        )
        if outcome == ObjectionOutcome.REAPPRAISE:
            moved = step_take(dossier.pk, DossierStatus.RECEIVED, user, objection_reason(objection))
            Nomination.objects.filter(pk=moved.pk).update(council_session=None)
            notify_step([moved], DossierStatus.RECEIVED, user)
        log_action(
            "emulation.objection.answered",
            user=user,
            obj=objection,
            data={"answer": answer, "founded": founded, "outcome": outcome},
        )
    return objection
