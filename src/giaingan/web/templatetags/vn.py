"""Vietnamese number formats for templates: 1.234,5 triệu đồng; 87,45%."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from giaingan.lib.money import format_millions, format_number, format_percent, format_rate
from giaingan.lib.targets import format_gap

register = template.Library()


@register.filter
def millions(amount: int | None) -> str:
    """Đồng to triệu đồng, one decimal: 1234567890 -> 1.234,6."""
    return "-" if amount is None else format_millions(amount)


@register.filter
def dong(amount: int | None) -> str:
    return "-" if amount is None else format_number(amount)


@register.filter
def percent(value: Decimal | None) -> str:
    return format_percent(value)


@register.filter
def points(value: Decimal | None) -> str:
    """The gap to a target in words: "Chậm 6,25 điểm %" / "Vượt 5,00 điểm %"."""
    return format_gap(value)


@register.filter
def vndate(value) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else "-"


@register.filter
def rate(row) -> str:
    """The disbursement rate of anything with a plan and a disbursed amount (a table row, a
    nomination, an evaluation), cut to 2 decimals: below 100% never shows as 100,00%."""
    if row is None:
        return "-"
    return format_rate(row.disbursed, row.plan)


@register.filter
def expected_rate(estimate) -> str:
    """A forecast's expected rate at the deadline (expected / plan), cut to 2 decimals."""
    if estimate is None:
        return "-"
    return format_rate(estimate.expected, estimate.plan)


@register.simple_tag
def table_rows(table, link_projects: bool = False, query: str = "") -> str:
    """The body rows of `web/_table.html`, written here in one pass: a province's tables
    have hundreds of rows, each of seven cells, that cost more through the template engine
    than to compute. The same cells as the template's filters give (tests/web)."""
    target = table.target is not None
    suffix = "?" + query
    parts: list[str] = []
    append = parts.append
    for row in table.ranked():
        rank = "-" if row.rank is None else row.rank
        label = escape(row.name)
        if link_projects and row.code:
            href = escape(reverse("web:project", args=[row.code]) + suffix)
            label = f'<a href="{href}">{escape(row.code)}</a> {label}'
        append(
            f'\n    <tr>\n      <td class="num">{rank}</td>\n      <td>{label}</td>\n'
            f'      <td class="num">{escape(millions(row.plan))}</td>'
            f'<td class="num">{escape(millions(row.disbursed))}</td>\n'
            f'      <td class="num hide-sm">{escape(millions(row.outstanding_advance))}</td>'
            f'<td class="num">{escape(rate(row))}</td>\n'
        )
        if target:
            gap = row.target_gap_points
            side = "behind" if gap is not None and gap < 0 else "ahead"
            append(f'      <td class="num hide-sm {side}">{escape(points(gap))}</td>')
        append("\n    </tr>")
    if not parts:
        return mark_safe('\n    <tr><td colspan="7" class="muted">Chưa có số liệu.</td></tr>')
    return mark_safe("".join(parts))
