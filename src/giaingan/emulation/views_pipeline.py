"""Pages of the award pipeline under /thi-dua/<code>/: the proposal and its dossiers, the
council's session, the public posting and the chairman's decision.

The views read and show. Every write goes through the services (pipeline, council,
publicity, decisions), which check the permission again and refuse bad input with
Vietnamese problems; a refused form comes back with those problems, status 400, and nothing
written. Papers are downloaded through these views, never from a public media URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giaingan.emulation.council import (
    council_members,
    session_close,
    session_end_at,
    session_end_default,
    session_open,
    session_results,
    vote_cast,
)
from giaingan.emulation.decisions import decision_issue, decision_problems
from giaingan.emulation.forms_pipeline import (
    ABSENT,
    FOUNDED,
    PRESENT,
    ROLL_CALL,
    WRITTEN,
    BulkStepForm,
    DecisionForm,
    DossierFileForm,
    DraftForm,
    NominationAddForm,
    NominationUpdateForm,
    ObjectionAnswerForm,
    PostingForm,
    SessionOpenForm,
    StepForm,
    SubmitForm,
    day_text,
)
from giaingan.emulation.models import (
    Attendance,
    AwardDecision,
    CouncilSession,
    DossierFile,
    DossierStatus,
    Movement,
    Nomination,
    Objection,
    Posting,
    Proposal,
    ProposalStatus,
    Purpose,
    SessionStatus,
    Vote,
    VoteChoice,
)
from giaingan.emulation.pipeline import (
    MAX_UPLOAD,
    TRANSITIONS,
    allowed_steps,
    appraisal_due,
    dossier_file_add,
    dossier_transition,
    dossiers_move,
    nomination_add,
    nomination_remove,
    nomination_update,
    proposal_draft,
    proposal_submit,
)
from giaingan.emulation.publicity import objection_answer, posting_open
from giaingan.emulation.rules import may_decide, sees_all_ballots
from giaingan.emulation.selectors import session_dossiers
from giaingan.emulation.votes import Tally
from giaingan.lib.money import format_number
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.org.models import Unit, UnitKind
from giaingan.rulebook.selectors import calendar_gap_warning, rules_on
from giaingan.web.access import require

S = DossierStatus
VIEW = "emulation.view_pipeline"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CALENDAR_AHEAD = dt.timedelta(days=62)
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": DOCX,
    ".doc": "application/msword",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}

# Who takes a step to each status: one permission per target (pipeline.TRANSITIONS).
STEP_PERMISSION = {target: step.permission for (_, target), step in TRANSITIONS.items()}
# Steps the pages take by hand. The others belong to a flow that does more than move the
# dossier: opening a council session, issuing the decision.
HAND_STEPS = {
    S.SUBMITTED: "Trình Phòng Nội vụ",
    S.RECEIVED: "Tiếp nhận",
    S.RETURNED: "Trả lại",
    S.ELIGIBLE: "Đủ điều kiện",
    S.INELIGIBLE: "Không đủ điều kiện",
}
FLOW_STEPS = {
    S.AT_COUNCIL: "Hồ sơ được trình Hội đồng khi mở phiên họp Hội đồng.",
    S.AWARDED: "Hồ sơ được khen thưởng khi Chủ tịch ban hành quyết định.",
    S.NOT_AWARDED: "Hồ sơ không được khen thưởng khi Chủ tịch ban hành quyết định.",
}
GOOD = {S.ELIGIBLE, S.AWARDED}
BAD = {S.RETURNED, S.INELIGIBLE, S.NOT_AWARDED}
FINISHED = {S.AWARDED, S.NOT_AWARDED, S.INELIGIBLE}


# --- Shapes the templates show -----------------------------------------------------------


@dataclass
class StepButton:
    target: str
    label: str
    needs_reason: bool


@dataclass
class DossierRow:
    nomination: Nomination
    steps: list[StepButton]
    files: list[DossierFile]
    update_form: forms.Form | None = None
    reason: str = ""

    @property
    def appraisal_due(self):
        return appraisal_due(self.nomination)

    @property
    def badge(self) -> str:
        return status_badge(self.nomination.status)


@dataclass
class ObjectionRow:
    objection: Objection
    form: forms.Form | None


@dataclass
class ProposalView:
    proposal: Proposal
    awards: list[DossierRow]
    reviews: list[DossierRow]
    sessions: list[CouncilSession]
    posting: Posting | None
    objections: list[ObjectionRow]
    decisions: list[AwardDecision]
    bulk_steps: list[StepButton] = field(default_factory=list)
    bulk_form: forms.Form | None = None
    posting_form: forms.Form | None = None
    can_open_session: bool = False
    decision_form: forms.Form | None = None
    decision_blockers: list[str] = field(default_factory=list)
    decision_day: dt.date | None = None

    @property
    def is_draft(self) -> bool:
        return self.proposal.status == ProposalStatus.DRAFT

    @property
    def selectable(self) -> list[int]:
        return [row.nomination.pk for row in self.awards if row.steps]


def status_badge(status: str) -> str:
    return "ok" if status in GOOD else "bad" if status in BAD else ""


def problem_messages(problems: list[Problem]) -> list[str]:
    """A service's problems as sentences for a page (a form has fields, not columns)."""
    shown = []
    for problem in problems:
        text = problem.reason
        if problem.column:
            text = f"{problem.column}: {text}"
        if problem.value != "":
            text += f" (giá trị: «{problem.value}»)"
        shown.append(text)
    return shown


