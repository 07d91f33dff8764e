"""A small evaluator of the formulas the annex writes (SUM of a column's range, the cut rate,
a difference, a verdict), exact on whole numbers: what Excel computes from the sheet."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from math import floor

from openpyxl.utils import column_index_from_string

SUM = re.compile(r"^=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$")
RATE = re.compile(r'^=IF\(([A-Z]+)(\d+)>0,ROUNDDOWN\(([A-Z]+)(\d+)\*100/([A-Z]+)(\d+),2\),""\)$')
DIFF = re.compile(r"^=([A-Z]+)(\d+)-([A-Z]+)(\d+)$")
VERDICT = re.compile(r'^=IF\(([A-Z]+)(\d+)>=([A-Z]+)(\d+),"Đạt","Chưa đạt"\)$')


def value(sheet, column: str, row: str):
    cell = sheet.cell(row=int(row), column=column_index_from_string(column))
    return evaluate(sheet, cell.value)


def evaluate(sheet, content):
    if not isinstance(content, str) or not content.startswith("="):
        return content
    if match := SUM.match(content):
        first, top, last, bottom = match.groups()
        assert first == last, content
        return sum(value(sheet, first, str(row)) or 0 for row in range(int(top), int(bottom) + 1))
    if match := RATE.match(content):
        whole_col, whole_row, part_col, part_row, den_col, den_row = match.groups()
        assert (whole_col, whole_row) == (den_col, den_row), content
        whole = value(sheet, whole_col, whole_row)
        if not whole > 0:
            return ""
        part = value(sheet, part_col, part_row)
        return Decimal(floor(Fraction(part * 100, whole) * 100)).scaleb(-2)
    if match := DIFF.match(content):
        a, b, c, d = match.groups()
        return value(sheet, a, b) - value(sheet, c, d)
    if match := VERDICT.match(content):
        a, b, c, d = match.groups()
        return "Đạt" if value(sheet, a, b) >= value(sheet, c, d) else "Chưa đạt"
    if content == "=0":
        return 0
    raise AssertionError(f"unknown formula {content}")
