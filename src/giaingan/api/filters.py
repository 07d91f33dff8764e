"""Filters on the API's lists (django-filter), by code where a row refers to another."""

from __future__ import annotations

import django_filters as filters

from giaingan.capital.models import LineKind, PlanEntry, PlanKind, Project, TreasuryLine
from giaingan.org.models import Unit, UnitKind


class UnitFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=UnitKind.choices)
    parent = filters.CharFilter(field_name="parent__code", label="mã đơn vị cha")

    class Meta:
        model = Unit
        fields = ["kind", "parent"]


class ProjectFilter(filters.FilterSet):
    investor = filters.CharFilter(field_name="investor__code", label="mã chủ đầu tư")
    agency = filters.CharFilter(field_name="agency__code", label="mã cơ quan chủ quản")
    main_commune = filters.CharFilter(
        field_name="main_commune__code", label="mã xã (địa bàn chính)"
    )
    commune = filters.CharFilter(
        field_name="communes__code", label="mã xã (một địa bàn bất kỳ)", distinct=True
    )

    class Meta:
        model = Project
        fields = ["investor", "agency", "main_commune", "commune", "group", "is_key"]


class PlanEntryFilter(filters.FilterSet):
    project = filters.CharFilter(field_name="project__code", label="mã dự án")
    source = filters.CharFilter(field_name="source__code", label="mã nguồn vốn")
    kind = filters.ChoiceFilter(choices=PlanKind.choices)
    decision_date = filters.DateFromToRangeFilter(label="ngày quyết định (_after, _before)")

    class Meta:
        model = PlanEntry
        fields = ["project", "source", "plan_year", "kind", "decision_number", "decision_date"]


class TreasuryLineFilter(filters.FilterSet):
    project = filters.CharFilter(field_name="project__code", label="mã dự án")
    source = filters.CharFilter(field_name="source__code", label="mã nguồn vốn")
    kind = filters.ChoiceFilter(choices=LineKind.choices)
    value_date = filters.DateFromToRangeFilter(label="ngày chứng từ (_after, _before)")

    class Meta:
        model = TreasuryLine
        fields = ["project", "source", "plan_year", "kind", "document_number", "value_date"]
