"""The distance to a target, in words: the word says the direction, the number has no sign."""

from __future__ import annotations

from decimal import Decimal

from giaingan.lib.money import format_number


def format_gap(points: Decimal | None) -> str:
    """A rate minus its target in percentage points: -6.25 -> "Chậm 6,25 điểm %",
    5 -> "Vượt 5,00 điểm %", 0 -> "Đạt mục tiêu", None -> "-"."""
    if points is None:
        return "-"
    if points == 0:
        return "Đạt mục tiêu"
    word = "Chậm" if points < 0 else "Vượt"
    return f"{word} {format_number(abs(points), 2)} điểm %"
