"""The publicity pages: posting the council's list, answering the objections it draws (the
public page where citizens read the list and object is `giaingan.public.awards`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from giaingan.emulation.forms_pipeline import FOUNDED, ObjectionAnswerForm, PostingForm, day_text
from giaingan.emulation.models import Nomination, Objection, Posting, Purpose
from giaingan.emulation.publicity import objection_answer, posting_open
from giaingan.emulation.views_pipeline import (
    S,
    movement_or_404,
    pipeline_refused,
    pipeline_url,
    proposal_or_404,
)
from giaingan.rulebook.selectors import calendar_gap_warning
from giaingan.web.access import require
from giaingan.web.problems import form_submit


@require_POST
@login_required
def posting_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Post the council's list publicly for the working days the rules set."""
    require(request, "emulation.post_publicly")
    movement = movement_or_404(code)
    proposal = proposal_or_404(movement, pk)
    form = PostingForm(request.POST)

    def done(posting: Posting) -> HttpResponse:
        messages.success(
            request,
            f"Đã niêm yết danh sách từ {day_text(posting.posted_on)} "
            f"đến hết ngày {day_text(posting.ends_on)}.",
        )
        if gap := calendar_gap_warning(posting.posted_on, posting.ends_on):
            messages.warning(request, gap)
        return redirect(pipeline_url(movement, f"niem-yet-{proposal.pk}"))

    return form_submit(
        form,
        lambda data: posting_open(
            proposal=proposal,
            posted_on=data["posted_on"],
            past_place=data["past_place"],
            user=request.user,
        ),
        done=done,
        again=pipeline_refused(
            request,
            movement,
            "Chưa niêm yết được danh sách.",
            bound={f"posting-{proposal.pk}": form},
        ),
    )


@require_POST
@login_required
def objection_reply(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Answer a citizen's objection to the posted list."""
    require(request, "emulation.answer_objection")
    movement = movement_or_404(code)
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

    def done(_) -> HttpResponse:
        messages.success(request, f"Đã trả lời ý kiến của {objection.sender_name}.")
        return redirect(pipeline_url(movement, f"niem-yet-{objection.posting.proposal_id}"))

    return form_submit(
        form,
        lambda data: objection_answer(
            objection=objection,
            answer=data["answer"],
            founded=FOUNDED[data["founded"]],
            outcome=data["outcome"],
            nomination=next((n for n in waiting if n.pk == data["nomination"]), None),
            user=request.user,
        ),
        done=done,
        again=pipeline_refused(
            request,
            movement,
            "Chưa ghi được câu trả lời.",
            bound={f"answer-{objection.pk}": form},
        ),
    )
