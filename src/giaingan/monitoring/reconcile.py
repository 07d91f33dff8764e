"""A unit's reported disbursement beside the treasury's figure for the same date: what its
own books say against the treasury lines in the ledger (from `figures`), the difference in
đồng, highlighted wherever it is not zero."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from giaingan.capital.models import Project
from giaingan.figures.held import disbursed_in_groups
from giaingan.figures.selectors import Figures
from giaingan.monitoring.models import PeriodicReport, ReportStatus
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reports import report_as_of, unit_projects
from giaingan.monitoring.selectors import PeriodStatus


@dataclass(frozen=True)
class Reconciliation:
    reported: int | None  # None: the unit gave no figure of its own
    treasury: int

    @property
    def difference(self) -> int | None:
        return None if self.reported is None else self.reported - self.treasury

    @property
    def differs(self) -> bool:
        return self.reported is not None and self.reported != self.treasury


def report_reconciliations(reports: Iterable[PeriodicReport]) -> dict[int, Reconciliation]:
    """{report id: its reported figure and the treasury's as of its report date}, for the
    reports of its project (or of the unit's own projects). One ledger scan per date."""
    by_date: dict[tuple[int, dt.date], dict[int, set[int]]] = defaultdict(dict)
    reported: dict[int, int | None] = {}
    unit_members: dict[int, set[int]] = {}
    for report in reports:
        year = period_parse(report.period).year
        if report.project_id:
            members = {report.project_id}
        else:
            if report.unit_id not in unit_members:
                unit_members[report.unit_id] = set(
                    Project.objects.filter(unit_projects(report.unit_id)).values_list(
                        "id", flat=True
                    )
                )
            members = unit_members[report.unit_id]
        by_date[(year, report_as_of(report))][report.pk] = members
        reported[report.pk] = report.reported_disbursed
    found: dict[int, Reconciliation] = {}
    for (year, as_of), groups in by_date.items():
        treasury = disbursed_in_groups(groups=groups, year=year, as_of=as_of)
        for report_id in groups:
            found[report_id] = Reconciliation(reported[report_id], treasury[report_id])
    return found


def report_reconciliation(report: PeriodicReport, *, ledger: Figures) -> Reconciliation:
    """One report's figure beside the treasury's, from the page's own `report_ledger`: what
    `report_reconciliations` finds for it, without a second reading of the ledger."""
    return Reconciliation(report.reported_disbursed, ledger.totals()[1])


def unit_reconciliations(status: PeriodStatus) -> dict[int, Reconciliation]:
    """{unit id: the sum of what its sent reports state and the treasury's figure for the
    same reports}, for the units that stated a figure of their own in the period."""
    sent = [
        report
        for unit in status.units
        for report in unit.reports
        if report.status != ReportStatus.DRAFT and report.reported_disbursed is not None
    ]
    each = report_reconciliations(sent)
    totals: dict[int, list[int]] = {}
    for report in sent:
        pair = totals.setdefault(report.unit_id, [0, 0])
        pair[0] += each[report.pk].reported or 0
        pair[1] += each[report.pk].treasury
    return {unit_id: Reconciliation(*pair) for unit_id, pair in totals.items()}
