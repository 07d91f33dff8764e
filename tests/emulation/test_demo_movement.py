"""The seed's movement DTC-2024 in the demo district, evaluated at its end."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.demo.district import load_demo
from giaingan.emulation.evaluation import movement_evaluate
from giaingan.emulation.models import Category, Movement, ResponsibleProject

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
        if evaluation.proposal == "award" and evaluation.plan > 0:
            assert evaluation.completion_date < dt.date(2025, 1, 31)
        if evaluation.proposal == "award" and evaluation.plan <= 0:  # on evidence alone
            assert evaluation.category in (Category.OFFICE, Category.ORGANISATION)
        if evaluation.proposal == "review":
            assert evaluation.rate_percent < 100
    load_demo()  # idempotent: no second registration
    assert movement.registrations.count() == len(evaluations)
    assert ResponsibleProject.objects.count() == 5


def test_the_demo_judges_offices_organisations_and_people_on_what_they_answer_for():
    load_demo()
    movement = Movement.objects.get(code="DTC-2024")
    judged = {e.name.split(",")[0]: e for e in movement_evaluate(movement, dt.date(2025, 1, 31))}
    finance = judged["Phòng Tài chính - Kế hoạch huyện Văn Quan"]
    assert (finance.category, finance.plan, finance.rank) == (Category.OFFICE, 0, None)
    assert finance.proposal == "award"  # its appraisal times and initiative, plan III.1
    front = judged["Ủy ban Mặt trận Tổ quốc Việt Nam huyện Văn Quan"]
    assert (front.plan, front.proposal) == (0, "none")  # one criterion short; never reviewed
    nga = judged["Hoàng Thị Nga"]
    assert nga.judged_on == "3 dự án cá nhân phụ trách: VQ24-001, VQ24-003, VQ24-009"
    assert nga.proposal == "award" and nga.completion_date == dt.date(2025, 1, 23)
    board = judged["Ban Quản lý dự án đầu tư xây dựng huyện Văn Quan"]
    assert board.proposal == "review" and board.plan > nga.plan  # her unit lags; she did not
    cuong = judged["Lục Văn Cường"]
    assert cuong.proposal == "review" and cuong.rate_percent < 100
    son = judged["Lộc Văn Sơn"]
    assert "chưa có danh sách dự án cá nhân phụ trách" in son.judged_on
    commune = judged["UBND xã Tân Đoàn"]
    assert (son.plan, son.disbursed) == (commune.plan, commune.disbursed)
    late = judged["UBND xã Hòa Bình"]
    initiative = next(c for c in late.criteria if c.key == "sang_kien")
    assert initiative.met is False
    assert "Bổ sung sau ngày 31/01/2025, không tính" in initiative.evidence
