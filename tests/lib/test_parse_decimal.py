"""The one reader of a decimal number written with a comma or a point (percentages, rates,
rulebook parameters): `lib.money.parse_decimal`."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaingan.lib.money import DecimalError, parse_decimal

numbers = st.decimals(
    min_value=Decimal("-1000000000"),
    max_value=Decimal("1000000000"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)


@given(numbers, st.sampled_from([",", "."]), st.sampled_from(["", " ", "\u00a0"]))
def test_a_number_reads_back_the_same_with_either_separator(number, separator, space):
    text = f"{number:f}".replace(".", separator)
    assert parse_decimal(f"{space}{text}{space}") == number


@given(st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 2)))
def test_a_float_is_read_as_written_not_as_its_binary_value(value):
    assert parse_decimal(value) == Decimal(str(value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("99,5", Decimal("99.5")),
        ("100", Decimal(100)),
        (95, Decimal(95)),
        ("1 000,25", Decimal("1000.25")),
    ],
)
def test_what_officials_write(value, expected):
    assert parse_decimal(value) == expected


@pytest.mark.parametrize(
    "value", ["", "1,2,3", "1.000,5", "1e5", "NaN", "Infinity", "99,", ",5", "abc", True, None, [1]]
)
def test_what_is_not_a_number_is_refused(value):
    with pytest.raises(DecimalError):
        parse_decimal(value)
