"""The payables panel of the project page, and days as people read them."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.db.models import Q

from giaingan.figures.payables import payables_by_project, pile_up_percent
from giaingan.lib.money import format_number

register = template.Library()


@register.filter
def days(value: Decimal | None) -> str:
    """Average days, one decimal: 12.5 -> "12,5"; "-" when there is none."""
    return "-" if value is None else format_number(value, 1)


@register.inclusion_tag("contracts/_project_panel.html", takes_context=True)
def payables_panel(context, project, params) -> dict:
    """The project page's panel: accepted-not-paid, days and the pile-up of the page's plan
    year, as of the page's date, for a user who may read the project's contracts."""
    user = context["user"]
    if not user.has_perm("contracts.view_contracts", project):
        return {"shown": False}
    as_of = params.as_of
    row = payables_by_project(as_of=as_of, projects=Q(pk=project.pk), plan_year=params.year).get(
        project.pk
    )
    return {
        "shown": True,
        "project": project,
        "as_of": as_of,
        "year": params.year,
        "row": row,
        "pile_up": pile_up_percent(row) if row else None,
    }
