"""Amounts in words, as Vietnamese documents write them under the figure."""

from __future__ import annotations

MAX_AMOUNT = 10**15

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", "nghìn", "triệu"]
_BILLION = 10**9


def money_in_words(amount: int) -> str:
    """Read a whole number of đồng: 2105000 -> "Hai triệu một trăm linh năm nghìn đồng"."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("số tiền phải là số nguyên đồng")
    if abs(amount) > MAX_AMOUNT:
        raise ValueError("số tiền vượt quá một triệu tỷ đồng")
    text = number_in_words(abs(amount))
    if amount < 0:
        text = f"âm {text}"
    return f"{text[0].upper()}{text[1:]} đồng"


def number_in_words(number: int) -> str:
    """Read a natural number in lower case: 21 -> "hai mươi mốt", 0 -> "không"."""
    if number < 0:
        raise ValueError("số âm")
    if number == 0:
        return "không"
    return " ".join(_read(number, leading=True))


def _read(number: int, *, leading: bool) -> list[str]:
    """Words for 0 < number; a number that is not leading reads its hundreds ("không trăm")."""
    if number >= _BILLION:
        # Above a billion the reading repeats itself: "<n> tỷ <rest>", n read on its own.
        words = [*_read(number // _BILLION, leading=leading), "tỷ"]
        rest = number % _BILLION
        return words + _read(rest, leading=False) if rest else words
    groups = [(number // 1000**power) % 1000 for power in (2, 1, 0)]
    names = [_GROUPS[2], _GROUPS[1], _GROUPS[0]]
    words: list[str] = []
    for group, name in zip(groups, names, strict=True):
        if group == 0:
            continue
        words += _read_group(group, full=not leading or bool(words))
        if name:
            words.append(name)
    return words


def _read_group(group: int, *, full: bool) -> list[str]:
    """Three digits; `full` reads a leading zero hundred ("không trăm linh năm")."""
    hundreds, tens, units = group // 100, (group // 10) % 10, group % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words
