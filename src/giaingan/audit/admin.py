from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from giaingan.audit.events import EVENTS, event_data_rows, event_label, object_type_label
from giaingan.audit.models import Event
from giaingan.web.readonly_admin import ReadOnlyAdmin


class ActionFilter(admin.SimpleListFilter):
    """The events the log holds, by their labels."""

    title = "hành động"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = Event.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((code, event_label(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class ObjectTypeFilter(admin.SimpleListFilter):
    """What the events are about, by the records' names."""

    title = "loại đối tượng"
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        types = (
            Event.objects.exclude(object_type="")
            .order_by()
            .values_list("object_type", flat=True)
            .distinct()
        )
        labelled = ((kind, capfirst(object_type_label(kind))) for kind in types)
        return sorted(labelled, key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value()) if self.value() else queryset


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["at", "action", "actor", "object_label", "object_id"]
    list_filter = [ActionFilter, ObjectTypeFilter]
    search_fields = ["action", "object_id"]
    fields = ["at", "action", "actor", "object_label", "object_id", "data_table"]
    readonly_fields = ["object_label", "data_table"]

    def get_search_results(self, request, queryset, search_term):
        """The search box finds events by their label too ("trả lại hồ sơ")."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().casefold()
        if term:
            codes = [code for code, label in EVENTS.items() if term in label.casefold()]
            if codes:
                found |= queryset.filter(action__in=codes)
        return found, duplicates

    @admin.display(description="loại đối tượng", ordering="object_type")
    def object_label(self, event: Event) -> str:
        return capfirst(event.object_label)

    @admin.display(description="dữ liệu")
    def data_table(self, event: Event) -> str:
        """The event's data as a table with Vietnamese labels (`audit.events.DATA_KEYS`)."""
        rows = event_data_rows(event.data)
        if not rows:
            return "—"
        return format_html(
            '<table data-testid="event-data"><tbody>{}</tbody></table>',
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )
