"""The notes of a project's ledger rows, written once for the page and its downloads."""

from __future__ import annotations

from django import template

from giaingan.web import project_tables

register = template.Library()


@register.filter
def plan_note(entry) -> str:
    return project_tables.plan_note(entry)


@register.filter
def line_note(line) -> str:
    return project_tables.line_note(line)


@register.filter
def moment(at) -> str:
    return project_tables.format_moment(at)
