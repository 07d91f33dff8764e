"""The one statement that sums stacked pieces of the ledger (`stacked_sums`): the tables'
and series' month sums and the payables' year-end sums all go through it."""

from __future__ import annotations

import datetime as dt

from django.db.models import BigIntegerField, F, Value

from giaingan.capital.models import LineKind, TreasuryLine
from giaingan.figures.selectors import stacked_sums
from tests.conftest import advance, make_project, pay, plan

D = dt.date


def pieces(**chosen):
    """Payments and advances as two pieces: (project, paid, advanced)."""
    zero = Value(0, output_field=BigIntegerField())
    lines = TreasuryLine.objects.filter(**chosen).order_by()
    return [
        lines.filter(kind=LineKind.PAYMENT)
        .annotate(paid=F("amount"), advanced=zero)
        .values_list("project_id", "paid", "advanced"),
        lines.filter(kind=LineKind.ADVANCE)
        .annotate(paid=zero, advanced=F("amount"))
        .values_list("project_id", "paid", "advanced"),
    ]


def test_pieces_are_summed_per_key_in_whole_dong(district):
    road = make_project("DA1", district["board"])
    school = make_project("DA2", district["board"])
    big = 4 * 10**15  # past any 32-bit sum
    plan(road, 2 * big)
    plan(school, 100)
    pay(road, big, on=D(2024, 3, 5))
    pay(road, 7, on=D(2024, 4, 5))
    advance(road, 11, on=D(2024, 4, 6))
    advance(school, 13, on=D(2024, 5, 6))
    names = ["paid", "advanced"]
    rows = sorted(stacked_sums(pieces(), ["project_id"], names))
    assert rows == [(road.pk, big + 7, 11), (school.pk, 0, 13)]
    assert all(type(amount) is int for row in rows for amount in row)
    # Without keys: one row, the whole.
    assert stacked_sums(pieces(), [], names) == [(big + 7, 24)]


def test_no_piece_or_none_that_can_have_a_row_sums_to_nothing(district):
    road = make_project("DA1", district["board"])
    plan(road, 100)
    pay(road, 5, on=D(2024, 3, 5))
    assert stacked_sums([], ["project_id"], ["paid", "advanced"]) == []
    # Django knows an empty IN list picks nothing: no statement at all.
    assert stacked_sums(pieces(project_id__in=[]), ["project_id"], ["paid", "advanced"]) == []
    assert stacked_sums(pieces(project__code="NONE"), ["project_id"], ["paid"]) == []
