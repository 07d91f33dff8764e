"""The council's pages: opening a session with its roll call, the session with its tally and
ballots (a member sees only their own until it closes), written opinions, closing it with
its minutes (Biên bản)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giaingan.emulation.council import (
    session_close,
    session_end_at,
    session_end_default,
    session_open,
    vote_cast,
)
from giaingan.emulation.forms_pipeline import (
    ABSENT,
    PRESENT,
    ROLL_CALL,
    WRITTEN,
    SessionOpenForm,
    day_text,
)
from giaingan.emulation.models import (
    Attendance,
    CouncilSession,
    Movement,
    Nomination,
    SessionStatus,
    Vote,
    VoteChoice,
)
from giaingan.emulation.rules import sees_all_ballots
from giaingan.emulation.selectors import (
    awaiting_council,
    council_members,
    session_dossiers,
    session_results,
)
from giaingan.emulation.views_pipeline import (
    DOCX,
    VIEW,
    download,
    movement_or_404,
    session_or_404,
)
from giaingan.emulation.votes import Tally
from giaingan.lib.money import format_number
from giaingan.lib.text import record_id
from giaingan.org.models import Unit, UnitKind
from giaingan.rulebook.selectors import rules_on
from giaingan.web.access import require
from giaingan.web.problems import form_submit


def councils_all():
    """The council units, read afresh (a form class's own queryset keeps its first results)."""
    return Unit.objects.filter(kind=UnitKind.COUNCIL).order_by("name")


@dataclass
class RollCallRow:
    member: object
    choice: str


@require_http_methods(["GET", "POST"])
@login_required
def session_new(request: HttpRequest, code: str) -> HttpResponse:
    """Open a council session: the council, when and where, who chairs, and the roll call."""
    require(request, "emulation.run_session")
    movement = movement_or_404(code)
    if request.method == "POST":
        return _session_open(request, movement)
    councils = list(councils_all())
    chosen = None
    if (wanted := record_id(request.GET.get("hoi_dong"))) is not None:
        chosen = next((c for c in councils if c.pk == wanted), None)
    elif len(councils) == 1:
        chosen = councils[0]
    form = SessionOpenForm(
        initial={
            "council": chosen.pk if chosen else None,
            "held_on": day_text(timezone.localdate()),
            "held_time": "08:00",
        }
    )
    members = council_members(chosen) if chosen else []
    return session_new_page(
        request, movement, form, chosen, [RollCallRow(m, PRESENT) for m in members]
    )


def session_new_page(
    request: HttpRequest,
    movement: Movement,
    form: SessionOpenForm,
    council,
    roll: list[RollCallRow],
    *,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "emulation/pipeline_session_new.html",
        {
            "movement": movement,
            "form": form,
            "council": council,
            "councils": list(councils_all()),
            "roll": roll,
            "roll_choices": ROLL_CALL,
            "eligible": awaiting_council(movement),
            "problems": problems or [],
            "what": "Chưa mở được phiên họp.",
        },
        status=status,
    )


def _session_open(request: HttpRequest, movement: Movement) -> HttpResponse:
    form = SessionOpenForm(request.POST)
    council = None
    if form.is_valid():
        council = form.cleaned_data["council"]
    elif (wanted := record_id(request.POST.get("council"))) is not None:
        council = councils_all().filter(pk=wanted).first()
    members = council_members(council) if council else []
    roll = [RollCallRow(m, request.POST.get(f"tv-{m.pk}", "")) for m in members]

    def act(data: dict) -> CouncilSession:
        return session_open(
            movement=movement,
            council=council,
            held_at=timezone.make_aware(dt.datetime.combine(data["held_on"], data["held_time"])),
            venue=data["venue"],
            chair_name=data["chair_name"],
            secretary_name=data["secretary_name"],
            present={row.member.pk for row in roll if row.choice == PRESENT},
            written={row.member.pk for row in roll if row.choice == WRITTEN},
            user=request.user,
        )

    def done(meeting: CouncilSession) -> HttpResponse:
        messages.success(
            request,
            f"Đã mở phiên họp; {meeting.dossiers.count()} hồ sơ được trình Hội đồng biểu quyết.",
        )
        return redirect("awards:session", code=movement.code, pk=meeting.pk)

    return form_submit(
        form,
        act,
        done=done,
        again=lambda problems: session_new_page(
            request, movement, form, council, roll, problems=problems, status=400
        ),
        found=[
            f"Chưa điểm danh thành viên {row.member.get_full_name() or row.member.username}."
            for row in roll
            if row.choice not in {PRESENT, WRITTEN, ABSENT}
        ],
    )


@dataclass
class SessionRow:
    nomination: Nomination
    tally: Tally
    mine: str = ""


@dataclass
class MemberRow:
    seat: Attendance
    choices: list[str]

    @property
    def name(self) -> str:
        return self.seat.member.get_full_name() or self.seat.member.username

    @property
    def attendance(self) -> str:
        if self.seat.present:
            return "Có mặt"
        return "Vắng, có ý kiến bằng văn bản" if self.seat.written_opinion else "Vắng"


@require_GET
@login_required
def session(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The session: dossiers with the live tally, each member's vote, and the ballots."""
    require(request, VIEW)
    return session_page(request, session_or_404(movement_or_404(code), pk))


def session_page(
    request: HttpRequest,
    meeting: CouncilSession,
    *,
    problems: list[str] | None = None,
    what: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    held_on = timezone.localtime(meeting.held_at).date()
    rules = rules_on(held_on)
    results = session_results(meeting)
    dossiers = list(session_dossiers(meeting).select_related("proposal"))
    seats = list(
        meeting.attendance.select_related("member").order_by(
            "member__last_name", "member__first_name", "member__username"
        )
    )
    votes = {(v.member_id, v.nomination_id): v for v in meeting.votes.all()}
    rows = [SessionRow(nomination=n, tally=results[n.pk]) for n in dossiers]
    for row in rows:
        mine = votes.get((user.pk, row.nomination.pk))
        row.mine = mine.choice if mine else ""
    sees_all = sees_all_ballots(user, meeting)
    members = [
        MemberRow(
            seat=seat,
            choices=[_vote_label(votes.get((seat.member_id, n.pk))) for n in dossiers],
        )
        for seat in seats
        if sees_all or seat.member_id == user.pk
    ]
    is_open = meeting.status == SessionStatus.OPEN
    my_seat = next((seat for seat in seats if seat.member_id == user.pk), None)
    can_vote = (
        is_open
        and my_seat is not None
        and my_seat.present
        and user.has_perm("emulation.vote", meeting)
    )
    can_run = user.has_perm("emulation.run_session")
    letters = [seat for seat in seats if not seat.present and seat.written_opinion]
    denominator = (
        "tổng số thành viên Hội đồng"
        if rules.vote_denominator == "all"
        else "số thành viên dự họp và có ý kiến bằng văn bản"
    )
    present = sum(seat.present for seat in seats)
    return render(
        request,
        "emulation/pipeline_session.html",
        {
            "movement": meeting.movement,
            "meeting": meeting,
            "is_open": is_open,
            "rows": rows,
            "dossiers": dossiers,
            "members": members,
            "present": present,
            "seats": seats,
            "can_vote": can_vote,
            "sees_all": sees_all,
            "my_seat": my_seat,
            "can_run": can_run and is_open,
            "held_on": held_on,
            "ended_default": timezone.localtime(session_end_default(meeting)),
            "letters": letters if can_run and is_open else [],
            "choices": VoteChoice.choices,
            "threshold_text": (
                f"Hồ sơ được Hội đồng đề nghị khen thưởng khi số phiếu đồng ý nhiều hơn "
                f"{format_number(rules.vote_threshold * 100)}% {denominator}. Phiên họp hợp lệ "
                f"khi có mặt trên {format_number(rules.quorum * 100)}% thành viên "
                f"(quy định áp dụng ngày {day_text(held_on)})."
            ),
            "proposals": sorted({n.proposal for n in dossiers}, key=lambda p: p.pk),
            "problems": problems or [],
            "what": what,
        },
        status=status,
    )


def _vote_label(vote: Vote | None) -> str:
    if vote is None:
        return ""
    label = str(VoteChoice(vote.choice).label)
    return f"{label} (văn bản)" if vote.written else label


@require_POST
@login_required
def ballot(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A present council member's own votes, one per dossier."""
    require(request, VIEW)
    meeting = session_or_404(movement_or_404(code), pk)
    require(request, "emulation.vote", meeting)
    return _cast(request, meeting, member=request.user)


@require_POST
@login_required
def written_opinion(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Internal Affairs records an absent member's written opinion."""
    require(request, "emulation.run_session")
    meeting = session_or_404(movement_or_404(code), pk)
    member_id = record_id(request.POST.get("member"))
    seat = None
    if member_id is not None:
        seat = (
            meeting.attendance.select_related("member")
            .filter(member_id=member_id, present=False, written_opinion=True)
            .first()
        )
    return _cast(request, meeting, member=seat.member if seat is not None else None)


def _cast(request: HttpRequest, meeting: CouncilSession, *, member) -> HttpResponse:
    """Record every vote of the ballot, or none."""
    choices = {
        nomination: request.POST.get(f"phieu-{nomination.pk}", "")
        for nomination in session_dossiers(meeting)
    }
    choices = {nomination: choice for nomination, choice in choices.items() if choice}
    found = []
    if member is None:
        found.append("Chọn một thành viên vắng mặt có ý kiến bằng văn bản.")
    elif not choices:
        found.append("Chưa chọn biểu quyết cho hồ sơ nào.")

    def act(_) -> None:
        with transaction.atomic():
            for nomination, choice in choices.items():
                vote_cast(
                    session=meeting,
                    nomination=nomination,
                    member=member,
                    choice=choice,
                    user=request.user,
                )

    def done(_) -> HttpResponse:
        whose = (
            ""
            if member.pk == request.user.pk
            else f" của {member.get_full_name() or member.username}"
        )
        messages.success(request, f"Đã ghi {len(choices)} phiếu biểu quyết{whose}.")
        return redirect("awards:session", code=meeting.movement.code, pk=meeting.pk)

    what = (
        "Chưa ghi được ý kiến bằng văn bản."
        if member is None
        else "Chưa ghi được phiếu biểu quyết."
    )
    return form_submit(
        None, act, done=done, again=_session_again(request, meeting, what), found=found
    )


def _session_again(request: HttpRequest, meeting: CouncilSession, what: str):
    return lambda problems: session_page(request, meeting, problems=problems, what=what, status=400)


@require_POST
@login_required
def session_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Close the vote; the minutes (Biên bản) are drawn and kept."""
    require(request, "emulation.run_session")
    meeting = session_or_404(movement_or_404(code), pk)

    def act(_) -> CouncilSession:
        ended_at = session_end_at(meeting, request.POST.get("ended_time", ""))
        return session_close(session=meeting, user=request.user, ended_at=ended_at)

    def done(_) -> HttpResponse:
        messages.success(request, "Đã kết thúc phiên họp và lập Biên bản.")
        return redirect("awards:session", code=meeting.movement.code, pk=meeting.pk)

    return form_submit(
        None,
        act,
        done=done,
        again=_session_again(request, meeting, "Chưa kết thúc được phiên họp."),
    )


@require_GET
@login_required
def session_minutes(request: HttpRequest, code: str, pk: int) -> FileResponse:
    require(request, VIEW)
    meeting = session_or_404(movement_or_404(code), pk)
    return download(meeting.minutes, f"bien-ban-hoi-dong-{code}-{meeting.pk}.docx", DOCX)
