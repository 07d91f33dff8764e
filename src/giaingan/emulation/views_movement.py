"""Movement pages (under /thi-dua/): the list, the movement and its live standing, its form,
registration, and evidence with its assessment.

Every page checks its permission on the server with the rules of `emulation/rules.py`; the
standing is `movement_evaluate` itself, so the page, the command and the files agree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giaingan.emulation.evaluation import (
    ChecklistItem,
    Criterion,
    Evaluation,
    automatic_criteria,
    checklist_for,
    checklists,
    evaluation_xlsx,
    fallback_checklist,
    movement_evaluate,
    standing_csv,
)
from giaingan.emulation.forms import (
    AUTOMATIC_KEYS_LIST,
    CATEGORY_OF_KIND,
    AssessmentForm,
    EvidenceForm,
    MovementForm,
    RegistrationForm,
    ResponsibilityForm,
    criteria_initial,
    criterion_formset,
    movement_input,
)
from giaingan.emulation.models import (
    Category,
    CriterionKind,
    Evidence,
    Movement,
    Registration,
)
from giaingan.emulation.models import Criterion as CriterionRow
from giaingan.emulation.responsibility import assignable_projects, responsibility_set
from giaingan.emulation.services import (
    evidence_add,
    evidence_assess,
    movement_register,
    movement_save,
)
from giaingan.figures.selectors import rank_order
from giaingan.lib.dates import DateError, format_date, parse_date
from giaingan.lib.problems import Problem
from giaingan.org.models import Role, Unit, UnitKind
from giaingan.org.rules import own_unit_ids
from giaingan.web.access import permission_required, require
from giaingan.web.exports import SHEET_FORMATS, file_download
from giaingan.web.problems import error_summary, form_submit, on_form, problem_text

# Officers who register their own unit and send its evidence.
UNIT_ROLES = {Role.INVESTOR.value, Role.COMMUNE.value}
PATH = re.compile(r"^categories\[(\d+)\](?:\.criteria(?:\[(\d+)\](?:\.(\w+))?)?)?(?:\.(\w+))?$")


# --- The list -------------------------------------------------------------------------------


@require_GET
@permission_required("emulation.view_movement")
def movement_list(request: HttpRequest) -> HttpResponse:
    movements = Movement.objects.annotate(participants=Count("registrations")).order_by(
        "-plan_year", "code"
    )
    return render(
        request,
        "emulation/movement_list.html",
        {"movements": movements, "can_manage": request.user.has_perm("emulation.manage_movement")},
    )


# --- The movement and its standing ----------------------------------------------------------


@dataclass
class StandingRow:
    evaluation: Evaluation
    cells: list[Criterion]
    eligible: Criterion
    own: bool
    url: str


@dataclass
class StandingGroup:
    category: str
    label: str
    columns: list[ChecklistItem]
    rows: list[StandingRow] = field(default_factory=list)


def _as_of(request: HttpRequest) -> tuple[dt.date, str]:
    """?as_of=dd/mm/yyyy (bookmarkable), today by default; a bad date says so."""
    today = timezone.localdate()
    text = request.GET.get("as_of", "").strip()
    if not text:
        return today, ""
    try:
        return parse_date(text), ""
    except DateError as error:
        return (
            today,
            f"Ngày «{text[:30]}»: {error}; hiển thị số liệu đến hôm nay ({format_date(today)}).",
        )


def _registration_visible(user, registration: Registration) -> bool:
    return user.has_perm("emulation.view_registration", registration)


def standing(movement: Movement, evaluations: list[Evaluation], user) -> list[StandingGroup]:
    """The evaluation as the page shows it: one table per group, best rank first."""
    lists = checklists(movement)
    fallback = fallback_checklist()
    own = own_unit_ids(user)
    registrations = {registration.pk: registration for registration in movement.registrations.all()}
    groups: dict[str, StandingGroup] = {}
    for evaluation in sorted(evaluations, key=rank_order):
        group = groups.get(evaluation.category)
        if group is None:
            group = groups[evaluation.category] = StandingGroup(
                category=evaluation.category,
                label=evaluation.category_label,
                columns=checklist_for(lists, evaluation.category, fallback),
            )
        registration = registrations[evaluation.registration_id]
        url = ""
        if _registration_visible(user, registration):
            url = reverse("emulation:registration", args=[movement.code, registration.pk])
        group.rows.append(
            StandingRow(
                evaluation=evaluation,
                cells=evaluation.criteria[:-1],
                eligible=evaluation.criteria[-1],
                own=evaluation.unit_id in own,
                url=url,
            )
        )
    order = {category: position for position, category in enumerate(Category.values)}
    return sorted(groups.values(), key=lambda group: order.get(group.category, 99))


def _registrable_units(user, movement: Movement):
    """Units `user` may register: any (Internal Affairs, who also register individuals, so
    a unit registered as a collective stays in its list: a second collective registration
    is refused with the reason), else the unit officer's own not yet registered."""
    if user.has_perm("emulation.register_unit"):
        return Unit.objects.order_by("name")
    registered = movement.registrations.filter(person_name="").values("unit_id")
    own = [
        unit.pk
        for unit in Unit.objects.filter(id__in=own_unit_ids(user, UNIT_ROLES))
        if user.has_perm("emulation.register_unit", unit)
    ]
    return Unit.objects.filter(id__in=own).exclude(id__in=registered).order_by("name")


