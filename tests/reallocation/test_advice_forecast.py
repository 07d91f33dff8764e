"""The advisor proposes from the forecast the pages show: one forecast, one rule."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from giaingan.figures.advisor import district_advice, what_if
from giaingan.figures.forecast import district_forecast, forecast_hooks

AS_OF = dt.date(2024, 10, 15)


def test_the_advice_is_made_from_the_forecast_the_pages_show(slow_and_fast):
    for scope in (None, Q(code__in=["SLOW", "FAST"])):
        advice = district_advice(year=2024, as_of=AS_OF, scope=scope)
        assert advice.forecast == district_forecast(year=2024, as_of=AS_OF, scope=scope)
        assert advice.moves, "SLOW leaves capital unused and FAST could use more"
        # The what-if is the one the district's contracts give (a scope reads its own).
        hooks = forecast_hooks(year=2024, as_of=AS_OF)
        assert advice.outcome == what_if(
            forecast=advice.forecast,
            moves=advice.moves,
            accepted_unpaid=hooks.accepted_unpaid,
            scheduled=hooks.scheduled,
        )
    whole = district_advice(year=2024, as_of=AS_OF)
    assert [row.project_id for row in whole.forecast.projects] != [
        row.project_id
        for row in district_advice(year=2024, as_of=AS_OF, scope=Q(code="SLOW")).forecast.projects
    ]
