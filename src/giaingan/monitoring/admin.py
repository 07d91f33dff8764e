"""The cycle's records in the admin, to look at: reports and obstacles change only through
their pages and services (the workflow, the log)."""

from __future__ import annotations

from django.contrib import admin

from giaingan.monitoring.models import Obstacle, PeriodicReport
from giaingan.web.readonly_admin import ReadOnlyAdmin


@admin.register(PeriodicReport)
class PeriodicReportAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("period", "cadence", "unit", "project", "status", "first_submitted_at")
    list_filter = ("cadence", "status", "period")
    search_fields = ("unit__code", "unit__name", "project__code")
    list_select_related = ("unit", "project")


@admin.register(Obstacle)
class ObstacleAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("project", "kind", "responsible_unit", "opened_on", "due_date", "status")
    list_filter = ("kind", "status")
    search_fields = ("project__code", "project__name", "description")
    list_select_related = ("project", "responsible_unit")