def _may_register(user, movement: Movement) -> bool:
    if user.has_perm("emulation.register_unit"):
        return True
    return any(
        user.has_perm("emulation.register_unit", unit)
        for unit in Unit.objects.filter(id__in=own_unit_ids(user, UNIT_ROLES))
    )


@require_GET
@permission_required("emulation.view_movement")
def movement_detail(request: HttpRequest, code: str) -> HttpResponse:
    movement = get_object_or_404(Movement, code=code)
    as_of, problem = _as_of(request)
    evaluations = movement_evaluate(movement, as_of)
    lists = checklists(movement)
    own_registrations = [
        registration
        for registration in movement.registrations.select_related("unit").filter(
            unit_id__in=own_unit_ids(request.user)
        )
        if request.user.has_perm("emulation.add_evidence", registration)
    ]
    return render(
        request,
        "emulation/movement_detail.html",
        {
            "movement": movement,
            "as_of": as_of,
            "cutoff": min(as_of, movement.completion_deadline),
            "as_of_problem": problem,
            "groups": standing(movement, evaluations, request.user),
            "checklists": [
                (Category(category).label, items)
                for category, items in sorted(
                    lists.items(), key=lambda pair: Category.values.index(pair[0])
                )
            ],
            "fallback": not lists,
            "automatic": automatic_criteria(),
            "participants": len(evaluations),
            "can_manage": request.user.has_perm("emulation.manage_movement"),
            "can_pipeline": request.user.has_perm("emulation.view_pipeline"),
            "can_register": _may_register(request.user, movement),
            "can_export": request.user.has_perm("emulation.view_evaluation"),
            "own_registrations": own_registrations,
            "query": f"as_of={format_date(as_of)}",
        },
    )


