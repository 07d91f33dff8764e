"""Pages from acceptance to payment: a project's contracts, the contractors' register and a
contractor's record, an investor's payables. Every action asks the rules on the server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giaingan.capital.models import Project
from giaingan.contracts import services
from giaingan.contracts.forms import (
    AcceptanceForm,
    BreachForm,
    ContractForm,
    ContractorForm,
    DecisionForm,
    DossierForm,
    LinkPaymentForm,
    ProposalForm,
    ResendForm,
    ReturnForm,
)
from giaingan.contracts.models import Breach, Contract, PaymentDossier
from giaingan.contracts.obstacles import breach_raise_obstacle, dossier_raise_obstacle
from giaingan.contracts.selectors import (
    candidate_lines_by_dossier,
    contractor_breaches,
    contractor_contracts,
    contractors,
    project_contracts,
)
from giaingan.contracts.sheets import investor_sheet, slowest_sheet
from giaingan.figures.payables import (
    dossier_standings,
    dossier_standings_now,
    payables_by_project,
    payables_total,
    pile_up_percent,
    slowest_dossiers,
)
from giaingan.lib.problems import InvalidInput
from giaingan.org.models import Unit, UnitKind
from giaingan.org.rules import project_scope
from giaingan.web.access import permission_required, require
from giaingan.web.exports import sheet_download
from giaingan.web.params import figure_params
from giaingan.web.problems import form_messages, problems_flash, problems_on_form

FORMATS = ("xlsx", "csv")


def act(
    request: HttpRequest, form, call: Callable[[dict], Any], done: str, back: str
) -> HttpResponse:
    """Run a service with a bound form's data: its message on success, every problem (the
    form's or the service's) as a message otherwise, then back to the page."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except InvalidInput as error:
            problems_flash(request, error.problems)
        else:
            messages.success(request, done)
    else:
        for message in form_messages(form):
            messages.error(request, message)
    return redirect(back)


