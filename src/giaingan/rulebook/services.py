"""Writes to the rulebook: a rule's new value from a date, a day off or a make-up day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from giaingan.audit.services import log_action
from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem, shown_value
from giaingan.rulebook.catalogue import HOLIDAYS, LEGAL_BASES, SPECS, RuleValueError
from giaingan.rulebook.models import Holiday, LegalBasis, RuleValue

_SATURDAY = 5


def rule_value_record(
    *,
    key: str,
    effective_from: dt.date,
    value: object,
    legal_basis: str,
    note: str = "",
    user: Any = None,
) -> RuleValue:
    """Record the value `key` takes from `effective_from` on; refuse a bad one, writing nothing."""
    spec = SPECS.get(key)
    if spec is None:
        raise InvalidInput([Problem("Không có quy định này.", value=shown_value(key))])
    problems = []
    stored = ""
    try:
        stored = spec.canonical(value)
    except RuleValueError as error:
        problems.append(Problem(str(error), value=shown_value(value)))
    if not legal_basis.strip():
        problems.append(Problem(f"«{spec.label}»: thiếu căn cứ pháp lý."))
    taken = Problem(
        f"«{spec.label}» đã có giá trị áp dụng từ ngày {format_date(effective_from)}; "
        "sửa giá trị đó thay vì thêm mới."
    )
    with transaction.atomic():
        if RuleValue.objects.filter(key=key, effective_from=effective_from).exists():
            problems.append(taken)
        if problems:
            raise InvalidInput(problems)
        try:
            with transaction.atomic():
                rule = RuleValue.objects.create(
                    key=key,
                    effective_from=effective_from,
                    value=stored,
                    legal_basis=legal_basis.strip(),
                    note=note,
                )
        except IntegrityError:  # recorded by someone else since the check above
            raise InvalidInput([taken]) from None
        log_action(
            "rulebook.rule_value.recorded",
            user=user,
            obj=rule,
            data={"key": key, "effective_from": effective_from.isoformat(), "value": stored},
        )
    return rule


def holiday_record(
    *,
    day: dt.date,
    name: str,
    is_working_day: bool = False,
    legal_basis: str = "",
    user: Any = None,
) -> Holiday:
    """Record a day off, or (is_working_day) a Saturday or Sunday worked as a make-up day."""
    problems = []
    if not name.strip():
        problems.append(Problem(f"Ngày {format_date(day)}: thiếu tên ngày."))
    if is_working_day and day.weekday() < _SATURDAY:
        problems.append(
            Problem(f"Ngày {format_date(day)}: ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")
        )
    with transaction.atomic():
        if Holiday.objects.filter(date=day).exists():
            problems.append(Problem(f"Ngày {format_date(day)} đã có trong lịch nghỉ."))
        if problems:
            raise InvalidInput(problems)
        holiday = Holiday.objects.create(
            date=day, name=name.strip(), is_working_day=is_working_day, legal_basis=legal_basis
        )
        log_action(
            "rulebook.holiday.recorded",
            user=user,
            obj=holiday,
            data={"date": day.isoformat(), "name": holiday.name, "is_working_day": is_working_day},
        )
    return holiday


def rulebook_ensure() -> None:
    """Add any missing seeded value or holiday (after a test flushes the database, say)."""
    for spec in SPECS.values():
        for seed in spec.seeds:
            RuleValue.objects.get_or_create(
                key=spec.key,
                effective_from=seed.effective_from,
                defaults={"value": seed.value, "legal_basis": seed.legal_basis, "note": seed.note},
            )
    for day, name, is_working_day, legal_basis in HOLIDAYS:
        Holiday.objects.get_or_create(
            date=day,
            defaults={"name": name, "is_working_day": is_working_day, "legal_basis": legal_basis},
        )
    for code, citation, effective_from, repealed_on, decision_only, order in LEGAL_BASES:
        LegalBasis.objects.get_or_create(
            code=code,
            defaults={
                "citation": citation,
                "effective_from": effective_from,
                "repealed_on": repealed_on,
                "decision_only": decision_only,
                "order": order,
            },
        )
