"""Needs and proposals in the administration: read only (the services write them)."""

from __future__ import annotations

from django.contrib import admin

from giaingan.reallocation.models import CapitalNeed, ReallocationMove, ReallocationProposal
from giaingan.web.readonly_admin import ReadOnlyAdmin


@admin.register(CapitalNeed)
class CapitalNeedAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["project", "source", "plan_year", "amount", "can_finish_first", "registered_on"]
    list_filter = ["plan_year", "can_finish_first"]
    search_fields = ["project__code", "project__name"]


class MoveInline(admin.TabularInline):
    model = ReallocationMove
    fields = ["giver", "taker", "source", "amount", "reason"]
    extra = 0

    # An inline is asked with the parent object too.
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReallocationProposal)
class ReallocationProposalAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["number", "plan_year", "as_of", "proposed_on", "status", "decision_number"]
    list_filter = ["plan_year", "status"]
    inlines = [MoveInline]
