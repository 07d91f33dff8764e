"""A project's payables row folds into its investor's field by field, every field."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from giaingan.figures.forecast import spread
from giaingan.figures.payables import FOLDED, PayablesRow

FIELDS = [field.name for field in dataclasses.fields(PayablesRow)]


def test_every_field_of_a_row_is_folded():
    assert sorted(FOLDED) == sorted(FIELDS)


@given(
    st.lists(st.lists(st.integers(-(10**15), 10**15), min_size=len(FIELDS), max_size=len(FIELDS)))
)
def test_folding_rows_adds_each_field(rows):
    total = PayablesRow()
    for values in rows:
        total.add(PayablesRow(**dict(zip(FIELDS, values, strict=True))))
    assert [getattr(total, name) for name in FIELDS] == [
        sum(values[position] for values in rows) for position in range(len(FIELDS))
    ]


@given(st.dictionaries(st.integers(1, 50), st.integers(0, 10**15), max_size=6))
def test_nothing_to_spread_is_zero_everywhere(weights):
    assert spread(0, weights) == dict.fromkeys(weights, 0)


@given(
    st.integers(-(10**15), 10**15),
    st.dictionaries(st.integers(1, 50), st.integers(0, 10**15), min_size=1, max_size=6),
)
def test_a_spread_adds_up_to_the_amount(amount, weights):
    parts = spread(amount, weights)
    assert parts.keys() == weights.keys() and sum(parts.values()) == amount
