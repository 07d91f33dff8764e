"""A breach, or a dossier the treasury has not paid, raised as an obstacle in the month's
register (monitoring): once each, through the register's own service and rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from giaingan.contracts.models import Breach, DossierStatus, PaymentDossier
from giaingan.figures.payables import dossier_standings_now
from giaingan.lib.dates import format_date
from giaingan.lib.money import format_number
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.monitoring.models import ObstacleKind
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record
from giaingan.org.models import Unit, UnitKind

# The register's own default: a month to clear an obstacle.
DAYS_TO_CLEAR = 30


def breach_raise_obstacle(*, user: Any, breach: Breach) -> Breach:
    """Register the breach as a contractor obstacle on its project, for its investor."""
    with transaction.atomic():
        breach = (
            Breach.objects.select_for_update()
            .select_related("contract__project", "contract__contractor")
            .get(pk=breach.pk)
        )
        if breach.obstacle_id is not None:
            raise InvalidInput([Problem("vi phạm này đã được ghi vào sổ vướng mắc")])
        contract = breach.contract
        today = timezone.localdate()
        breach.obstacle = obstacle_record(
            user=user,
            data=ObstacleInput(
                project=contract.project,
                kind=ObstacleKind.CONTRACTOR,
                description=(
                    f"Nhà thầu {contract.contractor.name} (MST {contract.contractor.tax_code}), "
                    f"hợp đồng {contract.number}: {breach.get_kind_display().lower()} ngày "
                    f"{format_date(breach.occurred_on)}. {breach.description}"
                ),
                responsible_unit=contract.project.investor,
                opened_on=breach.occurred_on,
                due_date=max(today, breach.occurred_on) + dt.timedelta(days=DAYS_TO_CLEAR),
            ),
        )
        breach.save(update_fields=["obstacle"])
    return breach


def dossier_raise_obstacle(*, user: Any, dossier: PaymentDossier) -> PaymentDossier:
    """Register an unpaid dossier as a capital obstacle: for the investor to complete when
    the treasury returned it, for the treasury while it waits there."""
    with transaction.atomic():
        dossier = (
            PaymentDossier.objects.select_for_update()
            .select_related("contract__project__investor")
            .get(pk=dossier.pk)
        )
        problems = []
        today = timezone.localdate()
        standing = dossier_standings_now(dossier_id=dossier.pk)
        if standing[dossier.pk].status == DossierStatus.PAID:
            problems.append(Problem("hồ sơ đã được thanh toán", column="trạng thái"))
        if dossier.obstacle_id is not None:
            problems.append(Problem("hồ sơ này đã được ghi vào sổ vướng mắc"))
        if problems:
            raise InvalidInput(problems)
        project = dossier.contract.project
        waited = (today - dossier.sent_on).days
        text = (
            f"Hồ sơ thanh toán {dossier.number} (hợp đồng {dossier.contract.number}, "
            f"{format_number(dossier.amount)} đồng) gửi Kho bạc ngày "
            f"{format_date(dossier.sent_on)}, sau {waited} ngày chưa được thanh toán."
        )
        if dossier.status == DossierStatus.RETURNED:
            text += (
                f" Kho bạc trả lại ngày {format_date(dossier.returned_on)}: {dossier.return_reason}"
            )
            responsible = project.investor
        else:
            responsible = (
                Unit.objects.filter(kind=UnitKind.TREASURY).order_by("code").first()
                or project.investor
            )
        dossier.obstacle = obstacle_record(
            user=user,
            data=ObstacleInput(
                project=project,
                kind=ObstacleKind.CAPITAL,
                description=text,
                responsible_unit=responsible,
                opened_on=dossier.sent_on,
                due_date=today + dt.timedelta(days=DAYS_TO_CLEAR),
            ),
        )
        dossier.save(update_fields=["obstacle"])
    return dossier
