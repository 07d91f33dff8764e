"""The proposal's pages: Finance-Planning drafts the list, edits it, attaches papers and
submits it; Internal Affairs receives, returns and appraises the dossiers. One dossier's page
lives here too."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from giaingan.emulation.forms_pipeline import (
    BulkStepForm,
    DossierFileForm,
    DraftForm,
    NominationAddForm,
    NominationUpdateForm,
    StepForm,
    SubmitForm,
)
from giaingan.emulation.models import DossierFile, Nomination, ProposalStatus, Purpose
from giaingan.emulation.proposal import (
    MAX_UPLOAD,
    dossier_file_add,
    dossier_transition,
    dossiers_move,
    nomination_add,
    nomination_remove,
    nomination_update,
    proposal_draft,
    proposal_submit,
)
from giaingan.emulation.views_pipeline import (
    CONTENT_TYPES,
    DOCX,
    STEP_PERMISSION,
    VIEW,
    S,
    dossier_row,
    dossier_url,
    download,
    movement_or_404,
    nomination_or_404,
    pipeline_refused,
    pipeline_url,
    proposal_or_404,
    sent_review,
)
from giaingan.web.access import require
from giaingan.web.problems import form_submit


@require_POST
@login_required
def proposal_new(request: HttpRequest, code: str) -> HttpResponse:
    """Lập danh sách đề nghị: draft the list from the evaluation as of a date."""
    require(request, "emulation.draft_proposal")
    movement = movement_or_404(code)
    form = DraftForm(request.POST)

    def done(proposal) -> HttpResponse:
        count = dict(
            proposal.nominations.values("purpose")
            .annotate(n=Count("id"))
            .values_list("purpose", "n")
        )
        messages.success(
            request,
            f"Đã lập dự thảo danh sách: {count.get(Purpose.AWARD, 0)} hồ sơ đề nghị khen thưởng, "
            f"{count.get(Purpose.REVIEW, 0)} đơn vị kiểm điểm trách nhiệm.",
        )
        return redirect(pipeline_url(movement, f"to-trinh-{proposal.pk}"))

    return form_submit(
        form,
        lambda data: proposal_draft(movement=movement, as_of=data["as_of"], user=request.user),
        done=done,
        again=pipeline_refused(
            request, movement, "Chưa lập được danh sách đề nghị.", bound={"draft": form}
        ),
    )


@require_POST
@login_required
def nomination_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Add an individual or a construction unit (or any collective) to the draft."""
    require(request, "emulation.draft_proposal")
    movement = movement_or_404(code)
    proposal = proposal_or_404(movement, pk)
    form = NominationAddForm(request.POST)

    def done(nomination) -> HttpResponse:
        messages.success(
            request, f"Đã thêm «{nomination.nominee}» vào danh sách đề nghị khen thưởng."
        )
        return redirect(pipeline_url(movement, f"ho-so-{nomination.pk}"))

    return form_submit(
        form,
        lambda data: nomination_add(
            proposal=proposal,
            category=data["category"],
            unit=data["unit"],
            person_name=data["person_name"],
            person_position=data["person_position"],
            achievement=data["achievement"],
            women_priority=data["women_priority"],
            user=request.user,
        ),
        done=done,
        again=pipeline_refused(
            request, movement, "Chưa thêm được vào danh sách.", bound={"add": form}
        ),
    )


def _back(request: HttpRequest, nomination: Nomination, what: str, bound: dict):
    """Where a refused form about one dossier comes back: its page or the proposals page."""
    if request.POST.get("back") == "dossier":
        return lambda problems: dossier_page(
            request, nomination, bound=bound, problems=problems, what=what, status=400
        )
    return pipeline_refused(request, nomination.proposal.movement, what, bound=bound)


def _moved(request: HttpRequest, nomination: Nomination) -> HttpResponse:
    if request.POST.get("back") == "dossier":
        return redirect(dossier_url(nomination))
    return redirect(pipeline_url(nomination.proposal.movement, f"ho-so-{nomination.pk}"))


@require_POST
@login_required
def nomination_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Change a draft or returned dossier's achievement (and the women-priority mark)."""
    require(request, "emulation.draft_proposal")
    nomination = nomination_or_404(movement_or_404(code), pk)
    form = NominationUpdateForm(request.POST, prefix=f"n{nomination.pk}")

    def done(changed: Nomination) -> HttpResponse:
        messages.success(request, f"Đã sửa thành tích của «{changed.nominee}».")
        return _moved(request, changed)

    return form_submit(
        form,
        lambda data: nomination_update(
            nomination=nomination,
            achievement=data["achievement"],
            women_priority=data["women_priority"],
            user=request.user,
        ),
        done=done,
        again=_back(
            request, nomination, "Chưa sửa được thành tích.", {f"update-{nomination.pk}": form}
        ),
        found=sent_review(nomination),
    )


