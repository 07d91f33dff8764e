"""What a cell of an exported csv or xlsx may hold: text that can never become a formula.

The rule, one place for every file the app writes (OWASP "CSV injection"):

- A *number* (int, Decimal, float; not a bool) stays a number: a negative amount such as
  -5000000 is written as the number it is, in csv and in xlsx, so sums still work.
- *Text* loses the control characters an xlsx cannot hold (openpyxl refuses them with
  IllegalCharacterError; old data may still carry them), and text that starts with `=`,
  `+`, `-`, `@`, a tab or a carriage return could be read as a formula: in csv it gets a
  leading single quote (`'=HYPERLINK(...)`); in xlsx it is written as a string cell
  (never a formula) with Excel's quote prefix, so its value stays intact. A lone "-" (the
  pages' mark for "none") cannot be a formula and is left as it is.
- A date is written dd/mm/yyyy in csv (as the import files write it) and as a date in xlsx.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from giaingan.lib.dates import format_date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Number = int | Decimal | float


def is_number(value: object) -> bool:
    return isinstance(value, int | Decimal | float) and not isinstance(value, bool)


def clean_text(text: str) -> str:
    """`text` without the control characters a spreadsheet cannot hold."""
    # openpyxl's own list: C0 controls but tab, LF and CR.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula."""
    return text.startswith(FORMULA_STARTS) and text != "-"


def csv_cell(value: object) -> str | Number:
    """`value` as a csv cell: numbers as numbers, dates dd/mm/yyyy, empty for None, text
    cleaned and neutralised with a leading quote when it could be read as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if is_number(value):
        return value  # type: ignore[return-value]
    if isinstance(value, dt.datetime):
        return f"{format_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return format_date(value)
    text = clean_text(str(value))
    return "'" + text if looks_like_formula(text) else text


def xlsx_text(value: str) -> str:
    """Text for an xlsx string cell: cleaned, otherwise intact (the writer keeps it text)."""
    return clean_text(value)
