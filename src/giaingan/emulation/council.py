"""The Emulation & Commendation Council: a session, each member's vote, and the tally.

The threshold, its denominator and the quorum come from the rule set in force on the day
of the session (`giaingan.rulebook`): by default a nominee passes with agree votes from more
than half of all members, and a session needs more than half of the members present.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.emulation import papers
from giaingan.emulation.evaluation import ledger_stops
from giaingan.emulation.models import (
    Attendance,
    CouncilSession,
    DossierStatus,
    Movement,
    Nomination,
    SessionStatus,
    Vote,
    VoteChoice,
)
from giaingan.emulation.selectors import awaiting_council, council_members, session_results
from giaingan.emulation.votes import quorum_met
from giaingan.emulation.workflow import notify_step, restriction_stop, step_take, users_with
from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.notifications.services import notify
from giaingan.org.models import Role, Unit
from giaingan.rulebook.selectors import rules_on


def session_open(
    *,
    movement: Movement,
    council: Unit,
    held_at: dt.datetime,
    venue: str,
    chair_name: str,
    secretary_name: str,
    present: set[int],
    written: set[int],
    user: Any,
) -> CouncilSession:
    """Open a session with its roll call; every eligible dossier goes before the council."""
    if not user.has_perm("emulation.run_session"):
        raise PermissionDenied
    members = council_members(council)
    member_ids = {member.pk for member in members}
    rules = rules_on(held_at.date())
    problems = []
    if not members:
        problems.append(Problem(f"«{council.name}» chưa có thành viên nào."))
    if (present | written) - member_ids:
        problems.append(Problem("Có người không phải thành viên Hội đồng trong danh sách dự họp."))
    if present & written:
        problems.append(Problem("Thành viên có mặt không gửi ý kiến bằng văn bản."))
    if members and not quorum_met(present=len(present), members=len(members), quorum=rules.quorum):
        problems.append(
            Problem(
                f"Không đủ số thành viên dự họp: có mặt {len(present)}/{len(members)}, "
                f"cần trên {rules.quorum * 100:.0f}% thành viên."
            )
        )
    if not venue.strip() or not chair_name.strip() or not secretary_name.strip():
        problems.append(Problem("Phải ghi địa điểm, người chủ trì và thư ký."))
    held_on = timezone.localtime(held_at).date() if timezone.is_aware(held_at) else held_at.date()
    if held_on > timezone.localdate():
        problems.append(
            Problem(
                f"Không ghi được phiên họp vào ngày sau hôm nay ({format_date(held_on)}).",
                column="Thời gian họp",
            )
        )
    eligible = list(awaiting_council(movement))
    # A nominee restricted since its appraisal does not go before the council (Decree 98).
    # Nor one that a late correction of the ledger took below a criterion.
    corrected: dict[int, str] = {}
    for proposal in {n.proposal for n in eligible}:
        corrected.update(ledger_stops(proposal))
    stopped = {
        n.pk: restriction_stop(n, DossierStatus.AT_COUNCIL, held_on) or corrected.get(n.pk, "")
        for n in eligible
    }
    dossiers = [n for n in eligible if not stopped[n.pk]]
    if not dossiers:
        problems.append(Problem("Chưa có hồ sơ nào được thẩm định đủ điều kiện để trình Hội đồng."))
        problems += [Problem(reason) for reason in stopped.values() if reason]
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        session = CouncilSession.objects.create(
            movement=movement,
            council=council,
            held_at=held_at,
            venue=venue.strip(),
            chair_name=chair_name.strip(),
            secretary_name=secretary_name.strip(),
            opened_by=user,
        )
        Attendance.objects.bulk_create(
            Attendance(
                session=session,
                member=member,
                present=member.pk in present,
                written_opinion=member.pk in written,
            )
            for member in members
        )
        set_aside = [
            step_take(n.pk, DossierStatus.INELIGIBLE, user, stopped[n.pk], on=held_on)
            for n in eligible
            if stopped[n.pk]
        ]
        moved = [
            step_take(dossier.pk, DossierStatus.AT_COUNCIL, user, "", on=held_on)
            for dossier in dossiers
        ]
        Nomination.objects.filter(pk__in=[dossier.pk for dossier in moved]).update(
            council_session=session
        )
        log_action(
            "emulation.session.opened",
            user=user,
            obj=session,
            data={
                "present": sorted(present),
                "written": sorted(written),
                "members": len(members),
                "dossiers": len(moved),
                "set_aside": [n.pk for n in set_aside],
            },
        )
        notify_step(moved, DossierStatus.AT_COUNCIL, user)
        notify_step(set_aside, DossierStatus.INELIGIBLE, user)
    return session


def vote_cast(
    *, session: CouncilSession, nomination: Nomination, member: Any, choice: str, user: Any
) -> Vote:
    """A present member votes for themself; Internal Affairs records an absent one's letter."""
    if choice not in VoteChoice.values:
        raise InvalidInput([Problem("Biểu quyết không hợp lệ.", value=choice)])
    with transaction.atomic():
        # Lock the session: a vote must not slip in while it is being closed.
        session = CouncilSession.objects.select_for_update().get(pk=session.pk)
        seat = Attendance.objects.filter(session=session, member=member).first()
        if seat is None:
            raise PermissionDenied
        written = not seat.present
        if written:
            if not seat.written_opinion or not user.has_perm("emulation.run_session"):
                raise PermissionDenied
        elif user.pk != member.pk or not user.has_perm("emulation.vote", session):
            raise PermissionDenied
        if session.status != SessionStatus.OPEN:
            raise InvalidInput([Problem("Phiên họp đã kết thúc, không biểu quyết được nữa.")])
        if (
            nomination.council_session_id != session.pk
            or nomination.status != DossierStatus.AT_COUNCIL
        ):
            raise InvalidInput(
                [Problem(f"Hồ sơ «{nomination.nominee}» không có trong phiên họp này.")]
            )
        vote, _ = Vote.objects.update_or_create(
            session=session,
            nomination=nomination,
            member=member,
            defaults={"choice": choice, "written": written, "recorded_by": user},
        )
        log_action(
            "emulation.vote.cast",
            user=user,
            obj=vote,
            data={
                "member": member.username,
                "nomination": nomination.pk,
                "choice": choice,
                "written": written,
            },
        )
    return vote


