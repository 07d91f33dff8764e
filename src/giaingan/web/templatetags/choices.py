"""A dropdown's options, rendered once with a page's choices (`web.projects.options_html`)
and marked here: `{% options rendered selected %}`."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def options(rendered: str, selected: int | None) -> SafeString:
    """`rendered` (`<option value="pk">name</option>`..., names escaped) with the option of
    pk `selected` marked selected."""
    if isinstance(selected, int):
        rendered = rendered.replace(
            f'<option value="{selected}">', f'<option value="{selected}" selected>', 1
        )
    return mark_safe(rendered)
