"""The project list's dropdowns: options rendered once (`options_html`) and marked by
`{% options %}` exactly as the template loop did, names escaped, the chosen one selected."""

from __future__ import annotations

from django.template import Context, Template

from giaingan.web.projects import Choice, options_html

LOOP = Template(
    '{% for unit in choices %}<option value="{{ unit.pk }}"{% if unit.pk == selected %}'
    " selected{% endif %}>{{ unit.name }}</option>{% endfor %}"
)
TAG = Template("{% load choices %}{% options rendered selected %}")
CHOICES = (
    Choice(1, "UBND xã Ái"),
    Choice(2, 'Ban <b>"QLDA"</b> & Co\'s'),
    Choice(12, "Đ"),
    Choice(21, 'value="1"'),
)


def test_the_options_are_the_loops_own():
    rendered = options_html(CHOICES)
    for selected in (None, 1, 2, 12, 21, 99, "1"):
        context = Context({"choices": CHOICES, "selected": selected, "rendered": rendered})
        assert TAG.render(context) == LOOP.render(context), selected
    html = TAG.render(Context({"rendered": rendered, "selected": 2}))
    assert "<b>" not in html
    assert html.count(" selected") == 1
