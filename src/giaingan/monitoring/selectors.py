"""Reads of the month's cycle: who owes a period's report and where it stands; the
obstacle register as of a date, grouped, with the plan capital held up (from `figures`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from giaingan.capital.models import Project
from giaingan.figures.held import plan_in_force, planned_projects
from giaingan.figures.selectors import Figures
from giaingan.lib.dates import format_date
from giaingan.monitoring.models import (
    Obstacle,
    ObstacleKind,
    PeriodicReport,
    ReportStatus,
)
from giaingan.monitoring.periods import Period
from giaingan.org.models import Unit

# The statuses of the contract (`giaingan reports status`), with what a user reads.
UNIT_STATUS_LABELS = {
    "submitted": "Đã nộp đúng hạn",
    "late": "Nộp muộn",
    "missing": "Chưa nộp",
    "returned": "Bị trả lại, chờ nộp lại",
}
FILED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
WAITING = ("missing", "returned")  # a unit that still owes the report


@dataclass
class UnitStatus:
    unit_id: int
    code: str
    name: str
    status: str
    submitted_on: dt.date | None
    reports: list[PeriodicReport] = field(default_factory=list)

    @property
    def label(self) -> str:
        return UNIT_STATUS_LABELS[self.status]

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "status": self.status,
            "submitted_on": self.submitted_on.isoformat() if self.submitted_on else None,
        }


@dataclass
class PeriodStatus:
    period: Period
    due: dt.date
    units: list[UnitStatus]

    def counts(self) -> dict[str, int]:
        counted = dict.fromkeys(UNIT_STATUS_LABELS, 0)
        for unit in self.units:
            counted[unit.status] += 1
        return counted

    def as_dict(self) -> dict:
        return {
            "period": self.period.code,
            "due": self.due.isoformat(),
            "units": [unit.as_dict() for unit in self.units],
        }


def owing_unit_ids(period: Period, due: dt.date) -> set[int]:
    """Investors of the projects with a plan of the period's year decided by its deadline."""
    projects = planned_projects(year=period.year, as_of=due)
    # order_by(): a model's default ordering would join DISTINCT and make every row distinct.
    return set(
        Project.objects.filter(id__in=projects)
        .order_by()
        .values_list("investor_id", flat=True)
        .distinct()
    )


def period_status(period: Period, *, unit_ids: set[int] | None = None) -> PeriodStatus:
    """Every unit that owes the period's report (or has filed one), and where it stands.

    A unit has `submitted` when its first filing of the period came by the deadline, `late`
    after it; a return waiting for the unit shows `returned` until it files again;
    `missing` means nothing filed. A return does not move the first filing's date: the
    deadline was met or not by it.
    """
    due = period.due_date()
    reports = list(
        PeriodicReport.objects.filter(cadence=period.cadence, period=period.code)
        .select_related("project")
        .order_by("project__code", "id")
    )
    by_unit: dict[int, list[PeriodicReport]] = defaultdict(list)
    for report in reports:
        by_unit[report.unit_id].append(report)
    ids = owing_unit_ids(period, due) | {
        unit_id
        for unit_id, filed in by_unit.items()
        if any(report.status != ReportStatus.DRAFT for report in filed)
    }
    if unit_ids is not None:
        ids &= unit_ids
    units = []
    for unit in Unit.objects.filter(id__in=ids).order_by("code"):
        filed = by_unit.get(unit.pk, [])
        units.append(_unit_status(unit, filed, due))
    return PeriodStatus(period=period, due=due, units=units)


def _unit_status(unit: Unit, filed: list[PeriodicReport], due: dt.date) -> UnitStatus:
    firsts = [
        timezone.localdate(report.first_submitted_at)
        for report in filed
        if report.status in FILED and report.first_submitted_at is not None
    ]
    submitted_on = min(firsts) if firsts else None
    returned = any(report.status == ReportStatus.RETURNED for report in filed)
    status = filing_status(returned=returned, first_submitted_on=submitted_on, due=due)
    return UnitStatus(unit.pk, unit.code, unit.name, status, submitted_on, filed)


def filing_status(*, returned: bool, first_submitted_on: dt.date | None, due: dt.date) -> str:
    """Where a unit stands with a report, periodic or ad hoc: `returned` while a return waits
    for it, `missing` when nothing was sent, else `submitted` or `late` by its first sending
    (a return does not move that date: the deadline was met or not by it)."""
    if returned:
        return "returned"
    if first_submitted_on is None:
        return "missing"
    return "late" if first_submitted_on > due else "submitted"


# The obstacle register

GROUPINGS = {
    "kind": "Loại vướng mắc",
    "responsible": "Đơn vị chịu trách nhiệm tháo gỡ",
    "commune": "Xã (địa bàn chính của dự án)",
}
_GROUP_FIELDS = {
    "kind": "kind",
    "responsible": "responsible_unit_id",
    "commune": "project__main_commune_id",
}


