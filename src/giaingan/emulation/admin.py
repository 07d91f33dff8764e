from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from giaingan.emulation.models import Movement, Registration, UnitRestriction


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Movement)
class MovementAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "plan_year", "starts_on", "ends_on"]
    search_fields = ["code", "name"]
    inlines = [RegistrationInline]


@admin.register(UnitRestriction)
class UnitRestrictionAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "kind", "since", "until"]
    list_filter = ["kind"]
    autocomplete_fields = ["unit"]
