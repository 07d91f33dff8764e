"""Cells as officials type them: dates day first with `/`, `-` or `.`, amounts with `.`
thousands (a comma is the decimal mark, so `1,000,000` is refused saying what to type)."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.management.base import CommandError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from giaingan.api.serializers import DateParameter
from giaingan.lib.commands import date_option
from giaingan.lib.dates import (
    DATE_INPUT_FORMATS,
    FIRST_DAY,
    LAST_DAY,
    NOT_A_DATE,
    DateError,
    parse_date,
)
from giaingan.lib.money import AmountError, format_number, parse_amount

days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
DAY_FIRST = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


@given(day=days, mark=st.sampled_from("/-."), padded=st.booleans())
def test_any_date_written_day_first_reads_back(day, mark, padded):
    if padded:
        text = f"{day.day:02d}{mark}{day.month:02d}{mark}{day.year:04d}"
    else:
        text = f"{day.day}{mark}{day.month}{mark}{day.year:04d}"
    assert parse_date(text) == day
    assert parse_date(f"  {text} ") == day


@given(day=days)
def test_iso_stays_year_first(day):
    assert parse_date(day.isoformat()) == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01-06-2024", dt.date(2024, 6, 1)),  # the first of June, never 6 January
        ("01.06.2024", dt.date(2024, 6, 1)),
        ("01/06/2024", dt.date(2024, 6, 1)),
        ("2024-06-01", dt.date(2024, 6, 1)),
        ("1.6.2024", dt.date(2024, 6, 1)),
        ("31-12-2024", dt.date(2024, 12, 31)),
    ],
)
def test_day_first_whatever_the_mark(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("01-06/2024", NOT_A_DATE),  # one mark between the parts
        ("01.06-2024", NOT_A_DATE),
        ("2024.06.01", NOT_A_DATE),  # a year first is ISO's, with dashes
        ("2024/06/01", NOT_A_DATE),
        ("01-06-24", NOT_A_DATE),  # a four-digit year
        ("31-02-2024", "ngày không có thật"),
        ("31.04.2024", "ngày không có thật"),
        ("13.13.2024", "ngày không có thật"),
    ],
)
def test_odd_dates_are_refused_with_their_reason(text, reason):
    with pytest.raises(DateError) as refused:
        parse_date(text)
    assert str(refused.value) == reason


def test_the_refusal_names_every_accepted_form():
    assert NOT_A_DATE == "không phải ngày (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy hoặc yyyy-mm-dd)"


@given(day=days, form=st.sampled_from([*DAY_FIRST, "%Y-%m-%d"]))
def test_django_date_fields_read_the_same_forms(day, form):
    """The admin's date fields (Django's DateField) read what `parse_date` reads."""
    text = f"{day.day:02d}{form[2]}{day.month:02d}{form[2]}{day.year}"
    if form == "%Y-%m-%d":
        text = day.isoformat()
    with translation.override("vi"):
        assert forms.DateField().clean(text) == parse_date(text) == day
    assert form in DATE_INPUT_FORMATS


def test_command_options_and_api_filters_read_the_same_forms():
    assert date_option("30.09.2024", "--as-of") == dt.date(2024, 9, 30)
    assert date_option("30-09-2024", "--as-of") == dt.date(2024, 9, 30)
    with pytest.raises(CommandError, match="dd.mm.yyyy"):
        date_option("30 tháng 9", "--as-of")
    assert DateParameter().to_internal_value("30-09-2024") == dt.date(2024, 9, 30)


amounts = st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1)


@given(amounts)
def test_any_amount_with_point_thousands_reads_back(amount):
    assert parse_amount(format_number(amount)) == amount
    assert parse_amount(f" {format_number(amount)} ") == amount


@given(st.integers(min_value=1000, max_value=10**15 - 1), st.booleans())
def test_english_thousands_are_refused_saying_what_to_type(amount, negative):
    signed = -amount if negative else amount
    english = f"{signed:,}"
    with pytest.raises(AmountError) as refused:
        parse_amount(english)
    reason = str(refused.value)
    assert "dấu phẩy" in reason
    assert f"hãy ghi {format_number(signed)} hoặc {signed}" in reason


@given(
    whole=st.integers(min_value=0, max_value=10**12),
    fraction=st.integers(min_value=1, max_value=99),  # `1,500` is the next test's
    grouped=st.booleans(),
)
def test_a_comma_fraction_is_refused_never_read_as_a_bigger_amount(whole, fraction, grouped):
    text = f"{format_number(whole) if grouped else whole},{fraction}"
    with pytest.raises(AmountError, match="^số tiền phải là số nguyên đồng, không có phần lẻ$"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,000,000", "hãy ghi 1.000.000 hoặc 1000000"),
        ("1,500", "hãy ghi 1.500 hoặc 1500"),  # 1 and a half, or fifteen hundred: refused
        ("-2,500,000", "hãy ghi -2.500.000 hoặc -2500000"),
        ("1,5", "không có phần lẻ"),
        ("1.234,56", "không có phần lẻ"),
        ("1,000,000.50", "không có phần lẻ"),
        ("12.5", "không có phần lẻ"),
        ("1.23457E+11", "dạng lũy thừa"),
        ("1,23457E+11", "dạng lũy thừa"),
        ("abc", "không phải số tiền: hãy ghi số nguyên đồng"),
        ("1.000.000đ", "1.000.000 hoặc 1000000"),
        ("1.00.000", "1.000.000 hoặc 1000000"),
    ],
)
def test_every_refused_amount_says_why_and_what_to_type(text, reason):
    with pytest.raises(AmountError) as refused:
        parse_amount(text)
    assert reason in str(refused.value)


@pytest.mark.parametrize("value", [None, True, float("nan"), float("inf")])
def test_a_value_that_is_no_number_says_what_to_type(value):
    with pytest.raises(AmountError, match="1.000.000 hoặc 1000000"):
        parse_amount(value)
