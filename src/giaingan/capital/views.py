"""Entry pages for the ledger: a plan decision, a treasury line or its correction.

They write through the same services as the importers, so a line typed here obeys exactly
the rules of a line in a file; the services' problems are shown next to the fields.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from giaingan.capital.forms import (
    MAX_PLAN_LINES,
    MORE_LINES,
    PROJECT_LIST_ID,
    PlanDecisionForm,
    TreasuryLineForm,
    funding_sources,
    plan_line_formset,
    raw_values,
)
from giaingan.capital.ledger import LineInput, PlanInput
from giaingan.capital.models import PlanEntry, PlanKind, Project, TreasuryLine
from giaingan.capital.services import plan_decision_record, treasury_line_record
from giaingan.figures.room import disbursement_room, unreversed
from giaingan.lib.money import format_number
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.text import search_key
from giaingan.org.issuers import default_issuer_id
from giaingan.org.treasuries import recordable_treasuries
from giaingan.web.access import permission_required, require
from giaingan.web.problems import error_summary, problem_text, problems_on_form

# The services name places as the import files' columns do; the forms name them by field.
PLAN_HEADER_FIELDS = {
    "ngay_quyet_dinh": "decision_date",
    "loai": "kind",
    "nam_ke_hoach": "plan_year",
}
PLAN_LINE_FIELDS = {
    "ma_du_an": "project",
    "nguon_von": "source",
    "so_tien": "amount",
    "ghi_chu": "note",
}
TREASURY_FIELDS = {
    "kho_bac": "treasury",
    "so_chung_tu": "document_number",
    "ngay": "value_date",
    "ma_du_an": "project",
    "nguon_von": "source",
    "nam_ke_hoach": "plan_year",
    "loai": "kind",
    "so_tien": "amount",
    "thu_hoi_tam_ung": "recovered_advance",
    "chung_tu_goc": "reverses_number",
}


PROJECT_LIST_MAX = 1_000  # projects sent whole in a form's datalist
SUGGESTIONS = 20  # projects offered at a time as the user types


def project_choices() -> list[tuple[str, str]] | None:
    """Codes and names for the datalist that helps typing a project code; None for a
    catalogue longer than PROJECT_LIST_MAX (a province's), whose list the page then fills
    from `project_suggest` as the user types."""
    choices = Project.objects.order_by("code").values_list("code", "name")
    first = list(choices[: PROJECT_LIST_MAX + 1])
    return first if len(first) <= PROJECT_LIST_MAX else None


@require_GET
@login_required
def project_suggest(request: HttpRequest) -> JsonResponse:
    """The first projects, by code, whose code starts with or whose name contains what was
    typed, regardless of case and marks ("duong" finds "Đường"): JSON for the datalist of
    the entry forms, so for those who may use them."""
    user = request.user
    if not (
        user.has_perm("capital.add_plan_decision") or user.has_perm("capital.add_treasury_line")
    ):
        raise PermissionDenied
    typed = search_key(request.GET.get("q", "")[:100])
    found: list[dict[str, str]] = []
    if typed:
        by_name: list[dict[str, str]] = []
        for code, name in Project.objects.order_by("code").values_list("code", "name").iterator():
            if search_key(code).startswith(typed):
                found.append({"code": code, "name": name})
                if len(found) == SUGGESTIONS:
                    break
            elif len(by_name) < SUGGESTIONS and typed in search_key(name):
                by_name.append({"code": code, "name": name})
        found = (found + by_name)[:SUGGESTIONS]
    return JsonResponse({"projects": found})


# --- Plan decisions -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("capital.add_plan_decision")
def plan_decision_new(request: HttpRequest) -> HttpResponse:
    decision_errors: list[str] = []
    issuer = default_issuer_id(request.user)
    if request.method != "POST":
        header = PlanDecisionForm(issuer=issuer)
        lines = plan_line_formset()
    elif "more" in request.POST:
        header, lines = _with_more_lines(request, issuer)
    else:
        header = PlanDecisionForm(request.POST, issuer=issuer)
        lines = plan_line_formset(data=request.POST)
        header_ok = header.is_valid()
        if lines.is_valid() and header_ok:
            filled = lines.filled_forms()
            inputs = [_plan_input(header.cleaned_data, form.cleaned_data) for form in filled]
            number = header.cleaned_data["decision_number"]
            issuer_unit = header.cleaned_data["issuer"]
            already = PlanEntry.objects.filter(issuer=issuer_unit, decision_number=number).count()
            try:
                entries = plan_decision_record(lines=inputs, user=request.user)
            except InvalidInput as refused:
                decision_errors = _show_plan_problems(
                    refused.problems, header, filled, header.cleaned_data["kind"]
                )
            else:
                created = len(entries) - already
                if created:
                    messages.success(
                        request,
                        _("Đã ghi quyết định %(number)s: %(count)s dòng, tổng %(amount)s đồng.")
                        % {
                            "number": number,
                            "count": created,
                            "amount": format_number(sum(line.amount for line in inputs)),
                        },
                    )
                else:
                    messages.info(
                        request,
                        _(
                            "Quyết định %(number)s đã có trong sổ với đúng các dòng này: "
                            "không ghi thêm dòng nào."
                        )
                        % {"number": number},
                    )
                return redirect("capital:plan_decision", issuer=issuer_unit.code, number=number)
    return render(
        request,
        "capital/plan_decision_form.html",
        {
            "header": header,
            "lines": lines,
            "decision_errors": decision_errors,
            "summary": _plan_summary(header, lines, decision_errors),
            "projects": project_choices(),
            "project_list_id": PROJECT_LIST_ID,
            "can_add_lines": lines.total_form_count() < MAX_PLAN_LINES,
            "more_lines": MORE_LINES,
        },
    )


def _plan_summary(header: PlanDecisionForm, lines, decision_errors: list[str]) -> list:
    if not header.is_bound:
        return []
    summary = error_summary(header)
    summary += [("", str(error)) for error in lines.non_form_errors()]
    summary += [("", error) for error in decision_errors]
    for number, form in enumerate(lines.forms, start=1):
        summary += error_summary(form, line=number)
    return summary


def _with_more_lines(request: HttpRequest, issuer: int | None):
    """Show the form again with the user's input and more blank lines; check nothing yet."""
    typed = PlanDecisionForm(request.POST, issuer=issuer)
    bound = plan_line_formset(data=request.POST)
    rows = [raw_values(form) for form in bound.forms]
    while rows and not any(rows[-1].values()):
        rows.pop()  # the trailing blank lines come back as new blank lines
    blank = min(bound.total_form_count() + MORE_LINES, MAX_PLAN_LINES) - len(rows)
    header = PlanDecisionForm(initial=raw_values(typed), issuer=issuer)
    return header, plan_line_formset(initial=rows, blank=blank)


def _plan_input(header: dict, line: dict) -> PlanInput:
    return PlanInput(
        decision_number=header["decision_number"],
        decision_date=header["decision_date"],
        kind=header["kind"],
        project_id=line["project"].pk,
        source_id=line["source"].pk,
        plan_year=header["plan_year"],
        amount=line["amount"],
        note=line.get("note") or "",
        issuer_id=header["issuer"].pk,
    )


def _show_plan_problems(
    problems: list[Problem], header: PlanDecisionForm, filled: list, kind: str
) -> list[str]:
    """Put each problem next to its line and field; return those about the whole decision."""
    about_decision: list[str] = []
    for problem in problems:
        text = problem_text(problem)
        if problem.column in PLAN_HEADER_FIELDS:
            header.add_error(PLAN_HEADER_FIELDS[problem.column], text)
        elif problem.row is None or not 1 <= problem.row <= len(filled):
            about_decision.append(text)
        elif problem.column == "so_quyet_dinh" and kind == PlanKind.TRANSFER:
            # Only a transfer has rules over the whole decision (it must balance); the
            # service reports them on the decision's first line, which is not their place.
            about_decision.append(text)
        elif problem.column == "so_quyet_dinh":
            # This line is already in the ledger under this number, with other figures.
            filled[problem.row - 1].add_error(None, text)
        else:
            filled[problem.row - 1].add_error(PLAN_LINE_FIELDS.get(problem.column), text)
    if not problems:
        about_decision.append(_("Quyết định phải có ít nhất một dòng."))
    return about_decision


@dataclass
class DecisionLine:
    entry: PlanEntry
    project_url: str
    recorded_by: str


@require_GET
@login_required
def plan_decision(request: HttpRequest, issuer: str, number: str) -> HttpResponse:
    entries = list(
        PlanEntry.objects.filter(issuer__code=issuer, decision_number=number)
        .select_related("issuer", "project", "source", "created_by", "import_batch__user")
        .order_by("id")
    )
    if not entries:
        raise Http404
    allowed: dict[int, bool] = {}
    visible = []
    for entry in entries:
        if entry.project_id not in allowed:
            allowed[entry.project_id] = request.user.has_perm("capital.view_project", entry.project)
        if allowed[entry.project_id]:
            visible.append(DecisionLine(entry, _project_url(entry.project), recorded_by(entry)))
    if not visible:
        raise PermissionDenied
    nets: dict[tuple[str, int], int] = defaultdict(int)
    for line in visible:
        nets[(line.entry.source.code, line.entry.plan_year)] += line.entry.amount
    first = entries[0]
    return render(
        request,
        "capital/plan_decision.html",
        {
            "number": number,
            "first": first,
            "lines": visible,
            "hidden": len(entries) - len(visible),
            "kinds": sorted({entry.get_kind_display() for entry in entries}),
            "dates": sorted({entry.decision_date for entry in entries}),
            "nets": [
                {"source": source, "year": year, "amount": amount}
                for (source, year), amount in sorted(nets.items())
            ],
            "is_transfer": any(entry.kind == PlanKind.TRANSFER for entry in entries),
            "can_add": request.user.has_perm("capital.add_plan_decision"),
        },
    )


def _project_url(project: Project) -> str:
    try:
        return reverse("web:project", kwargs={"code": project.code})
    except NoReverseMatch:
        return ""


# --- Treasury lines -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("capital.add_treasury_line")
def treasury_line_new(request: HttpRequest) -> HttpResponse:
    return _treasury_line_page(request, original=None)


@require_http_methods(["GET", "POST"])
@permission_required("capital.add_treasury_line")
def treasury_line_correct(request: HttpRequest, treasury: str, number: str) -> HttpResponse:
    original = get_object_or_404(
        TreasuryLine.objects.select_related("project", "source", "treasury"),
        treasury__code=treasury,
        document_number=number,
    )
    require(request, "capital.view_project", original.project)
    require(request, "capital.add_treasury_line_for", original.treasury)
    if original.reverses_id is not None:
        messages.error(
            request,
            _("Chứng từ này là một chứng từ điều chỉnh: hãy lập điều chỉnh cho chứng từ gốc."),
        )
        return redirect(original_url(original))
    return _treasury_line_page(request, original=original)


def original_url(line: TreasuryLine) -> str:
    """The page of a treasury line: its treasury's code and its number."""
    return reverse(
        "capital:treasury_line",
        kwargs={"treasury": line.treasury.code, "number": line.document_number},
    )


def _treasury_line_page(request: HttpRequest, *, original: TreasuryLine | None) -> HttpResponse:
    sources = funding_sources()
    remaining = unreversed(original) if original is not None else None
    if original is not None and remaining is not None and remaining[0] <= 0:
        messages.error(
            request,
            _("Chứng từ này đã được điều chỉnh hết số tiền: không còn gì để điều chỉnh."),
        )
        return redirect(original_url(original))
    treasuries = recordable_treasuries(request.user)
    fixed = original.treasury if original is not None else None
    if request.method == "POST":
        form = TreasuryLineForm(
            request.POST, sources=sources, treasuries=treasuries, treasury=fixed
        )
        _fix_original(form, original)
        if form.is_valid():
            line = _line_input(form.cleaned_data)
            already = TreasuryLine.objects.filter(
                treasury_id=line.treasury_id, document_number=line.document_number
            ).exists()
            try:
                recorded = treasury_line_record(line=line, user=request.user)
            except InvalidInput as refused:
                _show_line_problems(refused.problems, form)
            else:
                if already:
                    messages.info(
                        request,
                        _(
                            "Chứng từ %(number)s đã có trong sổ với đúng nội dung này: "
                            "không ghi thêm."
                        )
                        % {"number": recorded.document_number},
                    )
                elif line.reverses_number:
                    messages.success(
                        request,
                        _("Đã ghi chứng từ điều chỉnh %(number)s cho chứng từ %(original)s.")
                        % {"number": recorded.document_number, "original": line.reverses_number},
                    )
                else:
                    messages.success(
                        request,
                        _("Đã ghi chứng từ %(number)s: %(amount)s đồng.")
                        % {
                            "number": recorded.document_number,
                            "amount": format_number(recorded.amount),
                        },
                    )
                return redirect(original_url(recorded))
    else:
        form = TreasuryLineForm(
            initial=_correction_initial(original, remaining),
            sources=sources,
            treasuries=treasuries,
            treasury=fixed,
        )
        _fix_original(form, original)
    return render(
        request,
        "capital/treasury_line_form.html",
        {
            "form": form,
            "original": original,
            "remaining": remaining,
            "room": _form_room(form, original),
            "summary": error_summary(form) if form.is_bound else [],
            "projects": project_choices(),
            "project_list_id": PROJECT_LIST_ID,
        },
    )


def _room(project_id: int, source_id: int, plan_year: int, on: dt.date | None = None) -> dict:
    """ "Còn được giải ngân" for a project, source and plan year, on a day (today)."""
    day = on or timezone.localdate()
    left = disbursement_room(
        project_id=project_id, source_id=source_id, plan_year=plan_year, on=day
    )
    return {"amount": left, "on": day, "plan_year": plan_year}


def _form_room(form: TreasuryLineForm, original: TreasuryLine | None) -> dict | None:
    """The room of the line being typed, once its project, source, year and date are read;
    of the original's key for a correction."""
    if original is not None:
        return _room(original.project_id, original.source_id, original.plan_year)
    data = getattr(form, "cleaned_data", None) or {}
    if all(data.get(name) for name in ("project", "source", "plan_year", "value_date")):
        return _room(data["project"].pk, data["source"].pk, data["plan_year"], data["value_date"])
    return None


def _fix_original(form: TreasuryLineForm, original: TreasuryLine | None) -> None:
    # The shortcut corrects one named line: what is posted cannot point elsewhere.
    if original is not None:
        field = form.fields["reverses_number"]
        field.disabled = True
        field.initial = original.document_number


def _correction_initial(original: TreasuryLine | None, remaining: tuple[int, int] | None) -> dict:
    today = timezone.localdate()
    if original is None or remaining is None:
        return {"value_date": today.strftime("%d/%m/%Y"), "plan_year": today.year}
    # Today, unless it falls outside the window in which the line's plan year may be charged.
    window_end = dt.date(original.plan_year + 1, 12, 31)
    day = today if original.value_date <= today <= window_end else None
    return {
        "value_date": day.strftime("%d/%m/%Y") if day else "",
        "project": original.project.code,
        "source": original.source.code,
        "plan_year": original.plan_year,
        "kind": original.kind,
        "amount": format_number(-remaining[0]),
        "recovered_advance": format_number(-remaining[1]) if remaining[1] else "",
        "reverses_number": original.document_number,
    }


def _line_input(data: dict) -> LineInput:
    return LineInput(
        document_number=data["document_number"],
        value_date=data["value_date"],
        project_id=data["project"].pk,
        source_id=data["source"].pk,
        plan_year=data["plan_year"],
        kind=data["kind"],
        amount=data["amount"],
        recovered_advance=data["recovered_advance"],
        reverses_number=data.get("reverses_number") or "",
        project_code=data["project"].code,
        treasury_id=data["treasury"].pk,
    )


def _show_line_problems(problems: list[Problem], form: TreasuryLineForm) -> None:
    fields: dict[str, str | None] = dict(TREASURY_FIELDS)
    if form.fields["reverses_number"].disabled:
        # Shown above the form, with the original line.
        fields = {
            column: None if name == "reverses_number" else name for column, name in fields.items()
        }
    problems_on_form(form, problems, fields)
    if not problems:
        form.add_error(None, _("Không ghi được chứng từ."))


@require_GET
@login_required
def treasury_line(request: HttpRequest, treasury: str, number: str) -> HttpResponse:
    line = get_object_or_404(
        TreasuryLine.objects.select_related(
            "project", "source", "treasury", "created_by", "import_batch__user", "reverses"
        ),
        treasury__code=treasury,
        document_number=number,
    )
    require(request, "capital.view_project", line.project)
    corrections = list(line.reversals.select_related("created_by", "import_batch__user"))
    remaining = None
    if line.reverses_id is None:
        remaining = unreversed(line)
    return render(
        request,
        "capital/treasury_line.html",
        {
            "line": line,
            "recorded_by": recorded_by(line),
            "corrections": [(c, recorded_by(c)) for c in corrections],
            "remaining": remaining,
            "room": _room(line.project_id, line.source_id, line.plan_year),
            "project_url": _project_url(line.project),
            "can_correct": (
                remaining is not None
                and remaining[0] > 0
                and request.user.has_perm("capital.add_treasury_line_for", line.treasury)
            ),
        },
    )


def recorded_by(obj: PlanEntry | TreasuryLine) -> str:
    """Who wrote a ledger row: a person, or a person through an imported file."""
    if obj.created_by is not None:
        return obj.created_by.get_full_name() or obj.created_by.username
    batch = obj.import_batch
    if batch is not None:
        who = (batch.user.get_full_name() or batch.user.username) if batch.user else ""
        if who:
            return _("%(who)s (nhập từ tệp %(file)s)") % {"who": who, "file": batch.file_name}
        return _("Nhập từ tệp %(file)s") % {"file": batch.file_name}
    return "-"
