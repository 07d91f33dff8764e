"""Every legal parameter the application reads: its label, its type, its check, its history.

Values are stored as text (`RuleValue.value`) and typed here. The seeded rows and holidays
are kept equal to migration 0002, which cannot import this module (migrations are frozen);
a test holds them equal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext_lazy as _

from giaingan.lib.money import AmountError, format_number, parse_amount, parse_decimal

Kind = Literal["amount", "count", "day", "decimal", "choice"]
Typed = int | Decimal | str

_DECIMAL = re.compile(r"^-?\d{1,9}([.,]\d{1,9})?$", re.ASCII)
_COUNT = re.compile(r"^-?\d{1,6}$", re.ASCII)


class RuleValueError(ValueError):
    """A value a rule cannot take; the message is Vietnamese and names the rule."""


@dataclass(frozen=True)
class Seed:
    effective_from: dt.date
    value: str
    legal_basis: str
    note: str = ""


@dataclass(frozen=True)
class RuleSpec:
    """One key of the rulebook: `amount` is whole đồng, `count` a whole number of days,
    `day` a day of the month (a deadline such as the 25th)."""

    key: str
    label: str
    kind: Kind
    check: Callable[[Typed], str | None]  # the Vietnamese reason a value is refused, or None
    seeds: tuple[Seed, ...]
    choices: tuple[tuple[str, str], ...] = ()

    def parse(self, value: object) -> Typed:
        """The typed value of `value` (text, int or Decimal), or RuleValueError."""
        text = "" if value is None else str(value).strip()
        if not text:
            raise self._refuse("thiếu giá trị")
        if self.kind == "amount":
            try:
                typed: Typed = parse_amount(text)
            except AmountError as error:
                raise self._refuse(str(error)) from None  # it says what to type
        elif self.kind in ("count", "day"):
            if not _COUNT.match(text):
                raise self._refuse("phải là số nguyên (ví dụ 5)")
            typed = int(text)
        elif self.kind == "decimal":
            if not _DECIMAL.match(text):
                raise self._refuse("không phải số (ví dụ 0,3)")
            typed = parse_decimal(text)
        else:
            if text not in dict(self.choices):
                allowed = ", ".join(f"«{code}» ({label})" for code, label in self.choices)
                raise self._refuse(f"phải là một trong: {allowed}")
            typed = text
        if reason := self.check(typed):
            raise self._refuse(reason)
        return typed

    def canonical(self, value: object) -> str:
        """The text stored for `value`: 2340000, 0.3, all."""
        typed = self.parse(value)
        if isinstance(typed, Decimal):
            return format(typed.normalize(), "f")
        return str(typed)

    def display(self, stored: str) -> str:
        """The stored text as a user reads it: 2.340.000 đồng, 0,3, Tổng số thành viên..."""
        try:
            typed = self.parse(stored)
        except RuleValueError:
            return stored
        if self.kind == "amount":
            return f"{format_number(typed)} đồng"
        if self.kind == "count":
            return f"{typed} ngày làm việc"
        if self.kind == "day":
            return f"ngày {typed}"
        if isinstance(typed, Decimal):
            return format_number(typed, max(0, -typed.normalize().as_tuple().exponent))
        return str(dict(self.choices)[typed])

    def _refuse(self, reason: str) -> RuleValueError:
        return RuleValueError(f"«{self.label}»: {reason}")


def _positive(value: Typed) -> str | None:
    return None if value > 0 else "phải lớn hơn 0"


def _fraction(value: Typed) -> str | None:
    return None if 0 <= value < 1 else "phải từ 0 đến dưới 1 (ví dụ 0,5)"


def _day_of_month(value: Typed) -> str | None:
    return None if 1 <= value <= 31 else "phải là một ngày trong tháng, từ 1 đến 31"


def _any(value: Typed) -> str | None:
    return None


ALL_MEMBERS = "all"
PRESENT_MEMBERS = "present"

_PRIZE_DECREE = "Nghị định 98/2023/NĐ-CP"
_COUNCIL_RULES = "Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng"
_SINCE_DECREE_98 = dt.date(2023, 12, 31)
_LAUNCHING_PLAN = "Kế hoạch phát động phong trào thi đua, mục III (chế độ báo cáo)"
# From the same day as the other rules, so that every rule is in force from one date on.
_REPORTS_SINCE = _SINCE_DECREE_98

RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        key="base_salary",
        label=_("Mức lương cơ sở"),
        kind="amount",
        check=_positive,
        seeds=(
            Seed(dt.date(2019, 7, 1), "1490000", "Nghị định 38/2019/NĐ-CP"),
            Seed(dt.date(2023, 7, 1), "1800000", "Nghị định 24/2023/NĐ-CP"),
            Seed(dt.date(2024, 7, 1), "2340000", "Nghị định 73/2024/NĐ-CP"),
        ),
    ),
    RuleSpec(
        key="prize_coefficient_individual",
        label=_("Hệ số tiền thưởng Giấy khen của Chủ tịch UBND cho cá nhân"),
        kind="decimal",
        check=_positive,
        seeds=(Seed(_SINCE_DECREE_98, "0.3", _PRIZE_DECREE),),
    ),
    RuleSpec(
        key="prize_coefficient_collective",
        label=_("Hệ số tiền thưởng Giấy khen của Chủ tịch UBND cho tập thể"),
        kind="decimal",
        check=_positive,
        seeds=(Seed(_SINCE_DECREE_98, "0.6", _PRIZE_DECREE),),
    ),
    RuleSpec(
        key="prize_rounding",
        label=_("Làm tròn lên tiền thưởng đến bội số của"),
        kind="amount",
        check=_positive,
        seeds=(
            Seed(
                _SINCE_DECREE_98,
                "10000",
                _PRIZE_DECREE,
                "Tiền thưởng làm tròn lên hàng chục nghìn đồng.",
            ),
        ),
    ),
    RuleSpec(
        key="vote_threshold",
        label=_("Tỷ lệ phiếu đồng ý phải vượt quá"),
        kind="decimal",
        check=_fraction,
        seeds=(
            Seed(
                _SINCE_DECREE_98,
                "0.5",
                _COUNCIL_RULES,
                "Được đề nghị khi số phiếu đồng ý lớn hơn tỷ lệ này nhân với cơ sở tính.",
            ),
        ),
    ),
    RuleSpec(
        key="vote_denominator",
        label=_("Cơ sở tính tỷ lệ phiếu"),
        kind="choice",
        check=_any,
        choices=(
            (ALL_MEMBERS, _("Tổng số thành viên Hội đồng")),
            (PRESENT_MEMBERS, _("Thành viên có mặt và thành viên có ý kiến bằng văn bản")),
        ),
        seeds=(Seed(_SINCE_DECREE_98, ALL_MEMBERS, _COUNCIL_RULES),),
    ),
    RuleSpec(
        key="quorum",
        label=_("Tỷ lệ thành viên có mặt để phiên họp hợp lệ phải vượt quá"),
        kind="decimal",
        check=_fraction,
        seeds=(
            Seed(
                _SINCE_DECREE_98,
                "0.5",
                _COUNCIL_RULES,
                "Phiên họp hợp lệ khi số thành viên có mặt lớn hơn tỷ lệ này nhân với tổng số thành viên.",
            ),
        ),
    ),
    RuleSpec(
        key="publicity_working_days",
        label=_("Số ngày làm việc công khai danh sách đề nghị khen thưởng"),
        kind="count",
        check=_positive,
        seeds=(Seed(_SINCE_DECREE_98, "5", _COUNCIL_RULES),),
    ),
    RuleSpec(
        key="appraisal_working_days",
        label=_("Số ngày làm việc thẩm định hồ sơ khen thưởng"),
        kind="count",
        check=_positive,
        seeds=(Seed(_SINCE_DECREE_98, "10", _COUNCIL_RULES),),
    ),
    # Report deadlines: the day of the month a periodic report is due; a day past the
    # month's end (31 in September) means its last day.
    RuleSpec(
        key="report_due_day_monthly",
        label=_("Hạn nộp báo cáo tháng (ngày của tháng báo cáo)"),
        kind="day",
        check=_day_of_month,
        seeds=(Seed(_REPORTS_SINCE, "25", _LAUNCHING_PLAN),),
    ),
    RuleSpec(
        key="report_due_day_quarterly",
        label=_("Hạn nộp báo cáo quý (ngày của tháng cuối quý)"),
        kind="day",
        check=_day_of_month,
        seeds=(Seed(_REPORTS_SINCE, "25", _LAUNCHING_PLAN),),
    ),
    RuleSpec(
        key="report_due_day_annual",
        label=_("Hạn nộp báo cáo năm (ngày của tháng 12)"),
        kind="day",
        check=_day_of_month,
        seeds=(Seed(_REPORTS_SINCE, "15", _LAUNCHING_PLAN),),
    ),
)

SPECS: dict[str, RuleSpec] = {spec.key: spec for spec in RULES}
RULE_CHOICES: list[tuple[str, str]] = [(spec.key, spec.label) for spec in RULES]


def rule_spec(key: str) -> RuleSpec:
    return SPECS[key]


# Days off and make-up working days for civil servants (Labour Code 2019, Art. 112, and the
# yearly announcements). (date, name, is_working_day, legal_basis)
_LABOUR_CODE = "Bộ luật Lao động 2019, Điều 112"
_SWAP_2024 = "Hoán đổi ngày làm việc năm 2024 đối với cán bộ, công chức, viên chức"
_SWAP_2025 = "Hoán đổi ngày làm việc năm 2025 đối với cán bộ, công chức, viên chức"
_SWAP_2026 = "Hoán đổi ngày làm việc năm 2026 đối với cán bộ, công chức, viên chức"
_TET = "Tết Nguyên đán"
_KINGS = "Giỗ Tổ Hùng Vương"
_VICTORY = "Ngày Chiến thắng 30/4"
_LABOUR = "Quốc tế Lao động"
_NATIONAL = "Quốc khánh"
_NEW_YEAR = "Tết Dương lịch"
_D = dt.date

HOLIDAYS: tuple[tuple[dt.date, str, bool, str], ...] = (
    # 2024
    (_D(2024, 1, 1), _NEW_YEAR, False, _LABOUR_CODE),
    (_D(2024, 2, 8), _TET, False, _LABOUR_CODE),
    (_D(2024, 2, 9), _TET, False, _LABOUR_CODE),
    (_D(2024, 2, 12), _TET, False, _LABOUR_CODE),
    (_D(2024, 2, 13), _TET, False, _LABOUR_CODE),
    (_D(2024, 2, 14), _TET, False, _LABOUR_CODE),
    (_D(2024, 4, 18), _KINGS, False, _LABOUR_CODE),
    (_D(2024, 4, 29), "Nghỉ bù (làm bù thứ Bảy 04/05/2024)", False, _SWAP_2024),
    (_D(2024, 4, 30), _VICTORY, False, _LABOUR_CODE),
    (_D(2024, 5, 1), _LABOUR, False, _LABOUR_CODE),
    (_D(2024, 5, 4), "Làm bù (cho ngày nghỉ 29/04/2024)", True, _SWAP_2024),
    (_D(2024, 9, 2), _NATIONAL, False, _LABOUR_CODE),
    (_D(2024, 9, 3), _NATIONAL, False, _LABOUR_CODE),
    # 2025
    (_D(2025, 1, 1), _NEW_YEAR, False, _LABOUR_CODE),
    (_D(2025, 1, 27), _TET, False, _LABOUR_CODE),
    (_D(2025, 1, 28), _TET, False, _LABOUR_CODE),
    (_D(2025, 1, 29), _TET, False, _LABOUR_CODE),
    (_D(2025, 1, 30), _TET, False, _LABOUR_CODE),
    (_D(2025, 1, 31), _TET, False, _LABOUR_CODE),
    (_D(2025, 4, 7), _KINGS, False, _LABOUR_CODE),
    (_D(2025, 4, 26), "Làm bù (cho ngày nghỉ 02/05/2025)", True, _SWAP_2025),
    (_D(2025, 4, 30), _VICTORY, False, _LABOUR_CODE),
    (_D(2025, 5, 1), _LABOUR, False, _LABOUR_CODE),
    (_D(2025, 5, 2), "Nghỉ bù (làm bù thứ Bảy 26/04/2025)", False, _SWAP_2025),
    (_D(2025, 9, 1), _NATIONAL, False, _LABOUR_CODE),
    (_D(2025, 9, 2), _NATIONAL, False, _LABOUR_CODE),
    # 2026
    (_D(2026, 1, 1), _NEW_YEAR, False, _LABOUR_CODE),
    (_D(2026, 1, 2), "Nghỉ bù (làm bù thứ Bảy 10/01/2026)", False, _SWAP_2026),
    (_D(2026, 1, 10), "Làm bù (cho ngày nghỉ 02/01/2026)", True, _SWAP_2026),
    (_D(2026, 2, 16), _TET, False, _LABOUR_CODE),
    (_D(2026, 2, 17), _TET, False, _LABOUR_CODE),
    (_D(2026, 2, 18), _TET, False, _LABOUR_CODE),
    (_D(2026, 2, 19), _TET, False, _LABOUR_CODE),
    (_D(2026, 2, 20), _TET, False, _LABOUR_CODE),
    (_D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (26/04/2026 là Chủ nhật)", False, _LABOUR_CODE),
    (_D(2026, 4, 30), _VICTORY, False, _LABOUR_CODE),
    (_D(2026, 5, 1), _LABOUR, False, _LABOUR_CODE),
    (_D(2026, 9, 1), _NATIONAL, False, _LABOUR_CODE),
    (_D(2026, 9, 2), _NATIONAL, False, _LABOUR_CODE),
)


# The laws and decrees the award papers cite ("Căn cứ ..."), each from the day it takes
# effect. A new law is a new row (admin or a migration), not a change of code.
# (code, citation, effective_from, repealed_on, decision_only, order)
LEGAL_BASES: list[tuple[str, str, dt.date, dt.date | None, bool, int]] = [
    (
        "luat-tccqdp-2015",
        "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        dt.date(2016, 1, 1),
        None,
        True,
        10,
    ),
    (
        "luat-sua-doi-tccp-tccqdp-2019",
        "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
        "quyền địa phương ngày 22 tháng 11 năm 2019",
        dt.date(2020, 7, 1),
        None,
        True,
        20,
    ),
    (
        "luat-tdkt-2022",
        "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        dt.date(2024, 1, 1),
        None,
        False,
        30,
    ),
    (
        "nd-98-2023",
        "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
        "thi hành một số điều của Luật Thi đua, khen thưởng",
        dt.date(2023, 12, 31),
        None,
        False,
        40,
    ),
]