def form_messages(form: forms.Form) -> list[str]:
    """Each field error as "Label: message", to list above the page."""
    found = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        found += [f"{label}: {error}" if label else str(error) for error in errors]
    return found


def _steps_for(nomination: Nomination, user) -> list[StepButton]:
    return [
        StepButton(
            target, HAND_STEPS[target], TRANSITIONS[(nomination.status, target)].needs_reason
        )
        for target in allowed_steps(nomination, user)
        if target in HAND_STEPS
    ]


# --- Look-ups ----------------------------------------------------------------------------


def _movement(code: str) -> Movement:
    return get_object_or_404(Movement, code=code)


def _proposal(movement: Movement, pk: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("movement"), pk=pk, movement=movement)


def _nomination(movement: Movement, pk: int) -> Nomination:
    return get_object_or_404(
        Nomination.objects.select_related("unit", "proposal__movement"),
        pk=pk,
        proposal__movement=movement,
    )


def _session(movement: Movement, pk: int) -> CouncilSession:
    return get_object_or_404(
        CouncilSession.objects.select_related("council", "movement"), pk=pk, movement=movement
    )


def _decision(movement: Movement, pk: int) -> AwardDecision:
    return get_object_or_404(
        AwardDecision.objects.select_related("proposal", "signer", "movement"),
        pk=pk,
        movement=movement,
    )


def _pipeline_url(movement: Movement, anchor: str = "") -> str:
    url = reverse("awards:pipeline", kwargs={"code": movement.code})
    return f"{url}#{anchor}" if anchor else url


def _dossier_url(nomination: Nomination) -> str:
    return reverse(
        "awards:dossier",
        kwargs={"code": nomination.proposal.movement.code, "pk": nomination.pk},
    )


def _sent_review(nomination: Nomination) -> list[str]:
    """A review line stays "draft" after its proposal is sent, yet it is sent all the same."""
    if nomination.purpose == Purpose.REVIEW and nomination.proposal.status != ProposalStatus.DRAFT:
        return ["Tờ trình đã trình, không sửa được danh sách kiểm điểm nữa."]
    return []


def has_open_dossiers(movement: Movement) -> bool:
    """A submitted award dossier still on its way (not yet decided or found ineligible)."""
    return (
        Nomination.objects.filter(
            proposal__movement=movement,
            proposal__status=ProposalStatus.SUBMITTED,
            purpose=Purpose.AWARD,
        )
        .exclude(status__in=FINISHED)
        .exists()
    )


# --- The proposals page ------------------------------------------------------------------


@require_GET
@login_required
def pipeline(request: HttpRequest, code: str) -> HttpResponse:
    """Hồ sơ khen thưởng: the movement's proposals, latest first, with what each user may do."""
    require(request, VIEW)
    return _pipeline_page(request, _movement(code))


def _refused(
    request: HttpRequest, movement: Movement, what: str, *, bound: dict, problems: list[str]
) -> HttpResponse:
    """The page again with the form as it was sent and every message; nothing was written."""
    return _pipeline_page(request, movement, bound=bound, problems=problems, what=what, status=400)


