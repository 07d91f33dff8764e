"""Turn one raw cell into a typed value, or a Problem naming row, column, value and reason."""

from __future__ import annotations

import datetime as dt

from giaingan.lib.dates import DateError, parse_date
from giaingan.lib.money import AmountError, parse_amount
from giaingan.lib.problems import Problem, shown_value
from giaingan.lib.text import normalise_header


class CellError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class RowReader:
    """Reads the cells of one row; each failure becomes a Problem, the first per cell."""

    def __init__(self, row: int, cells: dict[str, object]):
        self.row = row
        self.cells = cells
        self.problems: list[Problem] = []

    def fail(self, column: str, reason: str, value: object = None) -> None:
        if value is None:
            value = self.cells.get(column)
        self.problems.append(Problem(reason, self.row, column, shown_value(value)))

    def text(self, column: str, *, required: bool = True, max_length: int = 255) -> str:
        value = self.cells.get(column)
        if value is None:
            if required:
                self.fail(column, "thiếu giá trị bắt buộc", "")
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if len(text) > max_length:
            self.fail(column, f"dài quá {max_length} ký tự")
            return ""
        return text

    def amount(self, column: str, *, required: bool = True, default: int = 0) -> int | None:
        value = self.cells.get(column)
        if value is None:
            if required:
                self.fail(column, "thiếu số tiền", "")
                return None
            return default
        try:
            return parse_amount(value)
        except AmountError as error:
            self.fail(column, str(error))
            return None

    def date(self, column: str, *, required: bool = True) -> dt.date | None:
        value = self.cells.get(column)
        if value is None:
            if required:
                self.fail(column, "thiếu ngày", "")
            return None
        try:
            return parse_date(value)
        except DateError as error:
            self.fail(column, str(error))
            return None

    def year(self, column: str, *, required: bool = True) -> int | None:
        value = self.cells.get(column)
        if value is None:
            if required:
                self.fail(column, "thiếu năm", "")
            return None
        if (
            type(value) is str
            and len(value) == 4
            and value.isascii()
            and value.isdigit()
            and 1990 <= int(value) <= 2100
        ):
            return int(value)  # the common case, read fast
        if (isinstance(value, float) and value.is_integer()) or isinstance(value, int):
            text = str(int(value))  # the number, not how a format shows it (`002024`)
        else:
            text = str(value)
        text = text.strip()
        if not (text.isascii() and text.isdigit()) or not 1990 <= int(text) <= 2100:
            self.fail(column, "không phải năm (từ 1990 đến 2100)")
            return None
        return int(text)

    def choice(self, column: str, choices: dict[str, str], *, required: bool = True) -> str | None:
        """Match a cell against `choices` (folded spelling -> stored value)."""
        value = self.cells.get(column)
        if value is None:
            if required:
                self.fail(column, "thiếu giá trị bắt buộc", "")
            return None
        found = choices.get(normalise_header(str(value)))
        if found is None:
            allowed = ", ".join(sorted({stored for stored in choices.values()}))
            self.fail(column, f"không thuộc danh sách cho phép ({allowed})")
        return found

    def flag(self, column: str) -> bool:
        value = self.cells.get(column)
        if value is None:
            return False
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        folded = normalise_header(str(value))
        if folded in ("co", "x", "1", "true", "yes"):
            return True
        if folded in ("khong", "0", "false", "no"):
            return False
        self.fail(column, "chỉ nhận có/không, x, 1/0, true/false")
        return False


def folded_choices(values: list[str], extra: dict[str, str] | None = None) -> dict[str, str]:
    choices = {normalise_header(value): value for value in values}
    for spelling, value in (extra or {}).items():
        choices[normalise_header(spelling)] = value
    return choices
