"""Reads from acceptance to payment: the rows a page lists (figures are in figures/)."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from giaingan.capital.models import LineKind, TreasuryLine
from giaingan.contracts.models import Breach, Contract, PaymentDossier
from giaingan.figures.payables import accepted_by_contract
from giaingan.org.models import Unit, UnitKind
from giaingan.org.rules import recordable_treasury_ids


def project_contracts(project) -> list[Contract]:
    """A project's contracts, each with its acceptances, dossiers and their paying lines."""
    return list(
        Contract.objects.filter(project=project)
        .select_related("contractor")
        .prefetch_related(
            "acceptances",
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


def candidate_lines(*, user, dossier: PaymentDossier) -> list[TreasuryLine]:
    """The treasury lines that could pay `dossier`, for the treasury to pick from: its
    project's payment lines (not an advance or a correction, never corrected, not yet linked
    to a dossier) of the treasuries the user records for, dated on or after its sending."""
    lines = TreasuryLine.objects.filter(
        project_id=dossier.contract.project_id,
        kind=LineKind.PAYMENT,
        reverses__isnull=True,
        reversals__isnull=True,
        dossier_payment__isnull=True,
        value_date__gte=dossier.sent_on,
    )
    treasuries = recordable_treasury_ids(user)
    if treasuries is not None:
        lines = lines.filter(treasury_id__in=treasuries)
    return list(lines.order_by("value_date", "document_number"))
