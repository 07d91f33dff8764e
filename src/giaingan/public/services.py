"""Publishing figures for the public, and withdrawing them. Every write goes through here."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.figures.selectors import Base, Figures, Grouping
from giaingan.lib.dates import disbursement_deadline, format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.opendata.services import open_data_prepare
from giaingan.public.models import PublishedSnapshot

# Which table each snapshot field freezes.
SNAPSHOT_TABLES = {
    "by_investor": Grouping.INVESTOR,
    "by_commune": Grouping.COMMUNE,
    "by_source": Grouping.SOURCE,
}
AS_OF_COLUMN = "Ngày số liệu"


def snapshot_figures(*, year: int, as_of: dt.date, base: Base | str) -> dict[str, dict]:
    """The tables a snapshot for (year, as_of, base) would freeze, as they stand now: all
    from one `Figures`, so from one reading of the ledger, and their totals agree."""
    figures = Figures(year=year, as_of=as_of, base=base)
    return {field: figures.table(by).as_dict() for field, by in SNAPSHOT_TABLES.items()}


def figures_digest(figures: dict[str, dict]) -> str:
    """A short fingerprint of the figures, so a confirmation can say which ones it saw."""
    text = json.dumps(figures, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def publish_problems(*, year: int, as_of: dt.date) -> list[Problem]:
    """Why figures for `year` as of `as_of` may not be published (empty: they may)."""
    problems = []
    today = timezone.localdate()
    if as_of > today:
        problems.append(
            Problem(
                reason=f"không thể công bố số liệu đến một ngày trong tương lai "
                f"(hôm nay là {format_date(today)})",
                column=AS_OF_COLUMN,
                value=format_date(as_of),
            )
        )
    deadline = disbursement_deadline(year)
    if as_of > deadline:
        problems.append(
            Problem(
                reason=f"kế hoạch vốn năm {year} chỉ được giải ngân đến hết ngày "
                f"{format_date(deadline)}; hãy chọn ngày số liệu không muộn hơn ngày đó",
                column=AS_OF_COLUMN,
                value=format_date(as_of),
            )
        )
    return problems


def snapshot_title(year: int, as_of: dt.date) -> str:
    return f"Số liệu giải ngân kế hoạch vốn năm {year} đến ngày {format_date(as_of)}"


def snapshot_publish(
    *,
    year: int,
    as_of: dt.date,
    base: Base | str,
    user: Any,
    note: str = "",
    expected_digest: str | None = None,
) -> PublishedSnapshot:
    """Freeze the district's figures for (year, as_of, base) and show them to the public.

    `expected_digest` is the `figures_digest` of the preview the user confirmed: if the
    ledger changed since, nothing is published and the user is asked to look again.
    """
    base = Base(base)
    problems = publish_problems(year=year, as_of=as_of)
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        figures = snapshot_figures(year=year, as_of=as_of, base=base)
        if not figures["by_investor"]["rows"]:
            raise InvalidInput(
                [
                    Problem(
                        reason=f"chưa có kế hoạch vốn hay giải ngân nào của năm {year} "
                        f"tính đến ngày này, không có gì để công bố",
                        column=AS_OF_COLUMN,
                        value=format_date(as_of),
                    )
                ]
            )
        if expected_digest is not None and figures_digest(figures) != expected_digest:
            raise InvalidInput(
                [
                    Problem(
                        reason="số liệu đã thay đổi kể từ lúc xem trước (có quyết định giao "
                        "vốn hoặc chứng từ mới); hãy xem lại bản xem trước rồi công bố"
                    )
                ]
            )
        snapshot = PublishedSnapshot.objects.create(
            plan_year=year,
            as_of=as_of,
            base=base.value,
            title=snapshot_title(year, as_of),
            note=note.strip(),
            published_at=timezone.now(),
            published_by=user,
            **figures,
        )
        # The open-data files' source, read in the same transaction as the figures; the
        # background worker writes the files from it.
        snapshot = open_data_prepare(snapshot=snapshot)
        total = snapshot.total
        log_action(
            "public.snapshot.published",
            user=user,
            obj=snapshot,
            data={
                "plan_year": year,
                "as_of": as_of.isoformat(),
                "base": base.value,
                "plan": total["plan"],
                "disbursed": total["disbursed"],
                "rate_percent": total["rate_percent"],
            },
        )
    return snapshot


def snapshot_withdraw(*, snapshot: PublishedSnapshot, user: Any, reason: str) -> PublishedSnapshot:
    """Hide a published snapshot from the public, keeping it and saying why."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput([Problem(reason="cần nêu lý do thu hồi số liệu đã công bố")])
    with transaction.atomic():
        # Lock the row: two officers withdrawing at once must not both succeed.
        locked = PublishedSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        if locked.withdrawn:
            raise InvalidInput(
                [Problem(reason=f"bản số liệu «{locked.title}» đã được thu hồi trước đó")]
            )
        locked.withdrawn = True
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = user
        locked.withdrawn_reason = reason
        locked.save(update_fields=["withdrawn", "withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        log_action(
            "public.snapshot.withdrawn",
            user=user,
            obj=locked,
            data={
                "plan_year": locked.plan_year,
                "as_of": locked.as_of.isoformat(),
                "base": locked.base,
                "reason": reason,
            },
        )
    return locked
