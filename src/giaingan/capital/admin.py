"""Catalogue pages for administrators. The ledger is read-only here: it is appended only
through the services (imports, entry forms)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from giaingan.capital.forms import AmountField
from giaingan.capital.models import (
    DisbursementTarget,
    FundingSource,
    PlanEntry,
    Project,
    TreasuryLine,
)
from giaingan.web.readonly_admin import ReadOnlyAdmin


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "budget_level"]
    search_fields = ["code", "name"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "investor", "main_commune", "group", "is_key"]
    list_filter = ["group", "is_key", "investor"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["investor", "agency", "main_commune", "communes"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "total_investment":  # đồng as every form reads them
            return AmountField(label=capfirst(db_field.verbose_name), required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(DisbursementTarget)
class DisbursementTargetAdmin(SimpleHistoryAdmin):
    list_display = ["plan_year", "due_date", "share_percent", "basis"]
    list_filter = ["plan_year"]


class LedgerAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The ledger is appended by the services only (imports, entry forms)."""


@admin.register(PlanEntry)
class PlanEntryAdmin(LedgerAdmin):
    list_display = [
        "decision_number",
        "issuer",
        "decision_date",
        "kind",
        "project",
        "source",
        "plan_year",
        "amount",
    ]
    list_filter = ["plan_year", "kind", "source", "issuer"]
    search_fields = ["decision_number", "issuer__code", "project__code", "project__name"]
    list_select_related = ["issuer", "project", "source"]


@admin.register(TreasuryLine)
class TreasuryLineAdmin(LedgerAdmin):
    list_display = [
        "document_number",
        "treasury",
        "value_date",
        "project",
        "source",
        "plan_year",
        "kind",
        "amount",
        "recovered_advance",
    ]
    list_filter = ["treasury", "plan_year", "kind", "source"]
    search_fields = ["document_number", "treasury__code", "project__code", "project__name"]
    list_select_related = ["treasury", "project", "source"]