def entry(
    request: HttpRequest,
    project: Project,
    refused: tuple[str, int | None],
    form,
    call: Callable[[dict], Any],
    done: str,
) -> HttpResponse:
    """Run a service with an entry form of the project page: on success its message and back
    to the page; refused, the page again with the form as typed, each problem next to its
    field (`web.problems`) and listed above."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except InvalidInput as error:
            fields = {str(field.label).lower(): name for name, field in form.fields.items()}
            problems_on_form(form, error.problems, fields)
        else:
            messages.success(request, done)
            return redirect(contracts_url(project))
    for message in form_messages(form):
        messages.error(request, message)
    return render_project(request, project, (*refused, form))


def contracts_url(project: Project) -> str:
    return reverse("contracts:project", args=[project.code])


# --- A project's contracts ------------------------------------------------------------------


@require_GET
@login_required
def project_page(request: HttpRequest, code: str) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("investor"), code=code)
    require(request, "contracts.view_contracts", project)
    return render_project(request, project)


def render_project(
    request: HttpRequest, project: Project, refused: tuple[str, int | None, Any] | None = None
) -> HttpResponse:
    """The project's contracts page; `refused` = (form name, contract pk or None, the bound
    form with its errors) puts back a refused form as the user filled it."""

    def form_for(name: str, pk: int | None, blank):
        if refused is not None and refused[0] == name and refused[1] == pk:
            return refused[2]
        return blank()

    params = figure_params(request)
    row = payables_by_project(
        as_of=params.as_of, projects=Q(pk=project.pk), plan_year=params.year
    ).get(project.pk)
    # The figures are of the page's date; the actions are of today (what the services allow).
    standings = dossier_standings(as_of=params.as_of, projects=Q(pk=project.pk))
    acting = dossier_standings_now(projects=Q(pk=project.pk))
    can_link = request.user.has_perm("contracts.link_payment", project)
    contracts = project_contracts(project)
    candidates = (
        candidate_lines_by_dossier(
            user=request.user,
            dossiers=[
                dossier
                for contract in contracts
                for dossier in contract.dossiers.all()
                if acting[dossier.pk].status == "sent"
            ],
        )
        if can_link
        else {}
    )
    items = []
    for contract in contracts:
        free = [a for a in contract.acceptances.all() if a.dossier_id is None]
        # Each form's fields get ids of their own: one page holds many forms alike.
        pk = contract.pk
        items.append(
            {
                "contract": contract,
                "accepted": sum(a.value for a in contract.acceptances.all()),
                "acceptance_form": form_for(
                    "acceptance", pk, lambda pk=pk: AcceptanceForm(auto_id=f"nt{pk}_%s")
                ),
                "dossier_form": (
                    form_for(
                        "dossier",
                        pk,
                        lambda c=contract, pk=pk, free=free: DossierForm(
                            contract=c, free=free, auto_id=f"hs{pk}_%s"
                        ),
                    )
                    if free
                    else None
                ),
                "dossiers": [
                    {
                        "dossier": dossier,
                        "standing": standings[dossier.pk],
                        "acting": acting[dossier.pk],
                        "candidates": candidates.get(dossier.pk, []),
                        "link_form": LinkPaymentForm(auto_id=f"ct{dossier.pk}_%s"),
                        "return_form": ReturnForm(auto_id=f"tl{dossier.pk}_%s"),
                        "resend_form": ResendForm(auto_id=f"gl{dossier.pk}_%s"),
                    }
                    for dossier in contract.dossiers.all()
                ],
            }
        )
    return render(
        request,
        "contracts/project.html",
        status=200 if refused is None else 400,
        context={
            "project": project,
            "params": params,
            "row": row,
            "pile_up": pile_up_percent(row) if row else None,
            "items": items,
            "contract_form": form_for("contract", None, lambda: ContractForm(auto_id="hd_%s")),
        },
    )


@require_POST
@login_required
def contract_new(request: HttpRequest, code: str) -> HttpResponse:
    project = get_object_or_404(Project, code=code)
    require(request, "contracts.add_contract", project)

    def call(data: dict) -> None:
        services.contract_record(
            user=request.user,
            data=services.ContractInput(
                project=project,
                number=data["number"],
                package=data["package"],
                value=data["value"],
                signed_on=data["signed_on"],
                schedule_end=data["schedule_end"],
                contractor_tax_code=data["contractor_tax_code"],
                contractor_name=data["contractor_name"],
                advance_value=data["advance_value"] or 0,
                advance_terms=data["advance_terms"],
            ),
        )

    form = ContractForm(request.POST, auto_id="hd_%s")
    return entry(request, project, ("contract", None), form, call, "Đã ghi hợp đồng.")


def contract_for(request: HttpRequest, pk: int, permission: str) -> Contract:
    contract = get_object_or_404(Contract.objects.select_related("project"), pk=pk)
    require(request, permission, contract)
    return contract


@require_POST
@login_required
def acceptance_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk, "contracts.add_acceptance")

    def call(data: dict) -> None:
        services.acceptance_record(
            user=request.user,
            data=services.AcceptanceInput(
                contract=contract,
                number=data["number"],
                accepted_on=data["accepted_on"],
                value=data["value"],
            ),
        )

    form = AcceptanceForm(request.POST, auto_id=f"nt{pk}_%s")
    done = "Đã ghi biên bản nghiệm thu."
    return entry(request, contract.project, ("acceptance", pk), form, call, done)


@require_POST
@login_required
def dossier_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk, "contracts.send_dossier")

    def call(data: dict) -> None:
        services.dossier_send(
            user=request.user,
            contract=contract,
            number=data["number"],
            amount=data["amount"],
            sent_on=data["sent_on"],
            acceptances=list(data["acceptances"]),
        )

    form = DossierForm(request.POST, contract=contract, auto_id=f"hs{pk}_%s")
    done = "Đã ghi hồ sơ thanh toán gửi Kho bạc."
    return entry(request, contract.project, ("dossier", pk), form, call, done)


def dossier_for(request: HttpRequest, pk: int, permission: str) -> PaymentDossier:
    dossier = get_object_or_404(PaymentDossier.objects.select_related("contract__project"), pk=pk)
    require(request, permission, dossier)
    return dossier


@require_POST
@login_required
def dossier_return(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "contracts.return_dossier")

    def call(data: dict) -> None:
        services.dossier_return(
            user=request.user,
            dossier=dossier,
            returned_on=data["returned_on"],
            reason=data["reason"],
        )

    return act(
        request,
        ReturnForm(request.POST),
        call,
        "Đã trả lại hồ sơ.",
        contracts_url(dossier.contract.project),
    )


@require_POST
@login_required
def dossier_resend(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "contracts.send_dossier")

    def call(data: dict) -> None:
        services.dossier_resend(user=request.user, dossier=dossier, resent_on=data["resent_on"])

    return act(
        request,
        ResendForm(request.POST),
        call,
        "Đã gửi lại hồ sơ.",
        contracts_url(dossier.contract.project),
    )


@require_POST
@login_required
def dossier_link(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "contracts.link_payment")

    def call(data: dict) -> None:
        services.dossier_link_payment(
            user=request.user, dossier=dossier, document_number=data["document_number"]
        )

    return act(
        request,
        LinkPaymentForm(request.POST),
        call,
        "Đã gắn chứng từ thanh toán vào hồ sơ.",
        contracts_url(dossier.contract.project),
    )


def raise_obstacle(request: HttpRequest, target, project: Project, call) -> HttpResponse:
    require(request, "monitoring.add_project_obstacle", project)
    try:
        target = call(user=request.user, **target)
    except InvalidInput as error:
        problems_flash(request, error.problems)
        return redirect(contracts_url(project))
    messages.success(request, "Đã ghi vào sổ vướng mắc.")
    return redirect("monitoring:obstacle", target.obstacle_id)


@require_POST
@login_required
def dossier_obstacle(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "contracts.view_contracts")
    project = dossier.contract.project
    return raise_obstacle(request, {"dossier": dossier}, project, dossier_raise_obstacle)


@require_POST
@login_required
def breach_obstacle(request: HttpRequest, pk: int) -> HttpResponse:
    breach = get_object_or_404(Breach.objects.select_related("contract__project"), pk=pk)
    project = breach.contract.project
    return raise_obstacle(request, {"breach": breach}, project, breach_raise_obstacle)


# --- Contractors and their breaches ---------------------------------------------------------


@require_GET
@permission_required("contracts.view_contractors")
def contractor_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contracts/contractors.html",
        {"contractors": contractors(), "form": ContractorForm()},
    )


@require_POST
@permission_required("contracts.view_contractors")
def contractor_new(request: HttpRequest) -> HttpResponse:
    require(request, "contracts.register_contractor")

    def call(data: dict) -> None:
        services.contractor_register(
            user=request.user, tax_code=data["tax_code"], name=data["name"]
        )

    back = reverse("contracts:contractors")
    return act(request, ContractorForm(request.POST), call, "Đã ghi nhà thầu vào danh bạ.", back)


@require_GET
@permission_required("contracts.view_contractors")
def contractor_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk, kind=UnitKind.CONTRACTOR)
    return render(
        request,
        "contracts/contractor.html",
        {
            "contractor": unit,
            "contracts": contractor_contracts(unit),
            "breaches": contractor_breaches(unit),
            "proposal_form": ProposalForm(initial={"proposed_on": timezone.localdate()}),
            "decision_form": DecisionForm(initial={"decided_on": timezone.localdate()}),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def breach_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk, "contracts.record_breach")
    form = BreachForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.breach_record(
                user=request.user,
                contract=contract,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                description=data["description"],
                evidence=data["evidence"],
            )
        except InvalidInput as error:
            problems_flash(request, error.problems)
        else:
            messages.success(request, "Đã ghi vi phạm của nhà thầu.")
            return redirect(contracts_url(contract.project))
    return render(request, "contracts/breach_form.html", {"form": form, "contract": contract})


def breach_for(request: HttpRequest, pk: int, permission: str) -> Breach:
    breach = get_object_or_404(Breach.objects.select_related("contract__contractor"), pk=pk)
    require(request, permission, breach)
    return breach


@require_POST
@login_required
def breach_propose(request: HttpRequest, pk: int) -> HttpResponse:
    breach = breach_for(request, pk, "contracts.propose_handling")

    def call(data: dict) -> None:
        services.breach_propose(
            user=request.user,
            breach=breach,
            measure=data["measure"],
            reason=data["reason"],
            proposed_on=data["proposed_on"],
        )

    back = reverse("contracts:contractor", args=[breach.contract.contractor_id])
    return act(request, ProposalForm(request.POST), call, "Đã ghi đề xuất xử lý.", back)


@require_POST
@login_required
def breach_decide(request: HttpRequest, pk: int) -> HttpResponse:
    breach = breach_for(request, pk, "contracts.decide_handling")

    def call(data: dict) -> None:
        services.breach_decide(
            user=request.user,
            breach=breach,
            measure=data["measure"],
            decision_number=data["decision_number"],
            decided_on=data["decided_on"],
            note=data["note"],
        )

    back = reverse("contracts:contractor", args=[breach.contract.contractor_id])
    return act(request, DecisionForm(request.POST), call, "Đã ghi quyết định xử lý.", back)


# --- An investor's payables -----------------------------------------------------------------


def investor_figures(request: HttpRequest, code: str) -> dict:
    unit = get_object_or_404(Unit, code=code)
    require(request, "contracts.view_investor", unit)
    params = figure_params(request)
    projects = Q(investor=unit)
    scope = project_scope(request.user)
    if scope is not None:
        projects &= scope
    rows = payables_by_project(as_of=params.as_of, projects=projects, plan_year=params.year)
    names = dict(Project.objects.filter(id__in=list(rows)).values_list("id", "code"))
    shown = sorted(rows.items(), key=lambda item: (-item[1].unpaid, names[item[0]]))
    return {
        "investor": unit,
        "params": params,
        "rows": [(names[pid], row, pile_up_percent(row)) for pid, row in shown],
        "total": payables_total(rows),
        "slowest": slowest_dossiers(as_of=params.as_of, projects=projects, count=10),
    }


@require_GET
@login_required
def investor_page(request: HttpRequest, code: str) -> HttpResponse:
    context = investor_figures(request, code)
    context["total_pile_up"] = pile_up_percent(context["total"])
    return render(request, "contracts/investor.html", context)


@require_GET
@login_required
def investor_export(request: HttpRequest, code: str, table: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS or table not in ("thanh-toan", "ho-so-cham"):
        raise Http404
    context = investor_figures(request, code)
    as_of = context["params"].as_of
    if table == "thanh-toan":
        sheet = investor_sheet(
            context["investor"],
            as_of,
            context["params"].year,
            context["rows"],
            context["total"],
        )
    else:
        sheet = slowest_sheet(context["investor"], as_of, context["slowest"])
    return sheet_download(sheet, f"{table}_{code}_{as_of:%Y%m%d}.{fmt}", fmt)
