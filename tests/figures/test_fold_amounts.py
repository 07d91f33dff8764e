"""The one fold of the three amounts (plan, disbursed, outstanding advance): projects into
their units, pairs into their projects or sources."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from giaingan.figures.selectors import fold_amounts

AMOUNT = st.integers(-(10**15), 10**18)
ROWS = st.lists(
    st.tuples(st.one_of(st.none(), st.integers(0, 5)), AMOUNT, AMOUNT, AMOUNT), max_size=40
)


@given(ROWS)
def test_each_group_has_its_rows_amounts_added_up_in_dong(rows):
    folded = fold_amounts(iter(rows))  # read once, as the callers' generators are
    groups = list(dict.fromkeys(group for group, *_ in rows))
    assert list(folded) == groups  # each group once, in the order first met
    for group in groups:
        mine = [amounts for key, *amounts in rows if key == group]
        assert folded[group] == [sum(column) for column in zip(*mine, strict=True)]
        assert all(type(amount) is int for amount in folded[group])


@given(
    st.dictionaries(
        st.tuples(st.integers(0, 5), st.integers(0, 3)), st.lists(AMOUNT, min_size=3, max_size=3)
    )
)
def test_the_folded_sums_are_new_lists(pairs):
    """The pairs' sums are cached and shared: folding them into projects must not write
    into them."""
    before = {pair: list(amounts) for pair, amounts in pairs.items()}
    folded = fold_amounts((pair[0], *amounts) for pair, amounts in pairs.items())
    for amounts in folded.values():
        amounts[0] += 1
    assert pairs == before
    assert sum(amounts[1] for amounts in folded.values()) == sum(a[1] for a in before.values())
