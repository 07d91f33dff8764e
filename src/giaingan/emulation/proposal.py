"""The proposal process: Finance-Planning drafts the list from the evaluation, edits it,
attaches papers and submits it with its Tờ trình; Internal Affairs receives, returns and
appraises the dossiers by hand. Each service runs in one transaction and takes its steps
through `workflow`.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.emulation import papers
from giaingan.emulation.evaluation import Proposal as Suggested
from giaingan.emulation.evaluation import ledger_stops, movement_evaluate
from giaingan.emulation.models import (
    Award,
    Category,
    DossierFile,
    DossierFileKind,
    DossierStatus,
    Movement,
    Nomination,
    Proposal,
    ProposalStatus,
    Purpose,
)
from giaingan.emulation.restrictions import nominee_restrictions, restriction_message
from giaingan.emulation.rules import may_sign_submission
from giaingan.emulation.workflow import hand_step_check, notify_step, restriction_stop, step_take
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_millions, format_percent, format_rate
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.text import name_key
from giaingan.lib.uploads import archive_problem
from giaingan.lib.users import signed_in
from giaingan.org.models import Unit

S = DossierStatus


def proposal_draft(*, movement: Movement, as_of: dt.date, user: Any) -> Proposal:
    """Draft the list from the evaluation: an award dossier or a review entry per participant."""
    if not user.has_perm("emulation.draft_proposal"):
        raise PermissionDenied
    evaluations = movement_evaluate(movement, as_of)
    registrations = {
        registration.pk: registration
        for registration in movement.registrations.select_related("unit")
    }
    awarded = _already_awarded(movement)
    with transaction.atomic():
        # Lock the movement: one draft at a time, even with two officials at work.
        Movement.objects.select_for_update().filter(pk=movement.pk).first()
        if movement.proposals.filter(status=ProposalStatus.DRAFT).exists():
            raise InvalidInput(
                [
                    Problem(
                        f"Phong trào {movement.code} đã có một dự thảo tờ trình; hãy sửa dự thảo đó."
                    )
                ]
            )
        proposal = Proposal.objects.create(
            movement=movement, as_of=as_of, drafted_by=signed_in(user)
        )
        nominations = []
        for evaluation in evaluations:
            if evaluation.proposal == Suggested.NONE:
                continue
            registration = registrations[evaluation.registration_id]
            if (
                evaluation.proposal == Suggested.AWARD
                and (registration.unit_id, name_key(registration.person_name)) in awarded
            ):
                continue
            nominations.append(
                Nomination(
                    proposal=proposal,
                    purpose=Purpose.AWARD
                    if evaluation.proposal == Suggested.AWARD
                    else Purpose.REVIEW,
                    category=evaluation.category,
                    unit=registration.unit,
                    person_name=registration.person_name,
                    person_position=registration.person_position,
                    achievement=_achievement_text(movement, evaluation)
                    if evaluation.proposal == Suggested.AWARD
                    else _review_text(movement, evaluation),
                    plan=evaluation.plan,
                    disbursed=evaluation.disbursed,
                    rate_percent=evaluation.rate_percent,
                    completion_date=evaluation.completion_date,
                )
            )
        Nomination.objects.bulk_create(nominations)
        log_action(
            "emulation.proposal.drafted",
            user=user,
            obj=proposal,
            data={
                "movement": movement.code,
                "as_of": as_of.isoformat(),
                "awards": sum(n.purpose == Purpose.AWARD for n in nominations),
                "reviews": sum(n.purpose == Purpose.REVIEW for n in nominations),
            },
        )
    return proposal


def _already_awarded(movement: Movement) -> set[tuple[int, str]]:
    """(unit id, `name_key` of the person, "" for the unit) of each award of `movement`."""
    awards = Award.objects.filter(movement=movement).values_list("unit_id", "person_name")
    return {(unit_id, name_key(person)) for unit_id, person in awards}


def _achievement_text(movement: Movement, evaluation) -> str:
    text = (
        f"Đã có thành tích xuất sắc trong phong trào thi đua «{movement.name}»: "
        f"giải ngân {format_rate(evaluation.disbursed, evaluation.plan)} kế hoạch vốn được giao "
        f"({format_millions(evaluation.disbursed)}/{format_millions(evaluation.plan)} triệu đồng)"
    )
    if evaluation.completion_date is not None:
        text += f", hoàn thành ngày {format_date(evaluation.completion_date)}"
    return text + "."


def _review_text(movement: Movement, evaluation) -> str:
    return (
        f"Giải ngân {format_rate(evaluation.disbursed, evaluation.plan)} kế hoạch vốn được giao "
        f"({format_millions(evaluation.disbursed)}/{format_millions(evaluation.plan)} triệu đồng), "
        f"dưới {format_percent(movement.review_below_percent)}."
    )


def _editable_proposal(proposal: Proposal, user: Any) -> None:
    if not user.has_perm("emulation.draft_proposal"):
        raise PermissionDenied
    if proposal.status != ProposalStatus.DRAFT:
        raise InvalidInput([Problem("Tờ trình đã trình, không sửa được nữa.")])


def nomination_add(
    *,
    proposal: Proposal,
    category: str,
    unit: Unit,
    achievement: str,
    user: Any,
    person_name: str = "",
    person_position: str = "",
    women_priority: bool = False,
) -> Nomination:
    """Add an individual or a construction unit (or any collective) with its achievement."""
    _editable_proposal(proposal, user)
    problems = []
    person_name, achievement = person_name.strip(), achievement.strip()
    if category not in Category.values:
        problems.append(Problem("Nhóm đối tượng không có trong danh mục.", column="Nhóm"))
    if category == Category.INDIVIDUAL and not person_name:
        problems.append(Problem("Đề nghị khen cá nhân phải ghi họ và tên.", column="Họ và tên"))
    if category != Category.INDIVIDUAL and person_name:
        problems.append(Problem("Chỉ ghi họ và tên khi đề nghị khen cá nhân.", column="Họ và tên"))
    if not achievement:
        problems.append(Problem("Phải tóm tắt thành tích.", column="Thành tích"))
    if (unit.pk, name_key(person_name)) in _already_awarded(proposal.movement):
        problems.append(
            Problem(
                f"«{person_name or unit.name}» đã được khen về thành tích này (mỗi thành tích chỉ khen một lần)."
            )
        )
    on = max(proposal.as_of, timezone.localdate())
    if reasons := nominee_restrictions(unit_id=unit.pk, person_name=person_name, on=on):
        problems.append(
            Problem(
                restriction_message(person_name or unit.name, reasons, on=on, step="lập danh sách")
            )
        )
    listed = proposal.nominations.filter(purpose=Purpose.AWARD, unit=unit)
    if name_key(person_name) in {
        name_key(name) for name in listed.values_list("person_name", flat=True)
    }:
        problems.append(Problem(f"«{person_name or unit.name}» đã có trong danh sách."))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        nomination = Nomination.objects.create(
            proposal=proposal,
            purpose=Purpose.AWARD,
            category=category,
            unit=unit,
            person_name=person_name,
            person_position=person_position.strip(),
            women_priority=women_priority,
            achievement=achievement,
        )
        log_action(
            "emulation.nomination.added",
            user=user,
            obj=nomination,
            data={"unit": unit.code, "person": person_name, "category": category},
        )
    return nomination


def nomination_remove(*, nomination: Nomination, user: Any) -> None:
    _editable_proposal(nomination.proposal, user)
    with transaction.atomic():
        log_action(
            "emulation.nomination.removed",
            user=user,
            obj=nomination.proposal,
            data={"unit": nomination.unit.code, "person": nomination.person_name},
        )
        nomination.files.all().delete()
        nomination.delete()


def nomination_update(
    *, nomination: Nomination, achievement: str, women_priority: bool, user: Any
) -> Nomination:
    """Change what a dossier says while it is a draft or has been returned."""
    if not user.has_perm("emulation.draft_proposal"):
        raise PermissionDenied
    if not nomination.editable:
        raise InvalidInput([Problem("Hồ sơ đã trình, chỉ sửa được khi bị trả lại.")])
    if not achievement.strip():
        raise InvalidInput([Problem("Phải tóm tắt thành tích.", column="Thành tích")])
    with transaction.atomic():
        nomination.achievement = achievement.strip()
        nomination.women_priority = women_priority
        nomination.save(update_fields=["achievement", "women_priority"])
        log_action("emulation.nomination.changed", user=user, obj=nomination)
    return nomination


ALLOWED_UPLOADS = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".jpg", ".jpeg", ".png"}
MAX_UPLOAD = 5 * 1024 * 1024


def dossier_file_add(
    *,
    nomination: Nomination,
    kind: str,
    name: str,
    content: bytes,
    user: Any,
    generated: bool = False,
) -> DossierFile:
    """Attach a paper to a dossier that Finance-Planning may still change."""
    if not user.has_perm("emulation.draft_proposal"):
        raise PermissionDenied
    if not nomination.editable:
        raise InvalidInput([Problem("Hồ sơ đã trình, chỉ bổ sung được khi bị trả lại.")])
    problems = []
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind not in DossierFileKind.values:
        problems.append(Problem("Loại tài liệu không có trong danh mục.", column="Loại"))
    if suffix not in ALLOWED_UPLOADS:
        problems.append(
            Problem("Chỉ nhận tệp pdf, doc, docx, xls, xlsx, jpg, png.", column="Tệp", value=name)
        )
    if not content:
        problems.append(Problem("Tệp rỗng.", column="Tệp", value=name))
    if len(content) > MAX_UPLOAD:
        problems.append(Problem("Tệp lớn hơn 5 MB.", column="Tệp", value=name))
    elif reason := archive_problem(name, io.BytesIO(content)):
        problems.append(Problem(reason[0].upper() + reason[1:] + ".", column="Tệp", value=name))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        paper = DossierFile(
            nomination=nomination,
            kind=kind,
            name=name[:255],
            generated=generated,
            uploaded_by=signed_in(user),
        )
        paper.file.save(name, ContentFile(content), save=False)
        paper.save()
        log_action(
            "emulation.dossier.file_added",
            user=user,
            obj=nomination,
            data={"kind": kind, "name": name},
        )
    return paper


def proposal_submit(
    *, proposal: Proposal, number: str, submitted_on: dt.date, user: Any
) -> Proposal:
    """Send the proposal with its Tờ trình; every award dossier goes to Internal Affairs."""
    _editable_proposal(proposal, user)
    if not may_sign_submission(user):
        raise PermissionDenied
    problems = []
    number = number.strip()
    if not number:
        problems.append(Problem("Phải ghi số tờ trình.", column="Số tờ trình"))
    if submitted_on < proposal.as_of:
        problems.append(
            Problem(
                f"Ngày trình phải từ ngày số liệu ({format_date(proposal.as_of)}) trở đi.",
                column="Ngày trình",
            )
        )
    if not proposal.nominations.exists():
        problems.append(Problem("Danh sách đề nghị đang trống."))
    if proposal.provisional:
        deadline = proposal.movement.completion_deadline
        problems.append(
            Problem(
                f"Danh sách tạm tính: số liệu đến ngày {format_date(proposal.as_of)}, trước hạn "
                f"hoàn thành của phong trào ({format_date(deadline)}). Chỉ trình được danh sách "
                f"lập với số liệu đến hạn hoàn thành, sau khi hạn đã qua.",
                column="Số liệu đến ngày",
            )
        )
    for nomination in proposal.nominations.filter(purpose=Purpose.AWARD).select_related("unit"):
        if stop := restriction_stop(nomination, S.SUBMITTED, submitted_on):
            problems.append(Problem(stop + " Hãy bỏ hồ sơ này khỏi danh sách."))
    for stop in ledger_stops(proposal).values():
        problems.append(Problem(stop + " Hãy bỏ hồ sơ này khỏi danh sách hoặc lập lại danh sách."))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ProposalStatus.DRAFT:
            raise InvalidInput([Problem("Tờ trình đã trình, không sửa được nữa.")])
        proposal.number = number
        proposal.submitted_on = submitted_on
        proposal.status = ProposalStatus.SUBMITTED
        proposal.document.save(
            f"to-trinh-{proposal.movement.code}.docx",
            ContentFile(papers.submission_docx(proposal, signer=user)),
            save=False,
        )
        proposal.save()
        moved = []
        for nomination in proposal.nominations.filter(purpose=Purpose.AWARD).select_related("unit"):
            if not nomination.files.filter(kind=DossierFileKind.ACHIEVEMENT_REPORT).exists():
                paper = DossierFile(
                    nomination=nomination,
                    kind=DossierFileKind.ACHIEVEMENT_REPORT,
                    name=f"bao-cao-thanh-tich-{nomination.unit.code}.docx",
                    generated=True,
                    uploaded_by=signed_in(user),
                )
                paper.file.save(
                    paper.name, ContentFile(papers.achievement_report_docx(nomination)), save=False
                )
                paper.save()
            moved.append(step_take(nomination.pk, S.SUBMITTED, user, "", on=submitted_on))
        log_action(
            "emulation.proposal.submitted",
            user=user,
            obj=proposal,
            data={
                "number": number,
                "submitted_on": submitted_on.isoformat(),
                "dossiers": len(moved),
            },
        )
        notify_step(moved, S.SUBMITTED, user)
    return proposal


def dossiers_move(
    *,
    nominations: list[Nomination],
    to_status: str,
    user: Any,
    reason: str = "",
    on: dt.date | None = None,
) -> list[Nomination]:
    """Take the same step on several dossiers at once (all or none); one notification."""
    hand_step_check(to_status)
    if to_status == S.ELIGIBLE:
        # Appraised on the ledger as it stands: a late correction may have changed a figure.
        stops: dict[int, str] = {}
        for proposal in {nomination.proposal for nomination in nominations}:
            stops.update(ledger_stops(proposal))
        if found := [stops[n.pk] for n in nominations if n.pk in stops]:
            raise InvalidInput([Problem(stop) for stop in found])
    with transaction.atomic():
        moved = [
            step_take(nomination.pk, to_status, user, reason, on=on, by_hand=True)
            for nomination in nominations
        ]
        notify_step(moved, to_status, user)
    return moved


def dossier_transition(
    *,
    nomination: Nomination,
    to_status: str,
    user: Any,
    reason: str = "",
    on: dt.date | None = None,
) -> Nomination:
    """Move one dossier one step on `on` (today by default); notify who acts next."""
    (moved,) = dossiers_move(
        nominations=[nomination], to_status=to_status, user=user, reason=reason, on=on
    )
    return moved
