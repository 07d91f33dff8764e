"""Filters on the API's lists (django-filter), by code where a row refers to another."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from giaingan.capital.models import LineKind, PlanEntry, PlanKind, Project, TreasuryLine
from giaingan.lib.text import control_character, control_character_reason
from giaingan.org.models import Unit, UnitKind


class PlainTextField(forms.CharField):
    """Text without control characters, refused in Vietnamese as every form does (Django's
    own NUL check answers in English, and PostgreSQL would refuse NUL)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators = [
            check
            for check in self.validators
            if not isinstance(check, ProhibitNullCharactersValidator)
        ]

    def validate(self, value: str) -> None:
        super().validate(value)
        code = control_character(value or "")
        if code is not None:
            reason = control_character_reason(code)
            raise forms.ValidationError(reason[0].upper() + reason[1:] + ".")


class TextFilter(filters.CharFilter):
    field_class = PlainTextField


class UnitFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=UnitKind.choices)
    parent = TextFilter(field_name="parent__code", label="mã đơn vị cha")

    class Meta:
        model = Unit
        fields = ["kind", "parent"]


class ProjectFilter(filters.FilterSet):
    investor = TextFilter(field_name="investor__code", label="mã chủ đầu tư")
    agency = TextFilter(field_name="agency__code", label="mã cơ quan chủ quản")
    main_commune = TextFilter(field_name="main_commune__code", label="mã xã (địa bàn chính)")
    commune = TextFilter(
        field_name="communes__code", label="mã xã (một địa bàn bất kỳ)", distinct=True
    )

    class Meta:
        model = Project
        fields = ["investor", "agency", "main_commune", "commune", "group", "is_key"]


class PlanEntryFilter(filters.FilterSet):
    issuer = TextFilter(field_name="issuer__code", label="mã cơ quan ban hành")
    project = TextFilter(field_name="project__code", label="mã dự án")
    source = TextFilter(field_name="source__code", label="mã nguồn vốn")
    kind = filters.ChoiceFilter(choices=PlanKind.choices)
    decision_date = filters.DateFromToRangeFilter(label="ngày quyết định (_after, _before)")

    class Meta:
        model = PlanEntry
        fields = [
            "issuer",
            "project",
            "source",
            "plan_year",
            "kind",
            "decision_number",
            "decision_date",
        ]

    decision_number = TextFilter(label="số quyết định")


class TreasuryLineFilter(filters.FilterSet):
    treasury = TextFilter(field_name="treasury__code", label="mã Kho bạc")
    project = TextFilter(field_name="project__code", label="mã dự án")
    source = TextFilter(field_name="source__code", label="mã nguồn vốn")
    kind = filters.ChoiceFilter(choices=LineKind.choices)
    value_date = filters.DateFromToRangeFilter(label="ngày chứng từ (_after, _before)")

    class Meta:
        model = TreasuryLine
        fields = [
            "treasury",
            "project",
            "source",
            "plan_year",
            "kind",
            "document_number",
            "value_date",
        ]

    document_number = TextFilter(label="số chứng từ")
