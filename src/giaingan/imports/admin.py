from __future__ import annotations

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from giaingan.imports.models import ImportBatch

# The worker's queue is its own bookkeeping, in English: a background import's progress and
# outcome are shown on its import page and kept on its batch.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "file_name", "user", "rows_read", "created", "updated", "skipped"]
    list_filter = ["kind"]
    readonly_fields = [field.name for field in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
