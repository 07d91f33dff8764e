"""Vietnamese number formats for templates: 1.234,5 triệu đồng; 87,45%."""

from __future__ import annotations

from decimal import Decimal

from django import template

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
