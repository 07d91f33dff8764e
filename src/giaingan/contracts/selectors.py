"""Reads from acceptance to payment: the rows a page lists (figures are in figures/)."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from giaingan.contracts.models import Breach, Contract
from giaingan.org.models import Unit, UnitKind


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
    return list(
        Contract.objects.filter(contractor=unit)
        .select_related("project", "project__investor")
        .annotate(accepted=Sum("acceptances__value"))
        .order_by("-signed_on", "id")
    )


def contractor_breaches(unit: Unit) -> list[Breach]:
    return list(
        Breach.objects.filter(contract__contractor=unit)
        .select_related("contract", "contract__project")
        .order_by("-occurred_on", "-id")
    )
