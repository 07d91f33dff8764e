"""A rate for people is cut to 2 decimals, never rounded up: 99,999% shows 99,99%."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaingan.documents.official import percent as docx_percent
from giaingan.lib.money import format_percent, format_rate, shown_rate
from giaingan.web.templatetags.vn import percent as page_percent
from giaingan.web.templatetags.vn import rate as page_rate


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (99_999, 100_000, "99,99%"),
        (999_999_999, 1_000_000_000, "99,99%"),
        (100_000, 100_000, "100,00%"),
        (1, 3, "33,33%"),
        (2, 3, "66,66%"),
        (1_450, 3_400, "42,64%"),
        (150, 100, "150,00%"),
        (0, 100, "0,00%"),
        (5, 0, "-"),
        (5, -1, "-"),
        (10**15, 3, "33.333.333.333.333.333,33%"),
    ],
)
def test_format_rate(part, whole, shown):
    assert format_rate(part, whole) == shown


def test_format_percent_cuts_a_value_with_more_decimals():
    assert format_percent(Decimal("99.999")) == "99,99%"
    assert format_percent(Decimal("87.5")) == "87,50%"
    assert format_percent(99.999) == "99,99%"
    assert format_percent(None) == "-"
    assert docx_percent(Decimal("99.999")) == "99,99"
    assert page_percent(Decimal("12.349")) == "12,34%"


class Row:
    def __init__(self, disbursed, plan):
        self.disbursed, self.plan = disbursed, plan


@given(st.integers(-(10**15), 10**15), st.integers(1, 10**15))
def test_the_shown_rate_is_the_exact_rate_cut_to_hundredths(part, whole):
    shown = shown_rate(part, whole)
    exact = Fraction(part * 100, whole)
    assert Fraction(shown) <= exact < Fraction(shown) + Fraction(1, 100)
    assert shown.as_tuple().exponent == -2
    # Below 100% never shows as 100,00%; 100% or more always shows at least 100,00%.
    assert (shown < 100) == (part < whole)
    assert (format_rate(part, whole) == "100,00%") == (part * 10000 // whole == 10000)
    assert page_rate(Row(part, whole)) == format_rate(part, whole)
    assert format_percent(shown) == format_rate(part, whole)
