"""Reads from acceptance to payment: the rows a page lists (figures are in figures/)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet, Sum

from giaingan.capital.models import LineKind, TreasuryLine
from giaingan.contracts.models import Acceptance, Breach, Contract, PaymentDossier
from giaingan.figures.payables import accepted_by_contract
from giaingan.org.models import Unit, UnitKind
from giaingan.org.rules import recordable_treasury_ids


def project_contracts(project) -> list[Contract]:
    """A project's contracts, each with its acceptances (and the dossier each is in),
    dossiers and their paying lines, and breaches: a fixed number of queries, however many
    rows (the page reads nothing more per contract or per dossier)."""
    return list(
        Contract.objects.filter(project=project)
        .select_related("contractor")
        .prefetch_related(
            Prefetch("acceptances", queryset=Acceptance.objects.select_related("dossier")),
            "dossiers__payments__treasury_line",
            "dossiers__acceptances",
            "breaches",
        )
        .order_by("signed_on", "id")
    )


def contractors() -> QuerySet[Unit]:
    """The contractors' register with the count and value of their contracts and breaches."""
    return (
        Unit.objects.filter(kind=UnitKind.CONTRACTOR)
        .annotate(
            contract_count=Count("contracts", distinct=True),
            contract_value=Sum("contracts__value"),
            breach_count=Count("contracts__breaches", distinct=True),
        )
        .order_by("name")
    )


def contractor_contracts(unit: Unit) -> list[Contract]:
    contracts = list(
        Contract.objects.filter(contractor=unit)
        .select_related("project", "project__investor")
        .order_by("-signed_on", "id")
    )
    accepted = accepted_by_contract(contract_ids=[contract.pk for contract in contracts])
    for contract in contracts:
        contract.accepted = accepted.get(contract.pk, 0)
    return contracts


def contractor_breaches(unit: Unit) -> list[Breach]:
    return list(
        Breach.objects.filter(contract__contractor=unit)
        .select_related("contract", "contract__project")
        .order_by("-occurred_on", "-id")
    )


def candidate_lines_by_dossier(
    *, user, dossiers: Iterable[PaymentDossier]
) -> dict[int, list[TreasuryLine]]:
    """Dossier id -> the treasury lines that could pay it, for the treasury to pick from:
    its project's payment lines (not an advance or a correction, never corrected, not yet
    linked to a dossier) of the treasuries the user records for, dated on or after its
    sending. One query for all the dossiers: a page lists every dossier of a project with
    its candidates, and a query per dossier made it grow with them."""
    dossiers = list(dossiers)
    found: dict[int, list[TreasuryLine]] = {dossier.pk: [] for dossier in dossiers}
    if not dossiers:
        return found
    lines = TreasuryLine.objects.filter(
        project_id__in={dossier.contract.project_id for dossier in dossiers},
        kind=LineKind.PAYMENT,
        reverses__isnull=True,
        reversals__isnull=True,
        dossier_payment__isnull=True,
        value_date__gte=min(dossier.sent_on for dossier in dossiers),
    )
    treasuries = recordable_treasury_ids(user)
    if treasuries is not None:
        lines = lines.filter(treasury_id__in=treasuries)
    read = list(lines.order_by("value_date", "document_number"))
    for dossier in dossiers:
        project_id = dossier.contract.project_id
        found[dossier.pk] = [
            line
            for line in read
            if line.project_id == project_id and line.value_date >= dossier.sent_on
        ]
    return found