def _pipeline_page(
    request: HttpRequest,
    movement: Movement,
    *,
    bound: dict[str, forms.Form] | None = None,
    problems: list[str] | None = None,
    what: str = "",
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    user = request.user
    today = timezone.localdate()
    can_draft = user.has_perm("emulation.draft_proposal")
    proposals = list(
        movement.proposals.select_related("drafted_by").prefetch_related(
            Prefetch(
                "nominations",
                queryset=Nomination.objects.select_related("unit").prefetch_related("files"),
            ),
            Prefetch("postings", queryset=Posting.objects.order_by("-posted_on")),
            Prefetch("decisions", queryset=AwardDecision.objects.order_by("-decided_on")),
        )
    )
    views = [_proposal_view(request, proposal, bound) for proposal in proposals]
    draft = next((view for view in views if view.is_draft), None)
    draft_form = None
    if can_draft and draft is None and not has_open_dossiers(movement):
        draft_form = bound.get("draft") or DraftForm(
            initial={"as_of": day_text(movement.completion_deadline)}
        )
    add_form = submit_form = None
    if draft is not None and can_draft:
        add_form = bound.get("add") or NominationAddForm()
        submit_form = bound.get("submit") or SubmitForm(
            initial={"submitted_on": day_text(max(timezone.localdate(), draft.proposal.as_of))}
        )
    return render(
        request,
        "emulation/pipeline_proposals.html",
        {
            "movement": movement,
            "views": views,
            "draft": draft,
            "draft_form": draft_form,
            "add_form": add_form,
            "submit_form": submit_form,
            "can_draft": can_draft,
            "problems": problems or [],
            "what": what,
            # From two months ahead, deadlines made now in working days may end in a year
            # whose days off are not in the calendar yet.
            "calendar_warning": calendar_gap_warning(today, today + CALENDAR_AHEAD),
        },
        status=status,
    )


def _proposal_view(
    request: HttpRequest, proposal: Proposal, bound: dict[str, forms.Form]
) -> ProposalView:
    user = request.user
    nominations = list(proposal.nominations.all())
    is_draft = proposal.status == ProposalStatus.DRAFT
    can_edit = is_draft and user.has_perm("emulation.draft_proposal")

    def row(nomination: Nomination) -> DossierRow:
        step_form = bound.get(f"step-{nomination.pk}")
        return DossierRow(
            nomination=nomination,
            steps=[] if is_draft else _steps_for(nomination, user),
            files=list(nomination.files.all()),
            update_form=(
                bound.get(f"update-{nomination.pk}")
                or NominationUpdateForm.for_nomination(nomination, prefix=f"n{nomination.pk}")
            )
            if can_edit
            else None,
            reason=step_form["reason"].value() or "" if step_form is not None else "",
        )

    awards = [row(n) for n in nominations if n.purpose == Purpose.AWARD]
    reviews = [row(n) for n in nominations if n.purpose == Purpose.REVIEW]
    postings = list(proposal.postings.all())
    posting = postings[0] if postings else None
    objections = []
    if posting is not None:
        can_answer = user.has_perm("emulation.answer_objection")
        waiting = [row.nomination for row in awards if row.nomination.status == S.AT_COUNCIL]
        for objection in posting.objections.select_related("nomination__unit", "answered_by"):
            form = None
            if can_answer and objection.answered_at is None:
                form = bound.get(f"answer-{objection.pk}") or ObjectionAnswerForm(
                    prefix=f"o{objection.pk}", dossiers=waiting
                )
            objections.append(ObjectionRow(objection, form))
    view = ProposalView(
        proposal=proposal,
        awards=awards,
        reviews=reviews,
        sessions=list(
            CouncilSession.objects.filter(dossiers__proposal=proposal)
            .select_related("council")
            .distinct()
            .order_by("-held_at")
        ),
        posting=posting,
        objections=objections,
        decisions=list(proposal.decisions.all()),
    )
    if is_draft:
        return view
    targets = {button.target: button for row in awards for button in row.steps}
    view.bulk_steps = [targets[target] for target in HAND_STEPS if target in targets]
    if view.bulk_steps:
        view.bulk_form = bound.get(f"bulk-{proposal.pk}")
    statuses = {row.nomination.status for row in awards}
    view.can_open_session = S.ELIGIBLE in statuses and user.has_perm("emulation.run_session")
    council_done = any(s.status == SessionStatus.CLOSED for s in view.sessions) and not any(
        s.status == SessionStatus.OPEN for s in view.sessions
    )
    if (
        posting is None
        and council_done
        and S.AT_COUNCIL in statuses
        and user.has_perm("emulation.post_publicly")
    ):
        view.posting_form = bound.get(f"posting-{proposal.pk}") or PostingForm(
            initial={"posted_on": day_text(timezone.localdate())}
        )
    if S.AT_COUNCIL in statuses and may_decide(user):
        form = bound.get(f"decision-{proposal.pk}") or DecisionForm(
            initial={"decided_on": day_text(timezone.localdate())}
        )
        day = timezone.localdate()
        if form.is_bound and form.is_valid():
            day = form.cleaned_data["decided_on"]
        view.decision_form = form
        view.decision_day = day
        view.decision_blockers = problem_messages(decision_problems(proposal, day))
    return view


@require_POST
@login_required
def proposal_new(request: HttpRequest, code: str) -> HttpResponse:
    """Lập danh sách đề nghị: draft the list from the evaluation as of a date."""
    require(request, "emulation.draft_proposal")
    movement = _movement(code)
    form = DraftForm(request.POST)
    what = "Chưa lập được danh sách đề nghị."
    if not form.is_valid():
        return _refused(
            request, movement, what, bound={"draft": form}, problems=form_messages(form)
        )
    try:
        proposal = proposal_draft(
            movement=movement, as_of=form.cleaned_data["as_of"], user=request.user
        )
    except InvalidInput as refused:
        return _refused(
            request,
            movement,
            what,
            bound={"draft": form},
            problems=problem_messages(refused.problems),
        )
    count = dict(
        proposal.nominations.values("purpose").annotate(n=Count("id")).values_list("purpose", "n")
    )
    messages.success(
        request,
        f"Đã lập dự thảo danh sách: {count.get(Purpose.AWARD, 0)} hồ sơ đề nghị khen thưởng, "
        f"{count.get(Purpose.REVIEW, 0)} đơn vị kiểm điểm trách nhiệm.",
    )
    return redirect(_pipeline_url(movement, f"to-trinh-{proposal.pk}"))


@require_POST
@login_required
def nomination_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Add an individual or a construction unit (or any collective) to the draft."""
    require(request, "emulation.draft_proposal")
    movement = _movement(code)
    proposal = _proposal(movement, pk)
    form = NominationAddForm(request.POST)
    what = "Chưa thêm được vào danh sách."
    if not form.is_valid():
        return _refused(request, movement, what, bound={"add": form}, problems=form_messages(form))
    data = form.cleaned_data
    try:
        nomination = nomination_add(
            proposal=proposal,
            category=data["category"],
            unit=data["unit"],
            person_name=data["person_name"],
            person_position=data["person_position"],
            achievement=data["achievement"],
            women_priority=data["women_priority"],
            user=request.user,
        )
    except InvalidInput as refused:
        return _refused(
            request,
            movement,
            what,
            bound={"add": form},
            problems=problem_messages(refused.problems),
        )
    messages.success(request, f"Đã thêm «{nomination.nominee}» vào danh sách đề nghị khen thưởng.")
    return redirect(_pipeline_url(movement, f"ho-so-{nomination.pk}"))


@require_POST
@login_required
def nomination_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Change a draft or returned dossier's achievement (and the women-priority mark)."""
    require(request, "emulation.draft_proposal")
    movement = _movement(code)
    nomination = _nomination(movement, pk)
    form = NominationUpdateForm(request.POST, prefix=f"n{nomination.pk}")
    what = "Chưa sửa được thành tích."
    problems: list[str] = []
    if locked := _sent_review(nomination):
        problems = locked
    elif form.is_valid():
        try:
            nomination_update(
                nomination=nomination,
                achievement=form.cleaned_data["achievement"],
                women_priority=form.cleaned_data["women_priority"],
                user=request.user,
            )
        except InvalidInput as refused:
            problems = problem_messages(refused.problems)
        else:
            messages.success(request, f"Đã sửa thành tích của «{nomination.nominee}».")
            if request.POST.get("back") == "dossier":
                return redirect(_dossier_url(nomination))
            return redirect(_pipeline_url(movement, f"ho-so-{nomination.pk}"))
    else:
        problems = form_messages(form)
    bound = {f"update-{nomination.pk}": form}
    if request.POST.get("back") == "dossier":
        return _dossier_page(
            request, nomination, bound=bound, problems=problems, what=what, status=400
        )
    return _refused(request, movement, what, bound=bound, problems=problems)


@require_POST
@login_required
def nomination_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Take a line off the draft list."""
    require(request, "emulation.draft_proposal")
    movement = _movement(code)
    nomination = _nomination(movement, pk)
    name = nomination.nominee
    try:
        nomination_remove(nomination=nomination, user=request.user)
    except InvalidInput as refused:
        return _pipeline_page(
            request,
            movement,
            problems=problem_messages(refused.problems),
            what="Chưa bỏ được khỏi danh sách.",
            status=400,
        )
    messages.success(request, f"Đã bỏ «{name}» khỏi danh sách.")
    return redirect(_pipeline_url(movement))


@require_POST
@login_required
def proposal_send(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Trình: number and date the Tờ trình; the award dossiers go to Internal Affairs."""
    require(request, "emulation.draft_proposal")
    movement = _movement(code)
    proposal = _proposal(movement, pk)
    form = SubmitForm(request.POST)
    what = "Chưa trình được tờ trình."
    if not form.is_valid():
        return _refused(
            request, movement, what, bound={"submit": form}, problems=form_messages(form)
        )
    try:
        proposal = proposal_submit(
            proposal=proposal,
            number=form.cleaned_data["number"],
            submitted_on=form.cleaned_data["submitted_on"],
            user=request.user,
        )
    except InvalidInput as refused:
        return _refused(
            request,
            movement,
            what,
            bound={"submit": form},
            problems=problem_messages(refused.problems),
        )
    messages.success(
        request,
        f"Đã trình Tờ trình số {proposal.number}; các hồ sơ đã được gửi Phòng Nội vụ.",
    )
    return redirect(_pipeline_url(movement, f"to-trinh-{proposal.pk}"))


@require_POST
@login_required
def dossier_step(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Take one step of the workflow on one dossier (receive, return, appraise, resubmit)."""
    require(request, VIEW)
    target = request.POST.get("to_status", "")
    if target in STEP_PERMISSION:
        require(request, STEP_PERMISSION[target])
    movement = _movement(code)
    nomination = _nomination(movement, pk)
    form = StepForm(request.POST)
    what = f"Chưa chuyển được hồ sơ «{nomination.nominee}»."
    problems: list[str] = []
    if not form.is_valid():
        problems = form_messages(form)
    elif target in FLOW_STEPS:
        problems = [FLOW_STEPS[target]]
    else:
        try:
            moved = dossier_transition(
                nomination=nomination,
                to_status=target,
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except InvalidInput as refused:
            problems = problem_messages(refused.problems)
        else:
            messages.success(request, f"Hồ sơ «{moved.nominee}»: {moved.get_status_display()}.")
            if request.POST.get("back") == "dossier":
                return redirect(_dossier_url(moved))
            return redirect(_pipeline_url(movement, f"ho-so-{moved.pk}"))
    bound = {f"step-{nomination.pk}": form}
    if request.POST.get("back") == "dossier":
        return _dossier_page(
            request, nomination, bound=bound, problems=problems, what=what, status=400
        )
    return _refused(request, movement, what, bound=bound, problems=problems)


@require_POST
@login_required
def dossiers_step(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Take the same step on the ticked dossiers of a proposal: all of them, or none."""
    require(request, VIEW)
    target = request.POST.get("to_status", "")
    if target in STEP_PERMISSION:
        require(request, STEP_PERMISSION[target])
    movement = _movement(code)
    proposal = _proposal(movement, pk)
    dossiers = {
        n.pk: n for n in proposal.nominations.filter(purpose=Purpose.AWARD).select_related("unit")
    }
    form = BulkStepForm(request.POST, dossier_ids=list(dossiers))
    what = "Chưa chuyển được các hồ sơ đã chọn."
    problems: list[str] = []
    if not form.is_valid():
        problems = form_messages(form)
    elif target in FLOW_STEPS:
        problems = [FLOW_STEPS[target]]
    else:
        chosen = [dossiers[pk] for pk in form.cleaned_data["dossiers"]]
        try:
            moved = dossiers_move(
                nominations=chosen,
                to_status=target,
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except InvalidInput as refused:
            problems = problem_messages(refused.problems)
        else:
            messages.success(request, f"Đã chuyển {len(moved)} hồ sơ sang «{S(target).label}».")
            return redirect(_pipeline_url(movement, f"to-trinh-{proposal.pk}"))
    return _refused(request, movement, what, bound={f"bulk-{proposal.pk}": form}, problems=problems)


# --- A dossier's page --------------------------------------------------------------------


@require_GET
@login_required
def dossier(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One nominee's dossier: figures, achievement, history, papers and the next steps."""
    require(request, VIEW)
    return _dossier_page(request, _nomination(_movement(code), pk))


def _dossier_page(
    request: HttpRequest,
    nomination: Nomination,
    *,
    bound: dict[str, forms.Form] | None = None,
    problems: list[str] | None = None,
    what: str = "",
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    user = request.user
    proposal = nomination.proposal
    can_change = (
        nomination.editable
        and user.has_perm("emulation.draft_proposal")
        and (proposal.status == ProposalStatus.DRAFT or nomination.purpose == Purpose.AWARD)
    )
    step_form = bound.get(f"step-{nomination.pk}")
    row = DossierRow(
        nomination=nomination,
        steps=[] if proposal.status == ProposalStatus.DRAFT else _steps_for(nomination, user),
        files=list(nomination.files.select_related("uploaded_by")),
        update_form=(
            bound.get(f"update-{nomination.pk}")
            or NominationUpdateForm.for_nomination(nomination, prefix=f"n{nomination.pk}")
        )
        if can_change
        else None,
        reason=step_form["reason"].value() or "" if step_form is not None else "",
    )
    file_form = None
    if can_change:
        file_form = bound.get("file") or DossierFileForm()
    award = getattr(nomination, "award", None) if nomination.status == S.AWARDED else None
    return render(
        request,
        "emulation/pipeline_dossier.html",
        {
            "movement": proposal.movement,
            "proposal": proposal,
            "nomination": nomination,
            "row": row,
            "transitions": nomination.transitions.select_related("actor"),
            "file_form": file_form,
            "award": award,
            "problems": problems or [],
            "what": what,
        },
        status=status,
    )


@require_POST
@login_required
def dossier_file_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Attach a paper to a dossier that Finance-Planning may still change."""
    require(request, "emulation.draft_proposal")
    nomination = _nomination(_movement(code), pk)
    form = DossierFileForm(request.POST, request.FILES)
    what = "Chưa đính kèm được tài liệu."
    if not form.is_valid() or _sent_review(nomination):
        return _dossier_page(
            request,
            nomination,
            bound={"file": form},
            problems=_sent_review(nomination) or form_messages(form),
            what=what,
            status=400,
        )
    upload = form.cleaned_data["file"]
    # Read no more than one byte past the limit: the service names a file that is too big.
    content = upload.read(MAX_UPLOAD + 1)
    try:
        paper = dossier_file_add(
            nomination=nomination,
            kind=form.cleaned_data["kind"],
            name=upload.name,
            content=content,
            user=request.user,
        )
    except InvalidInput as refused:
        return _dossier_page(
            request,
            nomination,
            bound={"file": form},
            problems=problem_messages(refused.problems),
            what=what,
            status=400,
        )
    messages.success(request, f"Đã đính kèm «{paper.name}» ({paper.get_kind_display()}).")
    return redirect(_dossier_url(nomination))


@require_GET
@login_required
def dossier_file(request: HttpRequest, code: str, pk: int, file_pk: int) -> FileResponse:
    require(request, VIEW)
    nomination = _nomination(_movement(code), pk)
    paper = get_object_or_404(DossierFile, pk=file_pk, nomination=nomination)
    suffix = "." + paper.name.rsplit(".", 1)[-1].lower() if "." in paper.name else ""
    return _download(paper.file, paper.name, CONTENT_TYPES.get(suffix, "application/octet-stream"))


@require_GET
@login_required
def proposal_document(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """The Tờ trình drawn at submission."""
    require(request, VIEW)
    proposal = _proposal(_movement(code), pk)
    return _download(proposal.document, f"to-trinh-{code}-{proposal.pk}.docx", DOCX)


def _download(stored: FieldFile, filename: str, content_type: str, *, inline: bool = False):
    """A stored paper, sent by the application after its permission check."""
    if not stored:
        raise Http404("Chưa có tài liệu này.")
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("Tài liệu không còn trên máy chủ.") from None
    return FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )


# --- The council -------------------------------------------------------------------------


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
    movement = _movement(code)
    if request.method == "POST":
        return _session_open(request, movement)
    councils = list(councils_all())
    chosen = None
    if request.GET.get("hoi_dong", "").isdigit():
        chosen = next((c for c in councils if c.pk == int(request.GET["hoi_dong"])), None)
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
    return _session_new_page(
        request, movement, form, chosen, [RollCallRow(m, PRESENT) for m in members]
    )


def _session_new_page(
    request: HttpRequest,
    movement: Movement,
    form: SessionOpenForm,
    council,
    roll: list[RollCallRow],
    *,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    eligible = Nomination.objects.filter(
        proposal__movement=movement,
        proposal__status=ProposalStatus.SUBMITTED,
        purpose=Purpose.AWARD,
        status=S.ELIGIBLE,
    ).select_related("unit", "proposal")
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
            "eligible": eligible,
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
    elif request.POST.get("council", "").isdigit():
        council = councils_all().filter(pk=request.POST["council"]).first()
    members = council_members(council) if council else []
    roll = [RollCallRow(m, request.POST.get(f"tv-{m.pk}", "")) for m in members]
    problems = form_messages(form) if not form.is_valid() else []
    names = {PRESENT, WRITTEN, ABSENT}
    problems += [
        f"Chưa điểm danh thành viên {row.member.get_full_name() or row.member.username}."
        for row in roll
        if row.choice not in names
    ]
    if not problems:
        data = form.cleaned_data
        held_at = timezone.make_aware(dt.datetime.combine(data["held_on"], data["held_time"]))
        try:
            meeting = session_open(
                movement=movement,
                council=council,
                held_at=held_at,
                venue=data["venue"],
                chair_name=data["chair_name"],
                secretary_name=data["secretary_name"],
                present={row.member.pk for row in roll if row.choice == PRESENT},
                written={row.member.pk for row in roll if row.choice == WRITTEN},
                user=request.user,
            )
        except InvalidInput as refused:
            problems = problem_messages(refused.problems)
        else:
            messages.success(
                request,
                f"Đã mở phiên họp; {meeting.dossiers.count()} hồ sơ được trình Hội đồng biểu quyết.",
            )
            return redirect("awards:session", code=movement.code, pk=meeting.pk)
    return _session_new_page(request, movement, form, council, roll, problems=problems, status=400)


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
    return _session_page(request, _session(_movement(code), pk))


def _session_page(
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
    meeting = _session(_movement(code), pk)
    require(request, "emulation.vote", meeting)
    return _cast(request, meeting, member=request.user)


@require_POST
@login_required
def written_opinion(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Internal Affairs records an absent member's written opinion."""
    require(request, "emulation.run_session")
    meeting = _session(_movement(code), pk)
    member_id = request.POST.get("member", "")
    seat = None
    if member_id.isdigit():
        seat = (
            meeting.attendance.select_related("member")
            .filter(member_id=member_id, present=False, written_opinion=True)
            .first()
        )
    if seat is None:
        return _session_page(
            request,
            meeting,
            problems=["Chọn một thành viên vắng mặt có ý kiến bằng văn bản."],
            what="Chưa ghi được ý kiến bằng văn bản.",
            status=400,
        )
    return _cast(request, meeting, member=seat.member)


def _cast(request: HttpRequest, meeting: CouncilSession, *, member) -> HttpResponse:
    """Record every vote of the ballot, or none."""
    choices = {
        nomination: request.POST.get(f"phieu-{nomination.pk}", "")
        for nomination in session_dossiers(meeting)
    }
    choices = {nomination: choice for nomination, choice in choices.items() if choice}
    what = "Chưa ghi được phiếu biểu quyết."
    if not choices:
        return _session_page(
            request,
            meeting,
            problems=["Chưa chọn biểu quyết cho hồ sơ nào."],
            what=what,
            status=400,
        )
    try:
        with transaction.atomic():
            for nomination, choice in choices.items():
                vote_cast(
                    session=meeting,
                    nomination=nomination,
                    member=member,
                    choice=choice,
                    user=request.user,
                )
    except InvalidInput as refused:
        return _session_page(
            request, meeting, problems=problem_messages(refused.problems), what=what, status=400
        )
    whose = (
        "" if member.pk == request.user.pk else f" của {member.get_full_name() or member.username}"
    )
    messages.success(request, f"Đã ghi {len(choices)} phiếu biểu quyết{whose}.")
    return redirect("awards:session", code=meeting.movement.code, pk=meeting.pk)


@require_POST
@login_required
def session_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Close the vote; the minutes (Biên bản) are drawn and kept."""
    require(request, "emulation.run_session")
    meeting = _session(_movement(code), pk)
    try:
        ended_at = session_end_at(meeting, request.POST.get("ended_time", ""))
        session_close(session=meeting, user=request.user, ended_at=ended_at)
    except InvalidInput as refused:
        return _session_page(
            request,
            meeting,
            problems=problem_messages(refused.problems),
            what="Chưa kết thúc được phiên họp.",
            status=400,
        )
    messages.success(request, "Đã kết thúc phiên họp và lập Biên bản.")
    return redirect("awards:session", code=meeting.movement.code, pk=meeting.pk)


@require_GET
@login_required
def session_minutes(request: HttpRequest, code: str, pk: int) -> FileResponse:
    require(request, VIEW)
    meeting = _session(_movement(code), pk)
    return _download(meeting.minutes, f"bien-ban-hoi-dong-{code}-{meeting.pk}.docx", DOCX)


# --- Publicity ---------------------------------------------------------------------------


@require_POST
@login_required
def posting_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Post the council's list publicly for the working days the rules set."""
    require(request, "emulation.post_publicly")
    movement = _movement(code)
    proposal = _proposal(movement, pk)
    form = PostingForm(request.POST)
    what = "Chưa niêm yết được danh sách."
    bound = {f"posting-{proposal.pk}": form}
    if not form.is_valid():
        return _refused(request, movement, what, bound=bound, problems=form_messages(form))
    try:
        posting = posting_open(
            proposal=proposal,
            posted_on=form.cleaned_data["posted_on"],
            past_place=form.cleaned_data["past_place"],
            user=request.user,
        )
    except InvalidInput as refused:
        return _refused(
            request, movement, what, bound=bound, problems=problem_messages(refused.problems)
        )
    messages.success(
        request,
        f"Đã niêm yết danh sách từ {day_text(posting.posted_on)} đến hết ngày {day_text(posting.ends_on)}.",
    )
    if gap := calendar_gap_warning(posting.posted_on, posting.ends_on):
        messages.warning(request, gap)
    return redirect(_pipeline_url(movement, f"niem-yet-{proposal.pk}"))


@require_POST
@login_required
def objection_reply(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Answer a citizen's objection to the posted list."""
    require(request, "emulation.answer_objection")
    movement = _movement(code)
    objection = get_object_or_404(
        Objection.objects.select_related("posting__proposal"),
        pk=pk,
        posting__proposal__movement=movement,
    )
    waiting = list(
        Nomination.objects.filter(
            proposal=objection.posting.proposal, purpose=Purpose.AWARD, status=S.AT_COUNCIL
        ).select_related("unit")
    )
    form = ObjectionAnswerForm(request.POST, prefix=f"o{objection.pk}", dossiers=waiting)
    what = "Chưa ghi được câu trả lời."
    bound = {f"answer-{objection.pk}": form}
    if not form.is_valid():
        return _refused(request, movement, what, bound=bound, problems=form_messages(form))
    chosen = form.cleaned_data["nomination"]
    try:
        objection_answer(
            objection=objection,
            answer=form.cleaned_data["answer"],
            founded=FOUNDED[form.cleaned_data["founded"]],
            outcome=form.cleaned_data["outcome"],
            nomination=next((n for n in waiting if n.pk == chosen), None),
            user=request.user,
        )
    except InvalidInput as refused:
        return _refused(
            request, movement, what, bound=bound, problems=problem_messages(refused.problems)
        )
    messages.success(request, f"Đã trả lời ý kiến của {objection.sender_name}.")
    return redirect(_pipeline_url(movement, f"niem-yet-{objection.posting.proposal_id}"))


# --- The decision ------------------------------------------------------------------------


@require_POST
@login_required
def decision_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The chairman decides: passed dossiers are awarded, the others are not."""
    if not may_decide(request.user):
        raise PermissionDenied
    movement = _movement(code)
    proposal = _proposal(movement, pk)
    form = DecisionForm(request.POST)
    what = "Chưa ban hành được quyết định."
    bound = {f"decision-{proposal.pk}": form}
    if not form.is_valid():
        return _refused(request, movement, what, bound=bound, problems=form_messages(form))
    try:
        issued = decision_issue(
            proposal=proposal,
            number=form.cleaned_data["number"],
            decided_on=form.cleaned_data["decided_on"],
            user=request.user,
            left_out=_left_out(request, proposal),
        )
    except InvalidInput as refused:
        return _refused(
            request, movement, what, bound=bound, problems=problem_messages(refused.problems)
        )
    messages.success(
        request,
        f"Đã ban hành Quyết định số {issued.number}: {issued.awards.count()} tập thể, cá nhân được khen thưởng.",
    )
    return redirect("awards:decision", code=movement.code, pk=issued.pk)


def _left_out(request: HttpRequest, proposal: Proposal) -> dict[int, str]:
    """The dossiers the chairman leaves out, each with the reason written beside it."""
    waiting = proposal.nominations.filter(status=S.AT_COUNCIL).values_list("pk", flat=True)
    reasons = {pk: request.POST.get(f"bo-{pk}", "").strip() for pk in waiting}
    return {pk: reason for pk, reason in reasons.items() if reason}


@require_GET
@login_required
def decision(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The decision: recipients with their prize and gold-book number, and its papers."""
    require(request, VIEW)
    award_decision = _decision(_movement(code), pk)
    awards = list(award_decision.awards.select_related("nomination__unit", "unit"))
    refused = Nomination.objects.filter(
        proposal=award_decision.proposal, status=S.NOT_AWARDED
    ).select_related("unit")
    return render(
        request,
        "emulation/pipeline_decision.html",
        {
            "movement": award_decision.movement,
            "decision": award_decision,
            "awards": awards,
            "total": award_decision.prize_total,
            "refused": refused,
        },
    )


@require_GET
@login_required
def decision_document(request: HttpRequest, code: str, pk: int) -> FileResponse:
    require(request, VIEW)
    award_decision = _decision(_movement(code), pk)
    return _download(award_decision.document, f"quyet-dinh-{code}-{award_decision.pk}.docx", DOCX)


@require_GET
@login_required
def decision_certificates(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """The Giấy khen as one PDF, opened in the browser for printing."""
    require(request, VIEW)
    award_decision = _decision(_movement(code), pk)
    return _download(
        award_decision.certificates,
        f"giay-khen-{code}-{award_decision.pk}.pdf",
        "application/pdf",
        inline=True,
    )
