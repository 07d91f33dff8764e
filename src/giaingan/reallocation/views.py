"""Pages of "Điều chuyển vốn": the advisor, the needs, a proposal and its Tờ trình."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giaingan.capital.forms import funding_sources
from giaingan.figures.advisor import district_advice
from giaingan.lib.money import format_number
from giaingan.lib.problems import InvalidInput
from giaingan.org.rules import project_scope
from giaingan.reallocation.forms import ApproveForm, MoveFormSet, NeedForm, ProposalForm
from giaingan.reallocation.models import ProposalStatus, ReallocationProposal
from giaingan.reallocation.paper import proposal_docx
from giaingan.reallocation.selectors import needs_for, needs_list, proposal_outcome
from giaingan.reallocation.services import (
    MoveInput,
    NeedInput,
    need_register,
    proposal_approve,
    proposal_draft,
    proposal_moves_save,
)
from giaingan.web.access import permission_required, require
from giaingan.web.exports import file_download
from giaingan.web.params import figure_params
from giaingan.web.problems import problems_flash


@require_GET
@permission_required("reallocation.view_reallocation")
def advisor(request: HttpRequest) -> HttpResponse:
    """What the advisor proposes as of a day, the needs, and the proposals."""
    params = figure_params(request)
    for problem in params.problems:
        messages.warning(request, problem)
    advice = district_advice(
        year=params.year,
        as_of=params.as_of,
        needs=needs_for(year=params.year, as_of=params.as_of),
    )
    rows = advice.forecast.by_project()
    moves = [
        {
            "giver": rows[move.giver],
            "taker": rows[move.taker],
            "source": advice.forecast.sources.get(move.source, ""),
            "amount": move.amount,
            "reason": move.reason,
        }
        for move in advice.moves
    ]
    flagged = [row for row in advice.forecast.projects if row.estimate.flagged]
    flagged.sort(key=lambda row: -row.estimate.unused)
    return render(
        request,
        "reallocation/advisor.html",
        {
            "params": params,
            "advice": advice,
            "moves": moves,
            "flagged": flagged,
            "needs": needs_list(year=params.year),
            "proposals": ReallocationProposal.objects.filter(plan_year=params.year),
            "form": ProposalForm(),
        },
    )


@require_POST
@permission_required("reallocation.change_proposal")
def proposal_new(request: HttpRequest) -> HttpResponse:
    params = figure_params(request)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cần số tờ trình.")
        return redirect(f"/dieu-chuyen-von/?{params.query()}")
    try:
        proposal = proposal_draft(
            user=request.user,
            year=params.year,
            as_of=params.as_of,
            number=form.cleaned_data["number"],
        )
    except InvalidInput as error:
        problems_flash(request, error.problems)
        return redirect(f"/dieu-chuyen-von/?{params.query()}")
    messages.success(request, "Đã lập đề xuất điều chuyển từ gợi ý của hệ thống.")
    return redirect("reallocation:proposal", proposal.pk)


def _move_initial(proposal: ReallocationProposal) -> list[dict]:
    return [
        {
            "giver": move.giver,
            "taker": move.taker,
            "source": move.source.code,
            "amount": format_number(move.amount),
            "reason": move.reason,
        }
        for move in proposal.moves.select_related("giver", "taker", "source")
    ]


@require_http_methods(["GET", "POST"])
@permission_required("reallocation.view_reallocation")
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(ReallocationProposal, pk=pk)
    sources = funding_sources()
    editable = proposal.status == ProposalStatus.DRAFT and request.user.has_perm(
        "reallocation.change_proposal"
    )
    formset = MoveFormSet(initial=_move_initial(proposal), form_kwargs={"sources": sources})
    if request.method == "POST":
        require(request, "reallocation.change_proposal")
        formset = MoveFormSet(request.POST, form_kwargs={"sources": sources})
        if formset.is_valid():
            # Each move keeps its row on the page: a blank or deleted row before it counts.
            moves = [
                MoveInput(
                    giver=data["giver"],
                    taker=data["taker"],
                    source=data["source"],
                    amount=data["amount"],
                    reason=data.get("reason") or "",
                    row=row,
                )
                for row, data in enumerate(formset.cleaned_data, start=1)
                if data and not data.get("DELETE")
            ]
            try:
                proposal_moves_save(user=request.user, proposal=proposal, moves=moves)
            except InvalidInput as error:
                problems_flash(request, error.problems)
            else:
                messages.success(request, "Đã lưu các dòng điều chuyển.")
                return redirect("reallocation:proposal", proposal.pk)
        else:
            messages.error(request, "Có dòng chưa hợp lệ: xem lỗi ở từng dòng.")
    outcome = proposal_outcome(proposal)
    rows = outcome.before.by_project()
    changed = []
    after = outcome.after.by_project()
    for project in sorted(
        {move.giver_id for move in proposal.moves.all()}
        | {move.taker_id for move in proposal.moves.all()},
        key=lambda pk: rows[pk].code if pk in rows else "",
    ):
        if project in rows and project in after:
            changed.append((rows[project], after[project]))
    return render(
        request,
        "reallocation/proposal.html",
        {
            "proposal": proposal,
            "moves": proposal.moves.select_related("giver", "taker", "source"),
            "formset": formset,
            "editable": editable,
            "outcome": outcome,
            "changed": changed,
            "approve_form": ApproveForm(initial={"decision_date": timezone.localdate()}),
        },
    )


@require_POST
@permission_required("reallocation.approve_proposal")
def proposal_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(ReallocationProposal, pk=pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("reallocation:proposal", proposal.pk)
    try:
        proposal_approve(
            user=request.user,
            proposal=proposal,
            decision_number=form.cleaned_data["decision_number"],
            decision_date=form.cleaned_data["decision_date"],
        )
    except InvalidInput as error:
        problems_flash(request, error.problems)
    else:
        messages.success(
            request,
            f"Đã phê duyệt: quyết định điều chuyển {form.cleaned_data['decision_number']} "
            "đã ghi vào sổ kế hoạch vốn.",
        )
    return redirect("reallocation:proposal", proposal.pk)


@require_GET
@permission_required("reallocation.view_reallocation")
def proposal_paper(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(ReallocationProposal, pk=pk)
    name = f"to-trinh-dieu-chuyen-von-{proposal.pk}.docx"
    return file_download(proposal_docx(proposal), name, "docx")


@require_http_methods(["GET", "POST"])
@permission_required("reallocation.view_needs")
def needs(request: HttpRequest) -> HttpResponse:
    """The needs the user may see (their own projects, or the district's), and a form."""
    params = figure_params(request)
    sources = funding_sources()
    form = NeedForm(request.POST or None, sources=sources, initial={"plan_year": params.year})
    if request.method == "POST":
        require(request, "reallocation.add_need")
        if form.is_valid():
            data = form.cleaned_data
            require(request, "reallocation.add_project_need", data["project"])
            try:
                need_register(
                    user=request.user,
                    data=NeedInput(
                        project=data["project"],
                        source=data["source"],
                        plan_year=data["plan_year"],
                        amount=data["amount"],
                        reason=data["reason"],
                        can_finish_first=data["can_finish_first"],
                        registered_on=timezone.localdate(),
                    ),
                )
            except InvalidInput as error:
                problems_flash(request, error.problems)
            else:
                messages.success(request, "Đã đăng ký nhu cầu vốn.")
                return redirect("reallocation:needs")
    return render(
        request,
        "reallocation/needs.html",
        {
            "form": form,
            "needs": needs_list(year=params.year, scope=project_scope(request.user)),
            "params": params,
        },
    )
