"""Rulebook pages for administrators. A change in the law is a new row from its effective
date; editing a row corrects a typing error. The row history keeps both."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from giaingan.rulebook.models import Holiday, LegalBasis, RuleValue

_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


@admin.register(RuleValue)
class RuleValueAdmin(SimpleHistoryAdmin):
    list_display = ["key", "effective_from", "shown_value", "legal_basis"]
    list_filter = ["key"]
    search_fields = ["legal_basis", "note"]
    ordering = ["key", "-effective_from"]
    date_hierarchy = "effective_from"

    @admin.display(description=_("giá trị"))
    def shown_value(self, rule: RuleValue) -> str:
        return rule.shown_value


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "weekday", "name", "is_working_day", "legal_basis"]
    list_filter = ["is_working_day"]
    search_fields = ["name"]
    ordering = ["-date"]
    date_hierarchy = "date"

    @admin.display(description=_("thứ"))
    def weekday(self, holiday: Holiday) -> str:
        return _WEEKDAYS[holiday.date.weekday()]


@admin.register(LegalBasis)
class LegalBasisAdmin(SimpleHistoryAdmin):
    list_display = ["citation", "effective_from", "repealed_on", "decision_only", "order"]
    list_filter = ["decision_only"]
    search_fields = ["citation", "code"]
    ordering = ["order", "effective_from"]