@dataclass
class ObstacleGroup:
    key: str
    label: str
    open: int = 0
    cleared: int = 0
    projects: int = 0
    plan_held: int = 0
    overdue: int = 0  # of the open ones, those past their due date (not in the contract)

    def as_dict(self, key_name: str = "kind") -> dict:
        return {
            key_name: self.key,
            "label": self.label,
            "open": self.open,
            "cleared": self.cleared,
            "projects": self.projects,
            "plan_held": self.plan_held,
        }


@dataclass
class ObstacleRegister:
    as_of: dt.date
    by: str
    groups: list[ObstacleGroup]
    total: ObstacleGroup

    def as_dict(self) -> dict:
        key_name = "kind" if self.by == "kind" else "unit"
        total = self.total.as_dict(key_name)
        del total[key_name], total["label"]
        return {
            "as_of": self.as_of.isoformat(),
            "groups": [group.as_dict(key_name) for group in self.groups],
            "total": total,
        }


def obstacles_as_of(as_of: dt.date, scope: Q | None = None) -> tuple[Q, Q, Q]:
    """(known, open, cleared) filters on Obstacle as of the end of `as_of`: known once
    registered on or before it; cleared if cleared by then; open otherwise."""
    known = Q(opened_on__lte=as_of)
    if scope:
        known &= Q(project__in=Project.objects.filter(scope).values("id"))
    cleared = Q(cleared_on__lte=as_of)
    return known, known & ~cleared, known & cleared


def obstacle_register(
    *, as_of: dt.date, by: str = "kind", scope: Q | None = None, figures: Figures | None = None
) -> ObstacleRegister:
    """Open (and overdue) and cleared obstacles per group as of `as_of`, the distinct
    projects with an open one and the plan in force they hold up. Every kind is listed,
    even with none.
    `figures` (the whole ledger's, as of the same date) spares a second scan of the ledger."""
    column = _GROUP_FIELDS[by]
    known, still_open, cleared = obstacles_as_of(as_of, scope)
    counted = (
        Obstacle.objects.filter(known)
        .values(column)
        .annotate(
            open=Count("id", filter=~Q(cleared_on__lte=as_of)),
            cleared=Count("id", filter=Q(cleared_on__lte=as_of)),
            overdue=Count("id", filter=~Q(cleared_on__lte=as_of) & Q(due_date__lt=as_of)),
        )
        .values_list(column, "open", "cleared", "overdue")
    )
    members: dict[object, set[int]] = defaultdict(set)
    for key, project_id in (
        Obstacle.objects.filter(still_open).order_by().values_list(column, "project_id").distinct()
    ):
        members[key].add(project_id)
    groups: dict[object, ObstacleGroup] = {}
    if by == "kind":
        for kind, label in ObstacleKind.choices:
            groups[kind] = ObstacleGroup(kind, str(label))
    for key, open_count, cleared_count, overdue_count in counted:
        group = groups.get(key)
        if group is None:
            group = groups[key] = ObstacleGroup(key, "")
        group.open, group.cleared, group.overdue = open_count, cleared_count, overdue_count
    every = set().union(*members.values()) if members else set()
    held = plan_in_force(groups={**members, "__total__": every}, as_of=as_of, figures=figures)
    for key, ids in members.items():
        groups[key].projects = len(ids)
        groups[key].plan_held = held[key]
    if by != "kind":
        names = Unit.objects.filter(id__in=[key for key in groups if key]).values_list(
            "id", "code", "name"
        )
        for unit_id, code, name in names:
            groups[unit_id].key, groups[unit_id].label = code, name
        if None in groups:
            groups[None].key, groups[None].label = "", "Chưa xác định địa bàn"
        ordered = sorted(groups.values(), key=lambda group: (group.key == "", group.key))
    else:
        ordered = list(groups.values())
    total = ObstacleGroup(
        "",
        "Tổng cộng",
        open=sum(group.open for group in ordered),
        cleared=sum(group.cleared for group in ordered),
        projects=len(every),
        plan_held=held["__total__"],
        overdue=sum(group.overdue for group in ordered),
    )
    return ObstacleRegister(as_of=as_of, by=by, groups=ordered, total=total)


def obstacle_list(*, as_of: dt.date, scope: Q | None = None, only_open: bool = True):
    """The obstacles known on `as_of` (open ones only by default), most overdue first."""
    known, still_open, _cleared = obstacles_as_of(as_of, scope)
    return (
        Obstacle.objects.filter(still_open if only_open else known)
        .select_related("project", "responsible_unit", "project__main_commune")
        .order_by("due_date", "id")
    )


def as_of_label(as_of: dt.date) -> str:
    return f"tính đến ngày {format_date(as_of)}"
