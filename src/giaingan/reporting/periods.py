"""The periods Finance-Planning and the treasury report on: a month, a quarter, six months,
a year, or ad hoc; each the one that holds the report's date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from giaingan.lib.dates import disbursement_deadline

ROMAN = ("I", "II", "III", "IV")


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", "Báo cáo tháng"
    QUARTERLY = "quarterly", "Báo cáo quý"
    HALF_YEAR = "half_year", "Báo cáo 6 tháng"
    ANNUAL = "annual", "Báo cáo năm"
    AD_HOC = "ad_hoc", "Báo cáo đột xuất"


# The treasury reports monthly, quarterly and yearly (the launching plan, section III.3).
TREASURY_KINDS = (ReportKind.MONTHLY, ReportKind.QUARTERLY, ReportKind.ANNUAL)
# Months in a period of each kind; an ad hoc report's period is its month so far.
MONTHS = {
    ReportKind.MONTHLY: 1,
    ReportKind.QUARTERLY: 3,
    ReportKind.HALF_YEAR: 6,
    ReportKind.ANNUAL: 12,
    ReportKind.AD_HOC: 1,
}


@dataclass(frozen=True)
class ReportPeriod:
    """The period of kind `kind` that holds `as_of`; its plan year is `as_of`'s year."""

    kind: ReportKind
    as_of: dt.date

    @property
    def year(self) -> int:
        """The plan year: the date's, except that a year's report as of January (up to the
        31st, the end of the year before's disbursement) closes the year before."""
        if self.kind == ReportKind.ANNUAL and self.as_of <= disbursement_deadline(
            self.as_of.year - 1
        ):
            return self.as_of.year - 1
        return self.as_of.year

    @property
    def number(self) -> int:
        """The month, the quarter, the half (1-2), or 1 for a year."""
        if self.kind == ReportKind.ANNUAL:
            return 1
        return (self.as_of.month - 1) // MONTHS[self.kind] + 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.number - 1) * MONTHS[self.kind] + 1, 1)

    @property
    def code(self) -> str:
        if self.kind == ReportKind.QUARTERLY:
            return f"{self.year}-Q{self.number}"
        if self.kind == ReportKind.HALF_YEAR:
            return f"{self.year}-H{self.number}"
        if self.kind == ReportKind.ANNUAL:
            return f"{self.year}"
        if self.kind == ReportKind.AD_HOC:
            return self.as_of.isoformat()
        return f"{self.year}-{self.number:02d}"

    @property
    def phrase(self) -> str:
        """The period inside a sentence: "quý III năm 2024", "6 tháng đầu năm 2024"."""
        if self.kind == ReportKind.QUARTERLY:
            return f"quý {ROMAN[self.number - 1]} năm {self.year}"
        if self.kind == ReportKind.HALF_YEAR:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == ReportKind.ANNUAL:
            return f"năm {self.year}"
        if self.kind == ReportKind.AD_HOC:
            return f"từ đầu năm {self.year} đến ngày {self.as_of:%d/%m/%Y}"
        return f"tháng {self.number:02d} năm {self.year}"

    @property
    def change_label(self) -> str:
        """The column of what was disbursed within the period."""
        return {
            ReportKind.MONTHLY: "Giải ngân trong tháng",
            ReportKind.QUARTERLY: "Giải ngân trong quý",
            ReportKind.HALF_YEAR: "Giải ngân trong 6 tháng",
            ReportKind.ANNUAL: "Giải ngân trong năm",
            ReportKind.AD_HOC: "Giải ngân từ đầu tháng",
        }[self.kind]

    @property
    def next_phrase(self) -> str:
        """The period after this one, for the tasks ahead."""
        if self.kind == ReportKind.AD_HOC:
            return f"thời gian tới của năm {self.year}"
        if self.kind == ReportKind.ANNUAL:
            return f"năm {self.year + 1}"
        end_month = self.start.month + MONTHS[self.kind] - 1
        if end_month == 12:
            following = dt.date(self.year + 1, 1, 1)
        else:
            following = dt.date(self.year, end_month + 1, 1)
        return ReportPeriod(self.kind, following).phrase
