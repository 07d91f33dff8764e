"""Admin pages for records that only the services write: look, never add, change or delete."""

from __future__ import annotations


class ReadOnlyAdmin:
    """Mix into a ModelAdmin before it, e.g. `class EventAdmin(ReadOnlyAdmin, ModelAdmin)`."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
