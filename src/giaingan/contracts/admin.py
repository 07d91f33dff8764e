"""Contracts, acceptances, dossiers and breaches in the admin, to look at: they change only
through their pages and services (the rules, the log)."""

from __future__ import annotations

from django.contrib import admin

from giaingan.contracts.models import Acceptance, Breach, Contract, PaymentDossier
from giaingan.web.readonly_admin import ReadOnlyAdmin


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("project", "number", "package", "contractor", "value", "signed_on")
    search_fields = ("project__code", "number", "package", "contractor__tax_code")
    list_select_related = ("project", "contractor")


@admin.register(Acceptance)
class AcceptanceAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("contract", "number", "accepted_on", "value", "dossier")
    search_fields = ("contract__project__code", "contract__number", "number")
    list_select_related = ("contract", "dossier")


@admin.register(PaymentDossier)
class PaymentDossierAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("contract", "number", "amount", "status", "sent_on", "paid_on")
    list_filter = ("status",)
    search_fields = ("contract__project__code", "contract__number", "number")
    list_select_related = ("contract",)


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("contract", "kind", "occurred_on", "status", "decided_measure")
    list_filter = ("kind", "status")
    search_fields = ("contract__project__code", "contract__contractor__tax_code")
    list_select_related = ("contract",)
