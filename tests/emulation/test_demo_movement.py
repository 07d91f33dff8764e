"""The seed's movement DTC-2024 in the demo district, evaluated at its end."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.demo.district import load_demo
from giaingan.emulation.evaluation import movement_evaluate
from giaingan.emulation.models import Movement

pytestmark = pytest.mark.django_db


def test_the_demo_movement_has_awards_reviews_and_a_last_day_finisher():
    load_demo()
    movement = Movement.objects.get(code="DTC-2024")
    assert "Phát động Phong trào thi đua" in movement.plan_text
    evaluations = movement_evaluate(movement, dt.date(2025, 1, 31))
    proposals = {evaluation.proposal for evaluation in evaluations}
    assert proposals == {"award", "review", "none"} or {"award", "review"} <= proposals
    last_day = [e for e in evaluations if e.completion_date == dt.date(2025, 1, 31)]
    assert last_day and all(e.proposal != "award" for e in last_day)
    for evaluation in evaluations:
        if evaluation.proposal == "award":
            assert evaluation.completion_date < dt.date(2025, 1, 31)
        if evaluation.proposal == "review":
            assert evaluation.rate_percent < 100
    load_demo()  # idempotent: no second registration
    assert movement.registrations.count() == len(evaluations)