@require_GET
@permission_required("emulation.view_evaluation")
def movement_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The standing as the page shows it (headers, groups, ranks), as csv or xlsx."""
    if fmt not in SHEET_FORMATS:
        raise Http404
    movement = get_object_or_404(Movement, code=code)
    as_of, _problem = _as_of(request)
    evaluations = movement_evaluate(movement, as_of)
    if fmt == "csv":
        # With a BOM, Excel opens the Vietnamese text correctly.
        body: bytes = "\ufeff".encode() + standing_csv(evaluations).encode("utf-8")
    else:
        body = evaluation_xlsx(movement, as_of, evaluations)
    return file_download(body, f"thi_dua_{movement.code}_{as_of:%Y%m%d}.{fmt}", fmt)


# --- Creating and editing a movement --------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("emulation.manage_movement")
def movement_new(request: HttpRequest) -> HttpResponse:
    return _movement_form_page(request, movement=None)


@require_http_methods(["GET", "POST"])
@permission_required("emulation.manage_movement")
def movement_edit(request: HttpRequest, code: str) -> HttpResponse:
    movement = get_object_or_404(Movement, code=code)
    return _movement_form_page(request, movement=movement)


def _movement_form_page(request: HttpRequest, *, movement: Movement | None) -> HttpResponse:
    editing = movement is not None
    if request.method != "POST":
        form = MovementForm(editing=editing, initial=_initial(movement))
        criteria = criterion_formset(initial=criteria_initial(movement))
        return _movement_page(request, movement, form, criteria, [])
    form = MovementForm(request.POST, editing=editing, initial=_initial(movement))
    criteria = criterion_formset(data=request.POST)
    form_ok = form.is_valid()
    if not (criteria.is_valid() and form_ok):
        return _movement_page(request, movement, form, criteria, [])
    data, places = movement_input(form, criteria.rows())

    def saved_page(saved) -> HttpResponse:
        messages.success(request, saved.summary())
        return redirect("emulation:movement", code=saved.movement.code)

    return form_submit(
        None,
        lambda _: movement_save(data=data, user=request.user, create=not editing),
        done=saved_page,
        again=lambda problems: _movement_page(request, movement, form, criteria, problems),
        place=lambda problems: _show_problems(problems, form, criteria, data, places),
    )


def _movement_page(
    request: HttpRequest, movement: Movement | None, form, criteria, problems: list[str]
) -> HttpResponse:
    summary = []
    if form.is_bound:
        summary = error_summary(form)
        summary += [("", str(error)) for error in criteria.non_form_errors()]
        summary += [("", problem) for problem in problems]
        for number, row in enumerate(criteria.forms, start=1):
            summary += error_summary(row, line=number)
    return render(
        request,
        "emulation/movement_form.html",
        {
            "movement": movement,
            "form": form,
            "criteria": criteria,
            "problems": problems,
            "summary": summary,
            "automatic": automatic_criteria(),
            "automatic_list": AUTOMATIC_KEYS_LIST,
        },
    )


def _initial(movement: Movement | None) -> dict:
    return MovementForm.initial_for(movement) if movement is not None else {}


def _show_problems(problems: list[Problem], form, criteria, data, places) -> list[str]:
    """Put each of the service's problems next to its field or line; return the others."""
    general = []
    labels = dict(Category.choices)
    for problem in problems:
        text = problem_text(problem)
        path = problem.column
        if path in form.fields:
            form.add_error(path, text)
            continue
        match = PATH.match(path)
        if match is None:
            general.append(text)
            continue
        group, line, name, group_field = match.groups()
        category = data.categories[int(group)].category
        if line is not None and (int(group), int(line)) in places:
            row = criteria.forms[places[(int(group), int(line))]]
            row.add_error(name if name in row.fields else None, text)
        else:
            label = str(labels.get(category, category or ""))
            general.append(text if label.lower() in text.lower() else f"{label}: {text}")
    return general


# --- Registration ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def registration_new(request: HttpRequest, code: str) -> HttpResponse:
    movement = get_object_or_404(Movement, code=code)
    require(request, "emulation.view_movement")
    if not _may_register(request.user, movement):
        raise PermissionDenied
    units = _registrable_units(request.user, movement)
    if request.method == "POST":
        form = RegistrationForm(request.POST, units=units)

        def register(cleaned: dict) -> Registration:
            require(request, "emulation.register_unit", cleaned["unit"])
            return movement_register(
                movement=movement,
                unit=cleaned["unit"],
                category=cleaned["category"],
                registered_on=timezone.localdate(),
                pledge=cleaned["pledge"].strip(),
                person_name=cleaned["person_name"],
                person_position=cleaned["person_position"],
                user=request.user,
            )

        def registered(registration: Registration) -> HttpResponse:
            messages.success(
                request,
                _("%(unit)s đã đăng ký phong trào %(code)s.")
                % {"unit": registration.participant, "code": movement.code},
            )
            return redirect("emulation:registration", code=movement.code, pk=registration.pk)

        return form_submit(
            form,
            register,
            done=registered,
            again=lambda _: _registration_form_page(request, movement, form, units),
            place=on_form(form),
        )
    initial = {}
    if units.count() == 1:
        unit = units.first()
        initial = {"unit": unit, "category": _likely_category(request.user, unit)}
    form = RegistrationForm(units=units, initial=initial)
    return _registration_form_page(request, movement, form, units)


