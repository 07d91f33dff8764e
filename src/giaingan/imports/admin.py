from __future__ import annotations

from django.contrib import admin

from giaingan.imports.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "file_name", "user", "rows_read", "created", "updated", "skipped"]
    list_filter = ["kind"]
    readonly_fields = [field.name for field in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
