"""The demo's capital needs and its October 2024 reallocation proposal: two investors ask
for more in early October, and Finance-Planning drafts on 16/10/2024, from the advisor as
of 15/10/2024, the Tờ trình the chairman can approve (left as a draft, so the demo's ledger
stays the story's)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from giaingan.capital.models import FundingSource, Project
from giaingan.reallocation.models import CapitalNeed, ReallocationProposal
from giaingan.reallocation.services import NeedInput, need_register, proposal_draft

PROPOSAL_NUMBER = "215/TTr-TCKH"
NEEDS = [
    # (login, project, source, amount, reason, can finish first, registered on)
    (
        "bqlda",
        "VQ24-003",
        "NSDP-HUYEN",
        800_000_000,
        "Đã nghiệm thu khối lượng giai đoạn 2, cần thêm vốn để thanh toán cho nhà thầu; "
        "công trình có khả năng hoàn thành trước 31/12/2024.",
        True,
        dt.date(2024, 10, 1),
    ),
    (
        "xa.tandoan",
        "VQ24-061",
        "NSDP-XA",
        100_000_000,
        "Khối lượng phát sinh được duyệt bổ sung, nhà thầu đã thi công.",
        False,
        dt.date(2024, 10, 8),
    ),
]


def reallocation_ensure() -> None:
    """Register the needs and draft the proposal once (idempotent)."""
    User = get_user_model()
    for login, code, source, amount, reason, first, day in NEEDS:
        project = Project.objects.get(code=code)
        if CapitalNeed.objects.filter(project=project, registered_on=day).exists():
            continue
        need_register(
            user=User.objects.get(username=login),
            data=NeedInput(
                project=project,
                source=FundingSource.objects.get(code=source),
                plan_year=2024,
                amount=amount,
                reason=reason,
                can_finish_first=first,
                registered_on=day,
            ),
        )
    if not ReallocationProposal.objects.filter(number=PROPOSAL_NUMBER).exists():
        proposal_draft(
            user=User.objects.get(username="tckh"),
            year=2024,
            as_of=dt.date(2024, 10, 15),
            number=PROPOSAL_NUMBER,
            proposed_on=dt.date(2024, 10, 16),
        )
