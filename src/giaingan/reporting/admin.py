"""Issued reports in the admin, to look at: they are written once, by `report_issue`."""

from __future__ import annotations

from django.contrib import admin

from giaingan.reporting.models import IssuedReport
from giaingan.web.readonly_admin import ReadOnlyAdmin


@admin.register(IssuedReport)
class IssuedReportAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("number", "paper", "kind", "period", "as_of", "issued_on", "author")
    list_filter = ("paper", "kind", "plan_year")
    search_fields = ("number",)
    list_select_related = ("author",)
    exclude = ("content",)
