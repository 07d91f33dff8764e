"""The automatic criterion of the targets names the plan of the area's own level ("của kế
hoạch tỉnh" under a province) wherever it is newly given; a checklist saved before keeps
the words it was saved with."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from giaingan.emulation.evaluation import automatic_criteria, movement_evaluate
from giaingan.emulation.models import Category, CriterionKind
from giaingan.emulation.models import Criterion as CriterionRow
from tests.conftest import as_province
from tests.emulation.test_movement_pages import movement_post

pytestmark = pytest.mark.django_db

DISTRICT_PLAN = "Đạt các mốc mục tiêu giải ngân theo thời gian của kế hoạch huyện"
PROVINCE_PLAN = "Đạt các mốc mục tiêu giải ngân theo thời gian của kế hoạch tỉnh"
AS_OF = dt.date(2025, 1, 31)


@pytest.fixture(params=["district", "province"])
def area(request, district) -> str:
    """The label the area's own level gives the targets criterion."""
    if request.param == "province":
        as_province(district)
        return PROVINCE_PLAN
    return DISTRICT_PLAN


def targets_label(evaluation) -> str:
    return next(c.label for c in evaluation.criteria if c.key == "targets_met")


def test_the_labels_follow_the_level_given():
    assert automatic_criteria("huyện")["targets_met"] == DISTRICT_PLAN
    assert automatic_criteria("tỉnh")["targets_met"] == PROVINCE_PLAN
    assert automatic_criteria("tỉnh")["disbursed_full_plan"] == (
        "Giải ngân đạt 100% kế hoạch vốn được giao, kể cả vốn giao bổ sung"
    )
    assert list(automatic_criteria("xã")) == [
        "disbursed_full_plan",
        "finished_before_deadline",
        "targets_met",
    ]


def test_a_movement_without_a_checklist_is_judged_in_the_areas_words(movement, ledger, area):
    evaluations = movement_evaluate(movement, AS_OF)
    assert evaluations and {targets_label(e) for e in evaluations} == {area}
    assert automatic_criteria()["targets_met"] == area


def test_its_page_and_downloads_name_the_areas_plan(client_for, movement, ledger, area):
    client = client_for("tckh")
    page = client.get(reverse("emulation:movement", args=[movement.code]), {"as_of": "31/01/2025"})
    assert page.status_code == 200
    assert area in page.text
    assert ("kế hoạch huyện" in page.text) == (area == DISTRICT_PLAN)
    download = client.get(
        reverse("emulation:movement_export", args=[movement.code, "csv"]), {"as_of": "31/01/2025"}
    )
    headers = next(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert area in headers


def test_a_new_movements_form_offers_the_areas_words(client_for, district, area):
    form = client_for("noivu").get(reverse("emulation:movement_new"))
    labels = [line.initial.get("label") for line in form.context["criteria"].forms]
    assert labels.count(area) == 2  # investors' and communes' lines
    assert form.context["automatic"]["targets_met"] == area
    assert ("kế hoạch huyện" in form.text) == (area == DISTRICT_PLAN)


def test_a_line_left_without_its_text_takes_the_areas_words(client_for, district, area):
    rows = [("chu_dau_tu", "", "tu_dong", "targets_met", True)]
    response = client_for("noivu").post(reverse("emulation:movement_new"), movement_post(rows=rows))
    assert response.status_code == 302
    assert CriterionRow.objects.get(movement__code="DTC-2025").label == area


def test_a_checklist_saved_under_the_district_keeps_its_words(movement, ledger, district):
    """Its text is the movement's own, as decided: renaming the tree changes nothing."""
    CriterionRow.objects.create(
        movement=movement,
        category=Category.INVESTOR,
        key="targets_met",
        label=automatic_criteria("huyện")["targets_met"],
        kind=CriterionKind.AUTOMATIC,
    )
    as_province(district)
    evaluations = {e.category: e for e in movement_evaluate(movement, AS_OF)}
    assert targets_label(evaluations[Category.INVESTOR]) == DISTRICT_PLAN
    # The communes have no checklist of their own: theirs is newly given, in today's words.
    assert targets_label(evaluations[Category.COMMUNE]) == PROVINCE_PLAN
