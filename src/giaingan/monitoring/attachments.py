"""Files attached to a periodic report or an ad hoc report's answer (by its unit, while it
can still edit it) or to an obstacle (by whoever may update it), checked like every upload
(lib.uploads) first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.lib.problems import InvalidInput, Problem, shown_value
from giaingan.lib.uploads import attachment_problem
from giaingan.lib.users import signed_in
from giaingan.monitoring.models import Attachment, Obstacle, PeriodicReport, RequestAnswer
from giaingan.monitoring.reports import EDITABLE


def attachment_name(file: Any) -> str:
    """The name a user gave the file, without any folder a browser sent with it."""
    return PurePath(getattr(file, "name", "") or "").name


def attachment_problems(files: Iterable[Any]) -> list[Problem]:
    """Why any of `files` cannot be kept: of the wrong type, too big, empty or a zip that
    would expand too far; each problem names its file."""
    problems = []
    for file in files:
        name = attachment_name(file)
        problem = attachment_problem(name, file.size, file)
        if problem:
            problems.append(Problem(problem + ".", column="tệp", value=shown_value(name)))
    return problems


def attachment_store(
    *,
    user: Any,
    file: Any,
    report: PeriodicReport | None = None,
    obstacle: Obstacle | None = None,
    answer: RequestAnswer | None = None,
    at: dt.datetime | None = None,
) -> Attachment:
    """Keep a file already checked (attachment_problems) on what it belongs to, logged; the
    caller has checked the user may and holds the transaction. `at`: when it was sent (a
    replayed step's time), by default now."""
    if sum(owner is not None for owner in (report, obstacle, answer)) != 1:
        raise ValueError("an attachment belongs to a report, an obstacle or an answer")
    name = attachment_name(file)
    attachment = Attachment(
        report=report,
        obstacle=obstacle,
        answer=answer,
        name=name[:255],
        size=file.size,
        uploaded_by=signed_in(user),
        uploaded_at=at or timezone.now(),
    )
    attachment.file.save(name, file, save=False)
    attachment.save()
    log_action(
        "monitoring.attachment.added",
        user=user,
        obj=report or obstacle or answer,
        data={"name": name, "size": file.size},
        at=at,
    )
    return attachment


def attachment_add(
    *,
    user: Any,
    file: Any,
    report: PeriodicReport | None = None,
    obstacle: Obstacle | None = None,
) -> Attachment:
    """Keep `file` on the report or the obstacle; refuse it, writing nothing, when it is of
    the wrong type, too big, empty or a zip that would expand too far. (An ad hoc answer's
    files come with the answer: adhoc.request_answer_submit.)"""
    if (report is None) == (obstacle is None):
        raise ValueError("an attachment belongs to a report or to an obstacle")
    if report is not None:
        if not user.has_perm("monitoring.file_report", report):
            raise PermissionDenied
        attachable_check(report)
    elif not user.has_perm("monitoring.change_obstacle", obstacle):
        raise PermissionDenied
    problems = attachment_problems([file])
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        return attachment_store(user=user, file=file, report=report, obstacle=obstacle)


def attachable_check(report: PeriodicReport | RequestAnswer) -> None:
    """A report (periodic, or an ad hoc answer) takes files only while its unit may edit it:
    a draft, or returned to it."""
    if report.status not in EDITABLE:
        raise InvalidInput(
            [
                Problem(
                    f"Báo cáo đang ở trạng thái «{report.get_status_display()}»: không "
                    "đính kèm thêm tệp được."
                )
            ]
        )


def attachment_visible(user: Any, attachment: Attachment) -> bool:
    """Who may download it: who may see its report, its answer or its obstacle (the unit
    that sent it and the district's officials, Finance-Planning and the chair among them)."""
    if attachment.report_id:
        return user.has_perm("monitoring.view_report", attachment.report)
    if attachment.answer_id:
        return user.has_perm("monitoring.view_report", attachment.answer)
    return user.has_perm("monitoring.view_obstacle", attachment.obstacle)
