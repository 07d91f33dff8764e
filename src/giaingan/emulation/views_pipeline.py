"""What every page of the award pipeline shares, and its overview page.

The pipeline's pages live under /thi-dua/<code>/, one views module per process (proposal,
council, publicity, decision) on top of this one. The views read and show; every write goes
through the process's services, which check the permission again and refuse bad input with
Vietnamese problems. `web.problems.form_submit` is the one skeleton of a form: a refused form
comes back with those problems, status 400, and nothing written. Papers are downloaded
through `download`, never from a public media URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from giaingan.emulation.decisions import decision_problems
from giaingan.emulation.forms_pipeline import (
    DecisionForm,
    DraftForm,
    NominationAddForm,
    NominationUpdateForm,
    ObjectionAnswerForm,
    PostingForm,
    SubmitForm,
    day_text,
)
from giaingan.emulation.models import (
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
)
from giaingan.emulation.rules import may_decide
from giaingan.emulation.selectors import appraisal_due
from giaingan.emulation.workflow import TRANSITIONS, allowed_steps
from giaingan.rulebook.selectors import calendar_gap_warning
from giaingan.web.access import require
from giaingan.web.exports import CONTENT_TYPES as EXPORT_TYPES
from giaingan.web.problems import problem_message

S = DossierStatus
VIEW = "emulation.view_pipeline"
DOCX = EXPORT_TYPES["docx"]
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

# Who takes a step to each status: one permission per target (workflow.TRANSITIONS).
STEP_PERMISSION = {target: step.permission for (_, target), step in TRANSITIONS.items()}
# Steps the pages take by hand (the others: workflow.TAKEN_BY_SERVICES).
HAND_STEPS = {
    S.SUBMITTED: "Trình Phòng Nội vụ",
    S.RECEIVED: "Tiếp nhận",
    S.RETURNED: "Trả lại",
    S.ELIGIBLE: "Đủ điều kiện",
    S.INELIGIBLE: "Không đủ điều kiện",
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


def dossier_row(
    nomination: Nomination,
    user,
    bound: dict[str, forms.Form],
    *,
    draft: bool,
    can_change: bool,
    files: list[DossierFile],
) -> DossierRow:
    """A dossier as the proposals page and its own page show it: the steps the user may take
    (none on a draft), and the forms as they were sent when a step or an edit was refused."""
    step_form = bound.get(f"step-{nomination.pk}")
    return DossierRow(
        nomination=nomination,
        steps=[] if draft else steps_for(nomination, user),
        files=files,
        update_form=(
            bound.get(f"update-{nomination.pk}")
            or NominationUpdateForm.for_nomination(nomination, prefix=f"n{nomination.pk}")
        )
        if can_change
        else None,
        reason=step_form["reason"].value() or "" if step_form is not None else "",
    )


def steps_for(nomination: Nomination, user) -> list[StepButton]:
    return [
        StepButton(
            target, HAND_STEPS[target], TRANSITIONS[(nomination.status, target)].needs_reason
        )
        for target in allowed_steps(nomination, user)
        if target in HAND_STEPS
    ]


# --- Look-ups ----------------------------------------------------------------------------


def movement_or_404(code: str) -> Movement:
    return get_object_or_404(Movement, code=code)


def proposal_or_404(movement: Movement, pk: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("movement"), pk=pk, movement=movement)


def nomination_or_404(movement: Movement, pk: int) -> Nomination:
    return get_object_or_404(
        Nomination.objects.select_related("unit", "proposal__movement"),
        pk=pk,
        proposal__movement=movement,
    )


def session_or_404(movement: Movement, pk: int) -> CouncilSession:
    return get_object_or_404(
        CouncilSession.objects.select_related("council", "movement"), pk=pk, movement=movement
    )


def decision_or_404(movement: Movement, pk: int) -> AwardDecision:
    return get_object_or_404(
        AwardDecision.objects.select_related("proposal", "signer", "movement"),
        pk=pk,
        movement=movement,
    )


def pipeline_url(movement: Movement, anchor: str = "") -> str:
    url = reverse("awards:pipeline", kwargs={"code": movement.code})
    return f"{url}#{anchor}" if anchor else url


def dossier_url(nomination: Nomination) -> str:
    return reverse(
        "awards:dossier",
        kwargs={"code": nomination.proposal.movement.code, "pk": nomination.pk},
    )


def sent_review(nomination: Nomination) -> list[str]:
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


def download(stored: FieldFile, filename: str, content_type: str, *, inline: bool = False):
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


# --- The proposals page ------------------------------------------------------------------


@require_GET
@login_required
def pipeline(request: HttpRequest, code: str) -> HttpResponse:
    """Hồ sơ khen thưởng: the movement's proposals, latest first, with what each user may do."""
    require(request, VIEW)
    return pipeline_page(request, movement_or_404(code))


def pipeline_refused(
    request: HttpRequest, movement: Movement, what: str, *, bound: dict | None = None
) -> Callable[[list[str]], HttpResponse]:
    """How a refused pipeline form comes back (`form_submit`'s `again`): the proposals page
    with the form as it was sent and every message, status 400; nothing was written."""
    return lambda problems: pipeline_page(
        request, movement, bound=bound, problems=problems, what=what, status=400
    )


def pipeline_page(
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
    views = [proposal_view(request, proposal, bound) for proposal in proposals]
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


def proposal_view(
    request: HttpRequest, proposal: Proposal, bound: dict[str, forms.Form]
) -> ProposalView:
    user = request.user
    nominations = list(proposal.nominations.all())
    is_draft = proposal.status == ProposalStatus.DRAFT
    can_edit = is_draft and user.has_perm("emulation.draft_proposal")

    def row(nomination: Nomination) -> DossierRow:
        return dossier_row(
            nomination,
            user,
            bound,
            draft=is_draft,
            can_change=can_edit,
            files=list(nomination.files.all()),
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
        view.decision_blockers = [
            problem_message(problem) for problem in decision_problems(proposal, day)
        ]
    return view