@require_POST
@login_required
def nomination_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Take a line off the draft list."""
    require(request, "emulation.draft_proposal")
    movement = movement_or_404(code)
    nomination = nomination_or_404(movement, pk)
    name = nomination.nominee

    def done(_) -> HttpResponse:
        messages.success(request, f"Đã bỏ «{name}» khỏi danh sách.")
        return redirect(pipeline_url(movement))

    return form_submit(
        None,
        lambda _: nomination_remove(nomination=nomination, user=request.user),
        done=done,
        again=pipeline_refused(request, movement, "Chưa bỏ được khỏi danh sách."),
    )


@require_POST
@login_required
def proposal_send(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Trình: number and date the Tờ trình; the award dossiers go to Internal Affairs."""
    require(request, "emulation.draft_proposal")
    movement = movement_or_404(code)
    proposal = proposal_or_404(movement, pk)
    form = SubmitForm(request.POST)

    def done(sent) -> HttpResponse:
        messages.success(
            request,
            f"Đã trình Tờ trình số {sent.number}; các hồ sơ đã được gửi Phòng Nội vụ.",
        )
        return redirect(pipeline_url(movement, f"to-trinh-{sent.pk}"))

    return form_submit(
        form,
        lambda data: proposal_submit(
            proposal=proposal,
            number=data["number"],
            submitted_on=data["submitted_on"],
            user=request.user,
        ),
        done=done,
        again=pipeline_refused(
            request, movement, "Chưa trình được tờ trình.", bound={"submit": form}
        ),
    )


def _target(request: HttpRequest) -> str:
    """The status a step form asks for, after checking the user may take steps to it."""
    require(request, VIEW)
    target = request.POST.get("to_status", "")
    if target in STEP_PERMISSION:
        require(request, STEP_PERMISSION[target])
    return target


@require_POST
@login_required
def dossier_step(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Take one step of the workflow on one dossier (receive, return, appraise, resubmit)."""
    target = _target(request)
    nomination = nomination_or_404(movement_or_404(code), pk)
    form = StepForm(request.POST)

    def act(data: dict) -> Nomination:
        return dossier_transition(
            nomination=nomination, to_status=target, reason=data["reason"], user=request.user
        )

    def done(moved: Nomination) -> HttpResponse:
        messages.success(request, f"Hồ sơ «{moved.nominee}»: {moved.get_status_display()}.")
        return _moved(request, moved)

    what = f"Chưa chuyển được hồ sơ «{nomination.nominee}»."
    return form_submit(
        form,
        act,
        done=done,
        again=_back(request, nomination, what, {f"step-{nomination.pk}": form}),
    )


@require_POST
@login_required
def dossiers_step(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Take the same step on the ticked dossiers of a proposal: all of them, or none."""
    target = _target(request)
    movement = movement_or_404(code)
    proposal = proposal_or_404(movement, pk)
    dossiers = {
        n.pk: n for n in proposal.nominations.filter(purpose=Purpose.AWARD).select_related("unit")
    }
    form = BulkStepForm(request.POST, dossier_ids=list(dossiers))

    def act(data: dict) -> list[Nomination]:
        return dossiers_move(
            nominations=[dossiers[pk] for pk in data["dossiers"]],
            to_status=target,
            reason=data["reason"],
            user=request.user,
        )

    def done(moved: list[Nomination]) -> HttpResponse:
        messages.success(request, f"Đã chuyển {len(moved)} hồ sơ sang «{S(target).label}».")
        return redirect(pipeline_url(movement, f"to-trinh-{proposal.pk}"))

    return form_submit(
        form,
        act,
        done=done,
        again=pipeline_refused(
            request,
            movement,
            "Chưa chuyển được các hồ sơ đã chọn.",
            bound={f"bulk-{proposal.pk}": form},
        ),
    )


# --- A dossier's page --------------------------------------------------------------------


@require_GET
@login_required
def dossier(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One nominee's dossier: figures, achievement, history, papers and the next steps."""
    require(request, VIEW)
    return dossier_page(request, nomination_or_404(movement_or_404(code), pk))


def dossier_page(
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
    row = dossier_row(
        nomination,
        user,
        bound,
        draft=proposal.status == ProposalStatus.DRAFT,
        can_change=can_change,
        files=list(nomination.files.select_related("uploaded_by")),
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
    nomination = nomination_or_404(movement_or_404(code), pk)
    form = DossierFileForm(request.POST, request.FILES)

    def act(data: dict) -> DossierFile:
        upload = data["file"]
        # Read no more than one byte past the limit: the service names a file that is too big.
        return dossier_file_add(
            nomination=nomination,
            kind=data["kind"],
            name=upload.name,
            content=upload.read(MAX_UPLOAD + 1),
            user=request.user,
        )

    def done(paper: DossierFile) -> HttpResponse:
        messages.success(request, f"Đã đính kèm «{paper.name}» ({paper.get_kind_display()}).")
        return redirect(dossier_url(nomination))

    return form_submit(
        form,
        act,
        done=done,
        again=lambda problems: dossier_page(
            request,
            nomination,
            bound={"file": form},
            problems=problems,
            what="Chưa đính kèm được tài liệu.",
            status=400,
        ),
        found=sent_review(nomination),
    )


@require_GET
@login_required
def dossier_file(request: HttpRequest, code: str, pk: int, file_pk: int) -> FileResponse:
    require(request, VIEW)
    nomination = nomination_or_404(movement_or_404(code), pk)
    paper = get_object_or_404(DossierFile, pk=file_pk, nomination=nomination)
    suffix = "." + paper.name.rsplit(".", 1)[-1].lower() if "." in paper.name else ""
    return download(paper.file, paper.name, CONTENT_TYPES.get(suffix, "application/octet-stream"))


@require_GET
@login_required
def proposal_document(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """The Tờ trình drawn at submission."""
    require(request, VIEW)
    proposal = proposal_or_404(movement_or_404(code), pk)
    return download(proposal.document, f"to-trinh-{code}-{proposal.pk}.docx", DOCX)
