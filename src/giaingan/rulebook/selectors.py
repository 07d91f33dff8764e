"""Reads of the rulebook: the rules in force on a date, the prize money, working days.

The only API the rest of the application uses; nothing else reads RuleValue or Holiday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from giaingan.lib.dates import format_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.workdays import Calendar
from giaingan.rulebook.catalogue import SPECS, RuleValueError
from giaingan.rulebook.models import Holiday, LegalBasis, RuleValue

__all__ = [
    "Calendar",
    "Prize",
    "Rules",
    "add_working_days",
    "calendar_gap_warning",
    "calendar_gaps",
    "legal_bases_on",
    "prize_for",
    "report_due_day",
    "rules_on",
    "working_calendar",
    "working_days_between",
]


@dataclass(frozen=True)
class Rules:
    """Every legal parameter in force on `on`, typed (see rulebook.catalogue).

    A nominee passes with agree votes strictly more than vote_threshold x the denominator
    (`all` members, or those `present` plus written opinions); a session is valid with
    strictly more than quorum x all members present.
    """

    on: dt.date
    base_salary: int
    prize_coefficient_individual: Decimal
    prize_coefficient_collective: Decimal
    prize_rounding: int
    vote_threshold: Decimal
    vote_denominator: str
    quorum: Decimal
    publicity_working_days: int
    appraisal_working_days: int
    report_due_day_monthly: int
    report_due_day_quarterly: int
    report_due_day_annual: int


RULE_KEYS: tuple[str, ...] = tuple(field.name for field in fields(Rules) if field.name != "on")


@dataclass(frozen=True)
class Prize:
    """Prize money for one Giấy khen: coefficient x base salary, rounded up."""

    amount: int
    coefficient: Decimal
    base_salary: int
    rounding: int


def rules_on(day: dt.date) -> Rules:
    """The rules in force on `day`: for each key, the row with the latest date not after it."""
    return Rules(on=day, **_in_force(day, RULE_KEYS))


def legal_bases_on(day: dt.date, *, decision: bool) -> list[str]:
    """The citations in force on `day` for a paper: a decision cites them all; other papers
    leave out the signer's authority (`decision_only`)."""
    bases = LegalBasis.objects.filter(effective_from__lte=day).exclude(repealed_on__lte=day)
    if not decision:
        bases = bases.filter(decision_only=False)
    return [basis.citation for basis in bases.order_by("order", "effective_from")]


def prize_for(*, collective: bool, on: dt.date) -> Prize:
    """The prize money for a Giấy khen decided on `on` (whole đồng, computed without floats)."""
    coefficient_key = (
        "prize_coefficient_collective" if collective else "prize_coefficient_individual"
    )
    values = _in_force(on, ("base_salary", coefficient_key, "prize_rounding"))
    coefficient: Decimal = values[coefficient_key]
    base_salary: int = values["base_salary"]
    rounding: int = values["prize_rounding"]
    # Exact: a Decimal is a ratio of integers, so round up by integer ceiling division.
    numerator, denominator = coefficient.as_integer_ratio()
    units = -(-(numerator * base_salary) // (denominator * rounding))
    return Prize(
        amount=units * rounding,
        coefficient=coefficient,
        base_salary=base_salary,
        rounding=rounding,
    )


def report_due_day(*, cadence: str, on: dt.date) -> int:
    """The day of the month a `monthly`, `quarterly` or `annual` report is due, by the rule in
    force on `on` (the first day of the month the deadline falls in)."""
    key = f"report_due_day_{cadence}"
    return _in_force(on, (key,))[key]


def _in_force(day: dt.date, keys: tuple[str, ...]) -> dict:
    """{key: typed value} of the rows in force on `day`, in one query; InvalidInput if any
    key has none."""
    latest = (
        RuleValue.objects.filter(key=OuterRef("key"), effective_from__lte=day)
        .order_by("-effective_from")
        .values("effective_from")[:1]
    )
    rows = RuleValue.objects.filter(key__in=keys, effective_from=Subquery(latest)).values_list(
        "key", "value"
    )
    texts = dict(rows)
    values = {}
    problems = []
    for key in keys:
        if key in texts:
            try:
                values[key] = SPECS[key].parse(texts[key])
            except RuleValueError as error:  # only a row written around the checks gets here
                problems.append(Problem(f"{error} (áp dụng ngày {format_date(day)})."))
        else:
            problems.append(
                Problem(f"Chưa có quy định «{SPECS[key].label}» áp dụng ngày {format_date(day)}.")
            )
    if problems:
        raise InvalidInput(problems)
    return values


def working_calendar(start: dt.date, end: dt.date) -> Calendar:
    """Days off and make-up days from `start` to `end`, loaded once for many computations."""
    return _calendar(start, end)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day `days` working days after `start`, not counting `start`.

    Posted on Friday 07/02/2025, five working days later is Friday 14/02/2025.
    """
    return _calendar(start, None).add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    return working_calendar(min(start, end), max(start, end)).working_days_between(start, end)


def calendar_gaps(start: dt.date, end: dt.date) -> list[int]:
    """The years from `start` to `end` whose days off are not in the calendar yet (every
    year has New Year's Day off): working days there are counted as if there were none."""
    covered = set(
        Holiday.objects.filter(
            date__gte=dt.date(start.year, 1, 1),
            date__lte=dt.date(end.year, 12, 31),
            is_working_day=False,
        ).values_list("date__year", flat=True)
    )
    return [year for year in range(start.year, end.year + 1) if year not in covered]


def calendar_gap_warning(start: dt.date, end: dt.date) -> str:
    """A sentence saying which years from `start` to `end` lack their days off, or ""."""
    years = calendar_gaps(start, end)
    if not years:
        return ""
    return (
        f"Lịch ngày nghỉ lễ, Tết năm {', '.join(map(str, years))} chưa có trong sổ quy định: "
        "ngày làm việc trong năm đó (thời gian niêm yết, hạn thẩm định) đang được tính như "
        "không có ngày nghỉ lễ. Quản trị viên nhập lịch ở trang quản trị, mục «Ngày nghỉ, "
        "ngày làm bù»."
    )


def _calendar(start: dt.date, end: dt.date | None) -> Calendar:
    days = Holiday.objects.filter(date__gte=start)
    if end is not None:
        days = days.filter(date__lte=end)
    holidays, makeup_days = set(), set()
    for day, is_working_day in days.values_list("date", "is_working_day"):
        (makeup_days if is_working_day else holidays).add(day)
    return Calendar(
        first=start, last=end, holidays=frozenset(holidays), makeup_days=frozenset(makeup_days)
    )
