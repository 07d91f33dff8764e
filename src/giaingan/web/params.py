"""The year, date and base a page shows, read from its query string so it can be shared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from giaingan.capital.models import PlanEntry
from giaingan.figures.selectors import Base
from giaingan.lib.dates import DateError, disbursement_deadline, parse_date


@dataclass(frozen=True)
class FigureParams:
    year: int
    as_of: dt.date
    base: Base
    problems: tuple[str, ...] = ()

    def query(self, **extra: object) -> str:
        values = {
            "year": self.year,
            "as_of": self.as_of.strftime("%d/%m/%Y"),
            "base": self.base.value,
        }
        values.update({key: value for key, value in extra.items() if value not in (None, "")})
        return urlencode(values)


def latest_plan_year() -> int:
    latest = PlanEntry.objects.aggregate(year=Max("plan_year"))["year"]
    return latest or timezone.localdate().year


def figure_params(request: HttpRequest) -> FigureParams:
    """?year=2024&as_of=30/09/2024&base=assigned; defaults: the latest plan year, today
    capped at that year's deadline. Bad values fall back to defaults, with a message."""
    problems: list[str] = []
    year_text = request.GET.get("year", "").strip()
    year = latest_plan_year()
    if year_text:
        if year_text.isascii() and year_text.isdigit() and 1990 <= int(year_text) <= 2100:
            year = int(year_text)
        else:
            problems.append(f"Năm «{year_text}» không hợp lệ: hiển thị năm {year}.")
    deadline = disbursement_deadline(year)
    as_of = min(timezone.localdate(), deadline)
    as_of_text = request.GET.get("as_of", "").strip()
    if as_of_text:
        try:
            as_of = parse_date(as_of_text)
        except DateError as error:
            problems.append(f"Ngày «{as_of_text}»: {error}; hiển thị ngày {as_of:%d/%m/%Y}.")
    base_text = request.GET.get("base", Base.ASSIGNED.value)
    try:
        base = Base(base_text)
    except ValueError:
        base = Base.ASSIGNED
        problems.append("Cơ sở tính tỷ lệ không hợp lệ: dùng kế hoạch giao trong năm.")
    return FigureParams(year=year, as_of=as_of, base=base, problems=tuple(problems))
