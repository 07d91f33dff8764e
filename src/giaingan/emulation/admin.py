from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from giaingan.emulation.models import (
    Award,
    AwardDecision,
    CouncilSession,
    Criterion,
    Evidence,
    Movement,
    Nomination,
    Objection,
    Proposal,
    Registration,
    UnitRestriction,
)
from giaingan.web.readonly_admin import ReadOnlyAdmin


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    autocomplete_fields = ["unit"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Movement)
class MovementAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "plan_year", "starts_on", "ends_on"]
    search_fields = ["code", "name"]
    inlines = [CriterionInline, RegistrationInline]


@admin.register(UnitRestriction)
class UnitRestrictionAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "person_name", "kind", "since", "until"]
    list_filter = ["kind"]
    search_fields = ["unit__name", "person_name"]
    autocomplete_fields = ["unit"]


# The pipeline is written by its services only (each step role-checked and logged): the
# admin shows it and its history, and changes nothing.


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["registration", "criterion", "accepted", "uploaded_at"]
    list_filter = ["accepted"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["movement", "number", "status", "as_of", "submitted_on"]
    list_filter = ["status"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "proposal", "purpose", "category", "status"]
    list_filter = ["purpose", "status", "category"]
    search_fields = ["unit__name", "person_name"]


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "movement", "venue", "status"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["sender_name", "posting", "received_at", "answered_at"]


@admin.register(AwardDecision)
class AwardDecisionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["number", "decided_on", "movement", "signer"]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "unit", "prize_amount", "gold_book_number"]
    search_fields = ["unit__name", "person_name", "gold_book_number"]
