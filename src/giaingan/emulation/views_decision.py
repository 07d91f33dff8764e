"""The decision's pages: the chairman issues the decision (leaving out any dossier with a
written reason), the decision with its recipients, its Quyết định and its Giấy khen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from giaingan.emulation.decisions import decision_issue
from giaingan.emulation.forms_pipeline import DecisionForm
from giaingan.emulation.models import AwardDecision, Nomination, Proposal
from giaingan.emulation.rules import may_decide
from giaingan.emulation.views_pipeline import (
    DOCX,
    VIEW,
    S,
    decision_or_404,
    download,
    movement_or_404,
    pipeline_refused,
    proposal_or_404,
)
from giaingan.web.access import require
from giaingan.web.problems import form_submit


@require_POST
@login_required
def decision_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The chairman decides: passed dossiers are awarded, the others are not."""
    if not may_decide(request.user):
        raise PermissionDenied
    movement = movement_or_404(code)
    proposal = proposal_or_404(movement, pk)
    form = DecisionForm(request.POST)

    def done(issued: AwardDecision) -> HttpResponse:
        messages.success(
            request,
            f"Đã ban hành Quyết định số {issued.number}: "
            f"{issued.awards.count()} tập thể, cá nhân được khen thưởng.",
        )
        return redirect("awards:decision", code=movement.code, pk=issued.pk)

    return form_submit(
        form,
        lambda data: decision_issue(
            proposal=proposal,
            number=data["number"],
            decided_on=data["decided_on"],
            user=request.user,
            left_out=_left_out(request, proposal),
        ),
        done=done,
        again=pipeline_refused(
            request,
            movement,
            "Chưa ban hành được quyết định.",
            bound={f"decision-{proposal.pk}": form},
        ),
    )


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
    award_decision = decision_or_404(movement_or_404(code), pk)
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
    award_decision = decision_or_404(movement_or_404(code), pk)
    return download(award_decision.document, f"quyet-dinh-{code}-{award_decision.pk}.docx", DOCX)


@require_GET
@login_required
def decision_certificates(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """The Giấy khen as one PDF, opened in the browser for printing."""
    require(request, VIEW)
    award_decision = decision_or_404(movement_or_404(code), pk)
    return download(
        award_decision.certificates,
        f"giay-khen-{code}-{award_decision.pk}.pdf",
        "application/pdf",
        inline=True,
    )
