"""Whole-đồng amounts: parsing users' cells, rates, Vietnamese formatting. No floats."""

from __future__ import annotations

import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

MAX_DIGITS = 15
_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$", re.ASCII)
_PLAIN = re.compile(r"^-?\d+$", re.ASCII)


_DECIMAL = re.compile(r"^[+-]?\d+([.,]\d+)?$", re.ASCII)


class DecimalError(ValueError):
    """A value that is not a decimal number written with a comma or a point."""


def parse_decimal(value: object) -> Decimal:
    """A decimal number as officials write it, with a comma or a point: `99,5`, `99.5`, `100`
    (spaces ignored). A float is read as written (95.5), never as its binary value. Anything
    else (a second separator, an exponent, NaN, infinity, a yes/no) raises DecimalError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise DecimalError(value)
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if not _DECIMAL.match(text):
        raise DecimalError(value)
    return Decimal(text.replace(",", "."))


class AmountError(ValueError):
    """A cell that is not a whole number of đồng; the message is Vietnamese."""


# How an amount is written, said by every refusal of one (import cells, form fields, options).
HOW_TO_WRITE = (
    "hãy ghi số nguyên đồng bằng chữ số, ngăn nghìn bằng dấu chấm hoặc không ngăn: "
    "1.000.000 hoặc 1000000"
)
NOT_AN_AMOUNT = f"không phải số tiền: {HOW_TO_WRITE}"
DECIMAL_PART = "số tiền phải là số nguyên đồng, không có phần lẻ"
_COMMA_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+$", re.ASCII)  # 1,000,000 (English)
_FRACTION = re.compile(  # 1.234,5 or 1,5 (Vietnamese), 1,000,000.50 or 12.5 (English)
    r"^-?(\d+|\d{1,3}(\.\d{3})+),\d+$|^-?(\d+|\d{1,3}(,\d{3})+)\.\d{1,2}$", re.ASCII
)
_EXPONENT = re.compile(r"^-?\d+([.,]\d+)?[eE][+-]?\d+$", re.ASCII)  # 1,23457E+11


def comma_grouped(text: str) -> str:
    """Why `1,000,000` is refused and what to type instead (`1.000.000` or `1000000`)."""
    digits = text.replace(",", "")
    return (
        f"số tiền có dấu phẩy: theo cách ghi số của Việt Nam dấu phẩy là dấu thập phân, "
        f"không dùng để ngăn nghìn (kiểu tiếng Anh), và số tiền là số nguyên đồng. Nếu "
        f"dấu phẩy là để ngăn nghìn, hãy ghi {format_number(int(digits))} hoặc {digits}"
    )


EXPONENT = (
    "số tiền ghi dạng lũy thừa (như 1,23E+11): Excel ghi như vậy khi cột có định dạng "
    "General quá hẹp, và các chữ số cuối đã mất. Hãy định dạng cột là Number, 0 chữ số "
    "thập phân, rồi lưu lại tệp"
)


def parse_amount(value: object) -> int:
    """Read a whole-đồng amount from a number cell, `1234567` or `1.234.567`. A refusal
    says why and what to type (`1,000,000` with English separators among them)."""
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
        return int(value)  # the common case, read fast
    if isinstance(value, bool) or value is None:
        raise AmountError(NOT_AN_AMOUNT)
    if isinstance(value, int):
        amount = int(value)  # a plain int (an xlsx cell may give a subclass)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise AmountError(NOT_AN_AMOUNT)
        if not value.is_integer():
            raise AmountError(DECIMAL_PART)
        if abs(value) >= 10**MAX_DIGITS:
            raise AmountError(f"số tiền vượt quá {MAX_DIGITS} chữ số")
        amount = int(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError(NOT_AN_AMOUNT)
        if value != value.to_integral_value():
            raise AmountError(DECIMAL_PART)
        amount = int(value)
    else:
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if not text:
            raise AmountError("thiếu số tiền")
        if _PLAIN.match(text):
            digits = text
        elif _GROUPED.match(text):
            digits = text.replace(".", "")
        elif _COMMA_GROUPED.match(text):
            raise AmountError(comma_grouped(text))
        elif _FRACTION.match(text):
            raise AmountError(DECIMAL_PART)
        elif _EXPONENT.match(text):
            raise AmountError(EXPONENT)
        else:
            raise AmountError(NOT_AN_AMOUNT)
        if len(digits.lstrip("-")) > MAX_DIGITS:
            raise AmountError(f"số tiền vượt quá {MAX_DIGITS} chữ số")
        amount = int(digits)
    if abs(amount) >= 10**MAX_DIGITS:
        raise AmountError(f"số tiền vượt quá {MAX_DIGITS} chữ số")
    return amount


def rate_percent(part: int, whole: int) -> Decimal | None:
    """part / whole x 100, rounded half-up to 2 decimals; None when there is no base."""
    if whole <= 0:
        return None
    # 60 digits keep the quotient exact where it ends in a half, so half-up is exact.
    with localcontext() as context:
        context.prec = 60
        return (Decimal(part) * 100 / Decimal(whole)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


def format_number(value: int | Decimal, places: int = 0) -> str:
    """1234567.5 -> "1.234.567,5" (Vietnamese separators)."""
    quantum = Decimal(1).scaleb(-places) if places else Decimal(1)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) or "0"
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_millions(amount: int, places: int = 1) -> str:
    """Đồng to triệu đồng in Vietnamese format: 1234567890 -> "1.234,6"."""
    return format_number(Decimal(amount) / Decimal(1_000_000), places)


def shown_rate(part: int, whole: int) -> Decimal | None:
    """The rate people read: part / whole x 100 cut (not rounded) to 2 decimals, so that a
    rate below 100% never shows as 100,00% (99,999% is 99,99%); None without a base.
    Exact in integers: the largest number of hundredths not above the rate."""
    if whole <= 0:
        return None
    return Decimal((part * 10000) // whole).scaleb(-2)


def format_hundredths(value: Decimal | float | int) -> str:
    """A percentage's number, cut (never rounded up) to 2 decimals: 99.999 -> "99,99".
    A float is read through its shortest text (87.45 stays 87.45)."""
    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return format_number(exact.quantize(Decimal("0.01"), rounding=ROUND_FLOOR), 2)


def format_percent(value: Decimal | float | None) -> str:
    """A percentage for people, cut to 2 decimals (never rounded up): 99,999 -> 99,99%."""
    return "-" if value is None else f"{format_hundredths(value)}%"


def format_rate(part: int, whole: int) -> str:
    """Part of whole as a percentage for people: `shown_rate`, formatted: "99,99%" or "-"."""
    return format_percent(shown_rate(part, whole))