def _registration_form_page(request: HttpRequest, movement: Movement, form, units) -> HttpResponse:
    own_registered = movement.registrations.filter(
        unit_id__in=own_unit_ids(request.user, UNIT_ROLES)
    ).select_related("unit")
    return render(
        request,
        "emulation/movement_registration_form.html",
        {
            "movement": movement,
            "form": form,
            "has_units": units.exists(),
            "own_registered": own_registered,
            "today": timezone.localdate(),
            "open": movement.starts_on <= timezone.localdate() <= movement.ends_on,
        },
    )


def _likely_category(user, unit: Unit) -> str:
    """A commune registers as a commune; another unit whose officer is an investor's, as
    an investor; else by what the unit is."""
    if unit.kind != UnitKind.COMMUNE and unit.pk in own_unit_ids(user, {Role.INVESTOR.value}):
        return Category.INVESTOR
    return CATEGORY_OF_KIND.get(unit.kind, "")


def _registration(code: str, pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("movement", "unit"), pk=pk, movement__code=code
    )


@dataclass
class CriterionView:
    criterion: Criterion
    row: CriterionRow | None
    evidence: list[Evidence]


@require_GET
@login_required
def registration_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    registration = _registration(code, pk)
    if not _registration_visible(request.user, registration):
        raise PermissionDenied
    return _registration_page(request, registration, evidence_form=None)


def _registration_page(
    request: HttpRequest,
    registration: Registration,
    *,
    evidence_form: EvidenceForm | None,
    projects_form: ResponsibilityForm | None = None,
) -> HttpResponse:
    movement = registration.movement
    as_of, _problem = _as_of(request)
    cutoff = min(as_of, movement.completion_deadline)
    evaluation = next(
        e for e in movement_evaluate(movement, as_of) if e.registration_id == registration.pk
    )
    rows = {
        (row.key): row
        for row in CriterionRow.objects.filter(movement=movement, category=registration.category)
    }
    evidence: dict[int, list[Evidence]] = {}
    for item in registration.evidence.select_related(
        "criterion", "uploaded_by", "assessed_by"
    ).order_by("uploaded_at", "id"):
        item.file_label = PurePath(item.file.name).name if item.file else ""
        # Sent after the day the standing is drawn for (or the deadline): it does not count.
        item.late = timezone.localdate(item.uploaded_at) > cutoff
        evidence.setdefault(item.criterion_id, []).append(item)
    criteria = [
        CriterionView(
            criterion=criterion,
            row=rows.get(criterion.key),
            evidence=evidence.get(rows[criterion.key].pk, []) if criterion.key in rows else [],
        )
        for criterion in evaluation.criteria
    ]
    can_add = request.user.has_perm("emulation.add_evidence", registration)
    manual = CriterionRow.objects.filter(
        movement=movement, category=registration.category, kind=CriterionKind.MANUAL
    ).order_by("order", "key")
    if can_add and evidence_form is None and manual.exists():
        evidence_form = EvidenceForm(criteria=manual)
    individual = registration.category == Category.INDIVIDUAL
    can_assign = individual and request.user.has_perm("emulation.assign_projects", registration)
    responsible = registration.responsible_projects.select_related("project", "added_by")
    if can_assign and projects_form is None:
        projects_form = ResponsibilityForm(
            projects=assignable_projects(registration=registration, user=request.user),
            initial={"projects": [row.project for row in responsible]},
        )
    return render(
        request,
        "emulation/movement_registration.html",
        {
            "movement": movement,
            "registration": registration,
            "evaluation": evaluation,
            "criteria": criteria,
            "can_add": can_add and manual.exists(),
            "can_assess": request.user.has_perm("emulation.assess_evidence"),
            "evidence_form": evidence_form,
            "cutoff": cutoff,
            "individual": individual,
            "responsible": responsible,
            "projects_form": projects_form if can_assign else None,
        },
    )


