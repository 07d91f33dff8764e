"""Vietnamese tax codes (mã số thuế) of enterprises: 10 digits, or 13 for a branch
(`0100109106-001`). The tenth digit checks the first nine (weights 31, 29, 23, 19, 17,
13, 7, 5, 3; check = 10 - sum mod 11), so a mistyped digit is caught at the form."""

from __future__ import annotations

import re

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
SHAPE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def check_digit(first_nine: str) -> int | None:
    """The tenth digit that `first_nine` calls for; None when no code can end them (10)."""
    digit = 10 - sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True)) % 11
    return None if digit == 10 else digit


def normalise_tax_code(text: str) -> str:
    """Spaces, dots and stray dashes out; a branch keeps its `-NNN`."""
    compact = re.sub(r"[\s.]", "", text or "")
    match = SHAPE.match(compact)
    if not match:
        return compact
    stem, branch = match.groups()
    return f"{stem}-{branch}" if branch else stem


def tax_code_problem(text: str) -> str:
    """Why `text` is no enterprise tax code ("" when it is one), in Vietnamese."""
    code = normalise_tax_code(text)
    if not code:
        return "chưa có mã số thuế"
    match = SHAPE.match(code)
    if not match:
        return "mã số thuế gồm 10 chữ số, hoặc 13 chữ số dạng 0123456789-001 cho chi nhánh"
    stem = match.group(1)
    if check_digit(stem[:9]) != int(stem[9]):
        return "mã số thuế sai chữ số kiểm tra (chữ số thứ 10): có thể gõ nhầm một chữ số"
    return ""


def with_check_digit(first_nine: str) -> str | None:
    """A valid 10-digit code from nine digits, or None when they admit none (for demos)."""
    digit = check_digit(first_nine)
    return None if digit is None else f"{first_nine}{digit}"
