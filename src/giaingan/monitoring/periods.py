"""Report periods (a month, a quarter, a year) and their deadlines from the rulebook."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.rulebook.selectors import report_due_day

MONTHLY, QUARTERLY, ANNUAL = "monthly", "quarterly", "annual"
CADENCE_LABELS = {MONTHLY: "Báo cáo tháng", QUARTERLY: "Báo cáo quý", ANNUAL: "Báo cáo năm"}

_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$", re.ASCII)
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: `2024-09` (a month), `2024-Q3` (a quarter) or `2024` (a year)."""

    year: int
    cadence: str
    number: int  # the month (1-12), the quarter (1-4) or 1 for the year

    @property
    def code(self) -> str:
        if self.cadence == MONTHLY:
            return f"{self.year:04d}-{self.number:02d}"
        if self.cadence == QUARTERLY:
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}"

    @property
    def label(self) -> str:
        if self.cadence == MONTHLY:
            return f"Tháng {self.number:02d}/{self.year}"
        if self.cadence == QUARTERLY:
            return f"Quý {'I II III IV'.split()[self.number - 1]}/{self.year}"
        return f"Năm {self.year}"

    @property
    def phrase(self) -> str:
        """The label inside a sentence: "tháng 09/2024", "quý III/2024", "năm 2024"."""
        return self.label[:1].lower() + self.label[1:]

    @property
    def last_month(self) -> int:
        if self.cadence == MONTHLY:
            return self.number
        if self.cadence == QUARTERLY:
            return self.number * 3
        return 12

    @property
    def end(self) -> dt.date:
        return dt.date(
            self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1]
        )

    def due_date(self) -> dt.date:
        """The deadline: the rulebook's day of the period's last month (the 25th for a
        month), or that month's last day when the month is shorter."""
        first = dt.date(self.year, self.last_month, 1)
        day = report_due_day(cadence=self.cadence, on=first)
        return first.replace(day=min(day, calendar.monthrange(self.year, self.last_month)[1]))


def period_parse(text: str) -> Period:
    """`2024-09`, `2024-Q3` or `2024`; InvalidInput naming the value otherwise."""
    value = (text or "").strip()
    if match := _MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and year >= 2000:
            return Period(year, MONTHLY, month)
    elif match := _QUARTER.match(value):
        if int(match[1]) >= 2000:
            return Period(int(match[1]), QUARTERLY, int(match[2]))
    elif (match := _YEAR.match(value)) and int(match[1]) >= 2000:
        return Period(int(match[1]), ANNUAL, 1)
    raise InvalidInput(
        [
            Problem(
                "Kỳ báo cáo phải ghi dạng 2024-09 (tháng), 2024-Q3 (quý) hoặc 2024 (năm).",
                column="kỳ báo cáo",
                value=value,
            )
        ]
    )


def periods_of_year(year: int) -> list[Period]:
    """Every period of `year`, in the order their deadlines fall."""
    periods = [Period(year, MONTHLY, month) for month in range(1, 13)]
    periods += [Period(year, QUARTERLY, quarter) for quarter in range(1, 5)]
    periods.append(Period(year, ANNUAL, 1))
    return sorted(periods, key=lambda period: (period.last_month, period.cadence != MONTHLY))


def due_label(period: Period) -> str:
    return f"{period.label}, hạn nộp {format_date(period.due_date())}"