@require_POST
@login_required
def responsibility_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The unit or Internal Affairs sets the projects a registered person answers for."""
    registration = _registration(code, pk)
    require(request, "emulation.assign_projects", registration)
    form = ResponsibilityForm(
        request.POST,
        projects=assignable_projects(registration=registration, user=request.user),
    )
    back = redirect("emulation:registration", code=code, pk=registration.pk)

    def changed(change) -> HttpResponse:
        messages.success(request, change.summary())
        return back

    def flashed(problems: list[str]) -> HttpResponse:
        for problem in problems:
            messages.error(request, problem)
        return back

    if registration.category != Category.INDIVIDUAL:  # no list form on its page
        again, place = flashed, lambda problems: [problem_text(p) for p in problems]
    else:
        again = lambda _: _registration_page(  # noqa: E731
            request, registration, evidence_form=None, projects_form=form
        )
        place = on_form(form, {})
    return form_submit(
        form,
        lambda cleaned: responsibility_set(
            registration=registration, projects=list(cleaned["projects"]), user=request.user
        ),
        done=changed,
        again=again,
        place=place,
    )


# --- Evidence -------------------------------------------------------------------------------


@require_POST
@login_required
def evidence_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    registration = _registration(code, pk)
    require(request, "emulation.add_evidence", registration)
    manual = CriterionRow.objects.filter(
        movement=registration.movement, category=registration.category, kind=CriterionKind.MANUAL
    )
    form = EvidenceForm(request.POST, request.FILES, criteria=manual)

    def sent(evidence: Evidence) -> HttpResponse:
        messages.success(
            request,
            _("Đã gửi minh chứng cho tiêu chí «%(label)s»; chờ thẩm định.")
            % {"label": evidence.criterion.label},
        )
        return redirect("emulation:registration", code=code, pk=registration.pk)

    return form_submit(
        form,
        lambda cleaned: evidence_add(
            registration=registration,
            criterion=cleaned["criterion"],
            note=cleaned["note"],
            file=cleaned.get("file"),
            user=request.user,
        ),
        done=sent,
        again=lambda _: _registration_page(request, registration, evidence_form=form),
        place=on_form(form),
    )


@require_POST
@permission_required("emulation.assess_evidence")
def evidence_assess_view(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related(
            "registration__movement", "registration__unit", "criterion"
        ),
        pk=pk,
    )
    registration = evidence.registration
    form = AssessmentForm(request.POST)
    where = _("Minh chứng «%(label)s» của %(unit)s") % {
        "label": evidence.criterion.label,
        "unit": registration.unit.name,
    }
    back = redirect("emulation:registration", code=registration.movement.code, pk=registration.pk)
    if not form.is_valid():
        messages.error(request, _("%(where)s: hãy chọn công nhận hoặc không.") % {"where": where})
        return back
    accepted = form.cleaned_data["decision"] == "accept"

    def assessed(_evidence) -> HttpResponse:
        messages.success(
            request,
            (_("%(where)s: đã công nhận.") if accepted else _("%(where)s: không công nhận."))
            % {"where": where},
        )
        return back

    def flashed(problems: list[str]) -> HttpResponse:
        for problem in problems:
            messages.error(request, problem)
        return back

    return form_submit(
        form,
        lambda cleaned: evidence_assess(
            evidence=evidence, accepted=accepted, note=cleaned["note"], user=request.user
        ),
        done=assessed,
        again=flashed,
        place=lambda problems: [f"{where}: {p.reason}." for p in problems],
    )


@require_GET
@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, only to those who may see its registration (never a public URL)."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("registration__unit", "registration__movement"), pk=pk
    )
    if not _registration_visible(request.user, evidence.registration):
        raise PermissionDenied
    if not evidence.file:
        raise Http404
    try:
        stream = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(stream, as_attachment=True, filename=PurePath(evidence.file.name).name)