def session_end_default(session: CouncilSession) -> dt.datetime:
    """When the meeting ended, unless told: now for a meeting held today; for one held on an
    earlier day, its start time on that day (the Biên bản must not end a 2025 meeting on
    the day someone closed it in the app)."""
    now = timezone.now()
    if timezone.localtime(session.held_at).date() == timezone.localtime(now).date():
        return now
    return session.held_at


def session_end_at(session: CouncilSession, typed: str) -> dt.datetime:
    """The end of the meeting from a typed time of day ("16:30") on the meeting's own date;
    the default (`session_end_default`) when nothing is typed."""
    typed = typed.strip()
    if not typed:
        return session_end_default(session)
    try:
        clock = dt.datetime.strptime(typed, "%H:%M").time()
    except ValueError:
        raise InvalidInput(
            [
                Problem(
                    f"Giờ kết thúc «{typed}» không đúng dạng giờ:phút (ví dụ 16:30).",
                    column="Giờ kết thúc",
                )
            ]
        ) from None
    held = timezone.localtime(session.held_at)
    return held.replace(hour=clock.hour, minute=clock.minute, second=0, microsecond=0)


def session_close(
    *, session: CouncilSession, user: Any, ended_at: dt.datetime | None = None
) -> CouncilSession:
    """Close the vote and keep the minutes (Biên bản) with each member's vote, the tally and
    the time the meeting ended (now, unless given: not before it began, not to come)."""
    if not user.has_perm("emulation.run_session"):
        raise PermissionDenied
    ended_at = ended_at or session_end_default(session)
    if ended_at < session.held_at or ended_at > timezone.now():
        raise InvalidInput(
            [
                Problem(
                    "Thời gian kết thúc phải sau thời gian họp và không sau lúc này.",
                    column="Thời gian kết thúc",
                )
            ]
        )
    with transaction.atomic():
        session = CouncilSession.objects.select_for_update().get(pk=session.pk)
        if session.status != SessionStatus.OPEN:
            raise InvalidInput([Problem("Phiên họp đã kết thúc.")])
        results = session_results(session)
        session.status = SessionStatus.CLOSED
        session.ended_at = ended_at
        session.minutes.save(
            f"bien-ban-hoi-dong-{session.movement.code}.docx",
            ContentFile(papers.minutes_docx(session, results)),
            save=False,
        )
        session.save()
        passed = sum(tally.passed for tally in results.values())
        nominees = {
            nomination.pk: nomination.nominee
            for nomination in Nomination.objects.filter(pk__in=results).select_related("unit")
        }
        log_action(
            "emulation.session.closed",
            user=user,
            obj=session,
            data={
                "dossiers": len(results),
                "passed_total": passed,
                # Each dossier's tally, named as the minutes name it.
                "results": [
                    {
                        "nomination": pk,
                        "nominee": nominees.get(pk, ""),
                        "agree": tally.agree,
                        "passed": tally.passed,
                    }
                    for pk, tally in results.items()
                ],
            },
        )
        notify(
            users_with(Role.INTERNAL_AFFAIRS, Role.CHAIRMAN, Role.VICE_CHAIRMAN),
            subject=f"[{session.movement.code}] Hội đồng đã biểu quyết: {passed}/{len(results)} hồ sơ đạt",
            body="Niêm yết công khai danh sách trước khi trình Chủ tịch quyết định.",
            url=f"/thi-dua/{session.movement.code}/ho-so/",
        )
    return session
