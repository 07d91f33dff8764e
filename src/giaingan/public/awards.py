"""The public side of an emulation movement: the posted list with its objection form, and
the decisions. Only what was posted or decided is shown; objections are not published.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from giaingan.emulation.models import AwardDecision, Posting
from giaingan.emulation.publicity import objection_submit
from giaingan.emulation.selectors import posted_dossiers, posting_is_open
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.public.throttle import throttle_admit
from giaingan.web.exports import CONTENT_TYPES

OBJECTIONS_PER_HOUR = 5  # from one address: enough for a citizen, too few for a flood
TOO_MANY = "Đã gửi quá nhiều ý kiến trong một giờ; xin gửi lại sau."


@require_GET
def awards(request: HttpRequest) -> HttpResponse:
    """Lists posted for objections, and decisions taken."""
    postings = Posting.objects.select_related("proposal__movement").order_by("-posted_on")[:50]
    decisions = AwardDecision.objects.select_related("movement").order_by("-decided_on")[:50]
    today = timezone.localdate()
    response = render(
        request,
        "public/awards.html",
        {
            "current": [p for p in postings if p.state_on(today) != "da_niem_yet"],
            "past": [p for p in postings if p.state_on(today) == "da_niem_yet"],
            "decisions": decisions,
        },
    )
    patch_cache_control(response, public=True, max_age=60)
    return response


@require_http_methods(["GET", "POST"])
def posting(request: HttpRequest, pk: int) -> HttpResponse:
    """The posted list and, while it is posted, the form to object to it."""
    shown = get_object_or_404(Posting.objects.select_related("proposal__movement"), pk=pk)
    dossiers = posted_dossiers(shown.proposal)
    form = {"sender_name": "", "sender_contact": "", "text": "", "nomination": ""}
    problems: list[Problem] = []
    if request.method == "POST":
        form = {key: request.POST.get(key, "").strip() for key in form}
        problems = _objection(request, shown, dossiers, form)
        if not problems:
            return redirect(f"{request.path}?da_gui=1")
    return render(
        request,
        "public/posting.html",
        {
            "posting": shown,
            "movement": shown.proposal.movement,
            "dossiers": dossiers,
            "open": posting_is_open(shown),
            "form": form,
            "problems": problems,
            "sent": request.GET.get("da_gui") == "1",
        },
        status=400 if problems else 200,
    )


def _objection(request: HttpRequest, shown: Posting, dossiers, form: dict) -> list[Problem]:
    if request.POST.get("website"):  # a field people never see; robots fill it in
        return [Problem("Không gửi được ý kiến.")]
    address = request.META.get("REMOTE_ADDR", "")
    about = None
    if form["nomination"]:
        about = next((d for d in dossiers if str(d.pk) == form["nomination"]), None)
        if about is None:
            return [Problem("Hồ sơ không có trong danh sách niêm yết.", column="Về hồ sơ")]
    try:
        # One transaction: an objection refused by its rules does not use up an attempt.
        with transaction.atomic():
            if not throttle_admit(
                key=f"objections:{address}", limit=OBJECTIONS_PER_HOUR, window=dt.timedelta(hours=1)
            ):
                return [Problem(TOO_MANY)]
            objection_submit(
                posting=shown,
                sender_name=form["sender_name"],
                sender_contact=form["sender_contact"],
                text=form["text"],
                nomination=about,
            )
    except InvalidInput as refused:
        return refused.problems
    return []


@require_GET
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    shown = get_object_or_404(AwardDecision.objects.select_related("movement", "signer"), pk=pk)
    awards = shown.awards.select_related("nomination__unit").order_by("gold_book_number")
    response = render(
        request,
        "public/decision.html",
        {
            "decision": shown,
            "awards": awards,
            "total": shown.prize_total,
        },
    )
    patch_cache_control(response, public=True, max_age=60)
    return response


@require_GET
def decision_document(request: HttpRequest, pk: int) -> FileResponse:
    """The decision itself is public; the certificates are not."""
    shown = get_object_or_404(AwardDecision, pk=pk)
    if not shown.document:
        raise Http404
    return FileResponse(
        shown.document.open("rb"),
        as_attachment=True,
        filename=f"quyet-dinh-{shown.pk}.docx",
        content_type=CONTENT_TYPES["docx"],
    )
