"""The month's cycle as files: the status of a period's reports, the obstacle register and
the open obstacles, through the shared sheet writer (documents.tables)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import QuerySet

from giaingan.documents.tables import TableSheet, sheet_csv
from giaingan.lib.dates import format_date
from giaingan.monitoring.models import (
    ActionItem,
    ActionStatus,
    Obstacle,
    ObstacleKind,
    ObstacleStatus,
    action_overdue,
)
from giaingan.monitoring.selectors import (
    GROUPINGS,
    UNIT_STATUS_LABELS,
    ObstacleRegister,
    PeriodStatus,
)

STATUS_FIELDS = [
    "code",
    "name",
    "status",
    "submitted_on",
    "reported_disbursed",
    "treasury_disbursed",
    "difference",
]


def status_records(status: PeriodStatus, compared: Mapping) -> list[dict]:
    """The period's units, where their reports stand and (`compared`: unit id ->
    Reconciliation, as the board shows it) their reported disbursement beside the
    treasury's for the same reports and the difference, in đồng; None where the unit stated
    no figure of its own. The rows of the board's files and of `giaingan reports status`."""
    records = []
    for unit in status.units:
        pair = compared.get(unit.unit_id)
        records.append(
            {
                "code": unit.code,
                "name": unit.name,
                "status": unit.status,
                "submitted_on": unit.submitted_on,
                "reported_disbursed": None if pair is None else pair.reported,
                "treasury_disbursed": None if pair is None else pair.treasury,
                "difference": None if pair is None else pair.difference,
            }
        )
    return records


def status_sheet(status: PeriodStatus, compared: Mapping) -> TableSheet:
    """The period's units and where their reports stand, with their reported disbursement
    beside the treasury's and the difference (status_records)."""
    return TableSheet(
        # No slash in a title: it names the sheet too, and Excel refuses one there.
        title=f"Nộp báo cáo kỳ {status.period.code}",
        subtitle=f"{status.period.label}, hạn nộp {format_date(status.due)}",
        headers=[
            "Mã đơn vị",
            "Tên đơn vị",
            "Trạng thái",
            "Mã trạng thái",
            "Ngày nộp",
            "Giải ngân theo đơn vị báo cáo (đồng)",
            "Giải ngân theo Kho bạc cùng ngày (đồng)",
            "Chênh lệch (đồng)",
        ],
        rows=[
            [
                record["code"],
                record["name"],
                UNIT_STATUS_LABELS[record["status"]],
                record["status"],
                record["submitted_on"],
                record["reported_disbursed"],
                record["treasury_disbursed"],
                record["difference"],
            ]
            for record in status_records(status, compared)
        ],
        money={5, 6, 7},
    )


def status_json(status: PeriodStatus, compared: Mapping) -> dict:
    """The contract's shape of `giaingan reports status --format json`, each unit with the
    reported-vs-treasury figures too."""
    units = []
    for record in status_records(status, compared):
        day = record["submitted_on"]
        units.append({**record, "submitted_on": day.isoformat() if day else None})
    return {"period": status.period.code, "due": status.due.isoformat(), "units": units}


def register_sheet(register: ObstacleRegister) -> TableSheet:
    key = "Mã loại" if register.by == "kind" else "Mã đơn vị"
    return TableSheet(
        title=f"Vướng mắc theo {GROUPINGS[register.by].lower()}",
        subtitle=f"Tính đến ngày {format_date(register.as_of)}",
        headers=[
            key,
            GROUPINGS[register.by],
            "Đang vướng",
            "Đã tháo gỡ",
            "Số dự án đang vướng",
            "Kế hoạch vốn bị ách tắc (đồng)",
        ],
        rows=[
            [group.key, group.label, group.open, group.cleared, group.projects, group.plan_held]
            for group in register.groups
        ],
        money={5},
        total=[
            "Tổng cộng",
            "",
            register.total.open,
            register.total.cleared,
            register.total.projects,
            register.total.plan_held,
        ],
    )


