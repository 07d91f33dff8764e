"""Files attached to a periodic report (by its unit, while it can still edit it) or to an
obstacle (by whoever may update it), checked like every upload (lib.uploads) first."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from giaingan.audit.services import log_action
from giaingan.lib.problems import InvalidInput, Problem, shown_value
from giaingan.lib.uploads import attachment_problem
from giaingan.lib.users import signed_in
from giaingan.monitoring.models import Attachment, Obstacle, PeriodicReport
from giaingan.monitoring.reports import EDITABLE


def attachment_add(
    *,
    user: Any,
    file: Any,
    report: PeriodicReport | None = None,
    obstacle: Obstacle | None = None,
) -> Attachment:
    """Keep `file` on the report or the obstacle; refuse it, writing nothing, when it is of
    the wrong type, too big, empty or a zip that would expand too far."""
    if (report is None) == (obstacle is None):
        raise ValueError("an attachment belongs to a report or to an obstacle")
    if report is not None:
        if not user.has_perm("monitoring.file_report", report):
            raise PermissionDenied
        if report.status not in EDITABLE:
            raise InvalidInput(
                [
                    Problem(
                        f"Báo cáo đang ở trạng thái «{report.get_status_display()}»: không "
                        "đính kèm thêm tệp được."
                    )
                ]
            )
    elif not user.has_perm("monitoring.change_obstacle", obstacle):
        raise PermissionDenied
    name = PurePath(getattr(file, "name", "") or "").name
    problem = attachment_problem(name, file.size, file)
    if problem:
        raise InvalidInput([Problem(problem + ".", column="tệp", value=shown_value(name))])
    with transaction.atomic():
        attachment = Attachment(
            report=report,
            obstacle=obstacle,
            name=name[:255],
            size=file.size,
            uploaded_by=signed_in(user),
        )
        attachment.file.save(name, file, save=False)
        attachment.save()
        log_action(
            "monitoring.attachment.added",
            user=user,
            obj=report or obstacle,
            data={"name": name, "size": file.size},
        )
    return attachment


def attachment_visible(user: Any, attachment: Attachment) -> bool:
    """Who may download it: who may see its report or its obstacle."""
    if attachment.report_id:
        return user.has_perm("monitoring.view_report", attachment.report)
    return user.has_perm("monitoring.view_obstacle", attachment.obstacle)
