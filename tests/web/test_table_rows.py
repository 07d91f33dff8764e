"""The dashboard's table rows written by `table_rows` are the cells the template's loop
wrote before (the loop is kept here as the reference)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template import engines
from hypothesis import given, settings
from hypothesis import strategies as st

from giaingan.figures.selectors import Base, DisbursementTable, FigureRow, Grouping, Target

REFERENCE = """{% load vn %}
  {% for row in table.ranked %}
    <tr>
      <td class="num">{{ row.rank|default_if_none:"-" }}</td>
      <td>{% if link_projects and row.code %}<a href="{% url 'web:project' row.code %}?{{ params.query }}">{{ row.code }}</a> {% endif %}{{ row.name }}</td>
      <td class="num">{{ row.plan|millions }}</td><td class="num">{{ row.disbursed|millions }}</td>
      <td class="num hide-sm">{{ row.outstanding_advance|millions }}</td><td class="num">{{ row|rate }}</td>
      {% if table.target %}<td class="num hide-sm {% if row.target_gap_points < 0 %}behind{% else %}ahead{% endif %}">{{ row.target_gap_points|points }}</td>{% endif %}
    </tr>
  {% empty %}
    <tr><td colspan="7" class="muted">Chưa có số liệu.</td></tr>
  {% endfor %}
"""
NEW = "{% load vn %}{% table_rows table link_projects params.query %}"


class Params:
    def query(self) -> str:
        return "nam=2024&ngay=2024-09-30&a=<b>"


def render(source: str, **context) -> str:
    html = engines["django"].from_string(source).render(context)
    return re.sub(r"\s+", " ", html).strip()


def table(rows: list[FigureRow], target: Target | None) -> DisbursementTable:
    return DisbursementTable(
        year=2024,
        as_of=dt.date(2024, 9, 30),
        base=Base.ASSIGNED,
        by=Grouping.PROJECT,
        rows=rows,
        total=FigureRow(None, "", "Tổng"),
        target=target,
    )


amounts = st.integers(min_value=-(10**13), max_value=10**14)
rows = st.builds(
    FigureRow,
    key=st.integers(1, 10**6),
    code=st.sampled_from(["", "DA-1", "7ABC.2024", "a&b"]),
    name=st.text(alphabet="ĐđAạ <>&\"'x", max_size=12),
    plan=amounts,
    disbursed=amounts,
    outstanding_advance=amounts,
    rate_percent=st.none(),
    rank=st.none() | st.integers(1, 9999),
    target_gap_points=st.none() | st.decimals(-200, 200, places=2),
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    found=st.lists(rows, max_size=6),
    target=st.none() | st.just(Target(dt.date(2024, 9, 30), Decimal("60.00"))),
    link_projects=st.booleans(),
)
def test_rows_are_the_templates_loop(found, target, link_projects):
    context = {"table": table(found, target), "link_projects": link_projects, "params": Params()}
    assert render(NEW, **context) == render(REFERENCE, **context)


@pytest.mark.django_db
def test_an_empty_table_says_so_and_names_are_escaped():
    context = {"table": table([], None), "link_projects": False, "params": Params()}
    assert "Chưa có số liệu." in render(NEW, **context)
    row = FigureRow(1, "DA<1>", "<script>x</script>", 10, 5, 0, rank=1)
    context["table"] = table([row], None)
    context["link_projects"] = True
    html = render(NEW, **context)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "a=&lt;b&gt;" in html
