from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaingan.lib.dates import DateError, parse_date
from giaingan.lib.money import (
    AmountError,
    format_millions,
    format_number,
    parse_amount,
    rate_percent,
)
from giaingan.lib.text import name_key, normalise_header


@pytest.mark.parametrize(
    "cell, amount",
    [
        (1234567, 1234567),
        ("1234567", 1234567),
        ("1.234.567", 1234567),
        ("-1.000", -1000),
        (12.0, 12),
        (" 5 ", 5),
    ],
)
def test_amounts_users_write(cell, amount):
    assert parse_amount(cell) == amount


@pytest.mark.parametrize(
    "cell, reason",
    [
        ("1,5", "phần lẻ"),
        (1.5, "phần lẻ"),
        ("12.5", "phần lẻ"),
        ("abc", "không phải"),
        ("1.23.4", "không phải"),
        ("1234567890123456", "15 chữ số"),
        (10**15, "15 chữ số"),
        (True, "không phải"),
        ("", "thiếu"),
        (float("nan"), "không phải"),
    ],
)
def test_amounts_refused(cell, reason):
    with pytest.raises(AmountError, match=reason):
        parse_amount(cell)


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_vietnamese_grouping_round_trips(amount):
    assert parse_amount(format_number(amount)) == amount
    assert parse_amount(str(amount)) == amount


@given(st.integers(0, 10**18), st.integers(1, 10**18))
def test_rate_is_half_up_of_the_exact_fraction(part, whole):
    rate = rate_percent(part, whole)
    exact = Decimal(part) * 100 / Decimal(whole)
    assert abs(rate - exact) <= Decimal("0.005") + Decimal("1e-20")
    # Half-up: the exact value lies in [rate - 0.005, rate + 0.005).
    assert (
        (rate - Decimal("0.005")) * whole <= Decimal(part) * 100 < (rate + Decimal("0.005")) * whole
    )


def test_formats():
    assert format_number(1234567) == "1.234.567"
    assert format_number(Decimal("87.455"), 2) == "87,46"
    assert format_number(-1234) == "-1.234"
    assert format_millions(1_234_550_000) == "1.234,6"
    assert rate_percent(1, 0) is None


@pytest.mark.parametrize(
    "cell, day",
    [
        ("05/02/2025", dt.date(2025, 2, 5)),
        ("2025-02-05", dt.date(2025, 2, 5)),
        ("5/2/2025", dt.date(2025, 2, 5)),
        (dt.datetime(2025, 2, 5), dt.date(2025, 2, 5)),
        (dt.date(2025, 2, 5), dt.date(2025, 2, 5)),
    ],
)
def test_dates_users_write(cell, day):
    assert parse_date(cell) == day


@pytest.mark.parametrize(
    "cell", ["31/02/2024", "2024/02/05", "hôm nay", 45000, None, dt.datetime(2025, 1, 1, 9, 30)]
)
def test_dates_refused(cell):
    with pytest.raises(DateError):
        parse_date(cell)


def test_headers_fold_case_spaces_underscores_and_marks():
    assert (
        normalise_header("Mã dự án") == normalise_header("MA DU AN") == normalise_header("ma_du_an")
    )
    assert normalise_header("Đơn vị cha") == "donvicha"


@pytest.mark.parametrize("cell", ["²", "١٢", "1²", "١.٢٣٤"])
def test_only_ascii_digits_are_amounts(cell):
    with pytest.raises(AmountError):
        parse_amount(cell)


@pytest.mark.parametrize("cell", ["²²/01/2024", "٠١/٠١/٢٠٢٤", "2024-0١-01"])
def test_only_ascii_digits_are_dates(cell):
    with pytest.raises(DateError):
        parse_date(cell)


def test_name_key_folds_case_spaces_and_composition_but_keeps_the_marks():
    assert name_key("CHU  VĂN TUẤN ") == name_key("chu văn tuấn") == "chu văn tuấn"
    assert name_key(unicodedata.normalize("NFD", "Đặng Thị Huệ")) == "đặng thị huệ"
    assert name_key("Chu Văn Tuân") != name_key("Chu Văn Tuấn")


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ ", max_size=30))
def test_name_key_is_the_same_for_any_casing_and_form(name):
    for variant in (name.upper(), name.title(), unicodedata.normalize("NFD", name)):
        assert name_key(variant) == name_key(name)