def choice_labels(choices) -> dict[str, str]:
    """{value: label} of a model's choices, each label translated once: a sheet of 10^4
    rows reads its labels here, not through `get_FOO_display` (which rebuilds and hashes
    every choice's lazy label on each call)."""
    return {value: str(label) for value, label in choices}


def obstacle_sheet(obstacles: QuerySet[Obstacle], as_of: dt.date) -> TableSheet:
    """The obstacles as the register's list shows them, overdue ones flagged: plain values
    read in one query (a province's register holds 10^4 open obstacles)."""
    kinds = choice_labels(ObstacleKind.choices)
    statuses = choice_labels(ObstacleStatus.choices)
    return TableSheet(
        title="Danh sách vướng mắc chưa tháo gỡ",
        subtitle=f"Tính đến ngày {format_date(as_of)}",
        headers=[
            "Mã dự án",
            "Tên dự án",
            "Loại vướng mắc",
            "Nội dung",
            "Đơn vị chịu trách nhiệm",
            "Ngày phát sinh",
            "Hạn tháo gỡ",
            "Trạng thái",
            "Quá hạn",
        ],
        rows=[
            [
                code,
                name,
                kinds.get(kind, kind),
                description,
                unit,
                opened_on,
                due_date,
                statuses.get(status, status),
                "Quá hạn" if due_date < as_of else "",
            ]
            for code, name, kind, description, unit, opened_on, due_date, status in (
                obstacles.values_list(
                    "project__code",
                    "project__name",
                    "kind",
                    "description",
                    "responsible_unit__name",
                    "opened_on",
                    "due_date",
                    "status",
                )
            )
        ],
        money=set(),
    )


def action_sheet(actions: QuerySet[ActionItem], today: dt.date) -> TableSheet:
    """The briefings' action items as the list page shows them, overdue ones flagged."""
    statuses = choice_labels(ActionStatus.choices)
    return TableSheet(
        title="Nhiệm vụ sau giao ban",
        subtitle=f"Tính đến ngày {format_date(today)}",
        headers=[
            "Giao ban ngày",
            "Nội dung nhiệm vụ",
            "Đơn vị thực hiện",
            "Mã dự án",
            "Thời hạn",
            "Trạng thái",
            "Ngày hoàn thành",
            "Kết quả thực hiện",
            "Quá hạn",
        ],
        rows=[
            [
                held_on,
                task,
                unit,
                code or "",
                due_date,
                statuses.get(status, status),
                done_on,
                done_note,
                "Quá hạn" if action_overdue(status=status, due_date=due_date, day=today) else "",
            ]
            for held_on, task, unit, code, due_date, status, done_on, done_note in (
                actions.values_list(
                    "briefing__held_on",
                    "task",
                    "responsible_unit__name",
                    "project__code",
                    "due_date",
                    "status",
                    "done_on",
                    "done_note",
                )
            )
        ],
        money=set(),
        wide={1, 7},
    )


# The command line's files: csv with the JSON keys as headers (for scripts), xlsx as above.


def status_csv(status: PeriodStatus, compared: Mapping) -> str:
    return sheet_csv(
        TableSheet(
            title="",
            subtitle="",
            headers=["period", "due", *STATUS_FIELDS],
            rows=[
                [status.period.code, status.due, *(record[key] for key in STATUS_FIELDS)]
                for record in status_records(status, compared)
            ],
            money=set(),
        )
    )


def register_csv(register: ObstacleRegister) -> str:
    key = "kind" if register.by == "kind" else "unit"
    total = register.total
    return sheet_csv(
        TableSheet(
            title="",
            subtitle="",
            headers=["as_of", key, "label", "open", "cleared", "projects", "plan_held"],
            rows=[
                [register.as_of, g.key, g.label, g.open, g.cleared, g.projects, g.plan_held]
                for g in [*register.groups, total]
            ],
            money=set(),
        )
    )
