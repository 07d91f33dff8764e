"""The payables panel of the project page, and days as people read them."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.db.models import Q
from django.template.loader import render_to_string

from giaingan.figures.cache import figures_remembered
from giaingan.figures.payables import (
    payables_by_investor,
    payables_by_project,
    payables_total,
    pile_up_percent,
    slowest_dossiers,
)
from giaingan.lib.money import format_number
from giaingan.org.models import Unit
from giaingan.org.rules import own_project_scope

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


@register.simple_tag(takes_context=True)
def payables_dashboard(context, params) -> str:
    """The dashboard's panel: accepted-not-paid and the road to payment of the projects the
    user's figures cover (the district, or its unit's own), per investor, slowest dossiers.
    Rendered once per state of the ledger and the contracts (a province's hundreds of
    investors cost more to render than to compute): cached with the figures."""
    scope = own_project_scope(context["user"])
    return figures_remembered(
        "payables_dashboard_html",
        lambda: render_to_string(
            "contracts/_dashboard_panel.html", _dashboard_panel(params, scope)
        ),
        parts=(params.year, params.as_of, params.query()),
        scope=scope,
    )


def _dashboard_panel(params, scope) -> dict:
    by_investor = payables_by_investor(as_of=params.as_of, projects=scope, plan_year=params.year)
    units = Unit.objects.in_bulk(list(by_investor))
    rows = sorted(
        ((units[pk], row, pile_up_percent(row)) for pk, row in by_investor.items()),
        key=lambda item: (-item[1].unpaid, item[0].name),
    )
    total = payables_total(by_investor)
    return {
        "params": params,
        "row": total,
        "pile_up": pile_up_percent(total),
        "rows": rows,
        "slowest": slowest_dossiers(as_of=params.as_of, projects=scope, count=5, unpaid_only=True),
    }
