"""Writes to the ledger and the project catalogue. Every write goes through here."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from giaingan.audit.services import log_action
from giaingan.capital.ledger import LineInput, PlanBook, PlanInput, TreasuryBook
from giaingan.capital.models import PlanEntry, TreasuryLine
from giaingan.lib.problems import InvalidInput


def plan_decision_record(*, lines: list[PlanInput], user: Any = None) -> list[PlanEntry]:
    """Record the lines of one capital-plan decision (all or nothing)."""
    if not lines:
        raise InvalidInput([])
    with transaction.atomic():
        book = PlanBook(user=user)
        numbered = list(enumerate(lines, start=1))
        problems = book.add(numbered) + book.finish()
        if problems:
            transaction.set_rollback(True)
            raise InvalidInput(problems)
        entries = list(
            PlanEntry.objects.filter(
                issuer_id=lines[0].issuer_id or book.issuer_default(),
                decision_number=lines[0].decision_number,
            ).order_by("id")
        )
        log_action(
            "capital.plan_decision.recorded",
            user=user,
            data={
                "decision_number": lines[0].decision_number,
                "issuer_id": entries[0].issuer_id if entries else None,
                "decision_date": lines[0].decision_date.isoformat(),
                "lines": len(lines),
                "created": book.created,
                "amount": sum(line.amount for line in lines),
            },
        )
    return entries


def treasury_line_record(*, line: LineInput, user: Any = None) -> TreasuryLine:
    """Record one treasury document, or a correction of one (a negative line)."""
    with transaction.atomic():
        book = TreasuryBook(user=user)
        problems = book.add([(None, line)])
        if problems:
            transaction.set_rollback(True)
            raise InvalidInput(problems)
        recorded = TreasuryLine.objects.select_related("treasury").get(
            treasury_id=line.treasury_id or book.treasury_default(),
            document_number=line.document_number,
        )
        log_action(
            "capital.treasury_line.corrected"
            if line.reverses_number
            else "capital.treasury_line.recorded",
            user=user,
            obj=recorded,
            data={
                "treasury": recorded.treasury.code,
                "document_number": line.document_number,
                "value_date": line.value_date.isoformat(),
                "amount": line.amount,
                "recovered_advance": line.recovered_advance,
                "reverses": line.reverses_number,
            },
        )
    return recorded
