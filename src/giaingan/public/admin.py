"""Published snapshots, read-only: they are published and withdrawn only through the
services (the "Công khai" page), so the frozen figures cannot be edited here."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from giaingan.public.models import PublishedSnapshot
from giaingan.web.readonly_admin import ReadOnlyAdmin


@admin.register(PublishedSnapshot)
class PublishedSnapshotAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "plan_year",
        "as_of",
        "base",
        "published_at",
        "published_by",
        "withdrawn",
    ]
    list_filter = ["plan_year", "base", "withdrawn"]
    search_fields = ["title", "note"]
    date_hierarchy = "published_at"
