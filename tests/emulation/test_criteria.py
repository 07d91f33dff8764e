"""Each category judged on its own checklist: automatic criteria from the figures, manual ones
from the evidence Finance-Planning accepts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from giaingan.emulation.evaluation import movement_evaluate
from giaingan.emulation.models import (
    Category,
    CriterionKind,
    Evidence,
    Movement,
    RestrictionKind,
    UnitRestriction,
)
from giaingan.emulation.models import Criterion as CriterionRow
from giaingan.emulation.services import evidence_add, evidence_assess, movement_register
from giaingan.lib.problems import InvalidInput
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project, pay, plan
from tests.emulation.conftest import evidence_dated

pytestmark = pytest.mark.django_db

D = dt.date
DEADLINE = D(2025, 1, 31)
SENT, ASSESSED = D(2025, 1, 10), D(2025, 1, 20)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def drive(district):
    """A movement whose investors must also show an initiative; contractors show evidence
    only; communes have no checklist of their own."""
    movement = Movement.objects.create(
        code="DTC-2024",
        name="Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        plan_year=2024,
        starts_on=D(2024, 4, 15),
        ends_on=DEADLINE,
    )
    rows = [
        (Category.INVESTOR, "disbursed_full_plan", CriterionKind.AUTOMATIC, True),
        (Category.INVESTOR, "finished_before_deadline", CriterionKind.AUTOMATIC, True),
        (Category.INVESTOR, "sang_kien", CriterionKind.MANUAL, True),
        (Category.INVESTOR, "bao_cao", CriterionKind.MANUAL, False),
        (Category.CONTRACTOR, "nghia_vu_thue", CriterionKind.MANUAL, True),
    ]
    for order, (category, key, kind, required) in enumerate(rows):
        CriterionRow.objects.create(
            movement=movement,
            category=category,
            key=key,
            label=f"Tiêu chí {key}",
            kind=kind,
            required=required,
            order=order,
        )
    contractor = Unit.objects.create(
        code="NT-TP", name="Công ty TNHH Xây dựng Tuấn Phong", kind=UnitKind.CONTRACTOR
    )
    for unit, category in [
        (district["board"], Category.INVESTOR),
        (district["tandoan"], Category.COMMUNE),
        (contractor, Category.CONTRACTOR),
    ]:
        movement_register(
            movement=movement, unit=unit, category=category, registered_on=D(2024, 4, 20)
        )
    road = make_project("DA1", district["board"], district["tandoan"])
    hall = make_project("DA2", district["tandoan"], district["tandoan"])
    plan(road, 1_000)
    plan(hall, 1_000)
    pay(road, 1_000, on=D(2024, 11, 20))
    pay(hall, 1_000, on=D(2024, 12, 1))
    return movement


def judged(movement, as_of=DEADLINE):
    return {evaluation.code: evaluation for evaluation in movement_evaluate(movement, as_of)}


def met(evaluation):
    return {criterion.key: criterion.met for criterion in evaluation.criteria}


def evidence(movement, code, key, **extra):
    """Evidence sent on 10/01/2025, before the deadline."""
    registration = movement.registrations.get(unit__code=code)
    item = evidence_add(
        registration=registration,
        criterion=movement.criteria.get(category=registration.category, key=key),
        note=extra.pop("note", "Báo cáo sáng kiến"),
        **extra,
    )
    return evidence_dated(item, sent=SENT)


def assess(item, **decision):
    """Assessed on 20/01/2025, before the deadline."""
    return evidence_dated(evidence_assess(evidence=item, **decision), sent=SENT, assessed=ASSESSED)


def test_a_manual_criterion_without_evidence_is_not_met(drive):
    board = judged(drive)["BQLDA"]
    assert [criterion.key for criterion in board.criteria] == [
        "disbursed_full_plan",
        "finished_before_deadline",
        "sang_kien",
        "bao_cao",
        "eligible",
    ]
    assert met(board)["sang_kien"] is False
    assert next(c for c in board.criteria if c.key == "sang_kien").evidence == "Chưa có minh chứng"
    assert board.proposal == "none"


def test_evidence_waiting_for_assessment_is_neither_met_nor_refused(drive):
    evidence(drive, "BQLDA", "sang_kien")
    board = judged(drive)["BQLDA"]
    waiting = next(c for c in board.criteria if c.key == "sang_kien")
    assert waiting.met is None
    assert waiting.evidence == "Chưa thẩm định: Báo cáo sáng kiến"
    assert waiting.status == "cho_tham_dinh"
    assert board.proposal == "none"


def test_accepted_evidence_meets_the_criterion_and_the_award_follows(drive, people):
    item = evidence(drive, "BQLDA", "sang_kien")
    assess(item, accepted=True, note="Đúng thực tế", user=people["tckh"])
    board = judged(drive)["BQLDA"]
    accepted = next(c for c in board.criteria if c.key == "sang_kien")
    assert accepted.met is True
    assert accepted.evidence == (
        "Đã công nhận: Báo cáo sáng kiến, thẩm định ngày 20/01/2025 - ý kiến thẩm định: Đúng thực tế"
    )
    # `bao_cao` is not required: still missing, it does not block the award.
    assert met(board)["bao_cao"] is False
    assert board.proposal == "award"


def test_refused_evidence_is_not_met_and_says_why(drive, people):
    item = evidence(drive, "BQLDA", "sang_kien", note="Sáng kiến chưa áp dụng")
    assess(item, accepted=False, note="Chưa có kết quả áp dụng", user=people["tckh"])
    criterion = next(c for c in judged(drive)["BQLDA"].criteria if c.key == "sang_kien")
    assert criterion.met is False
    assert "Không được công nhận: Sáng kiến chưa áp dụng" in criterion.evidence
    assert "Chưa có kết quả áp dụng" in criterion.evidence
    # A second piece, accepted, is what counts.
    second = evidence(drive, "BQLDA", "sang_kien", note="Đã áp dụng từ tháng 6")
    assert met(judged(drive)["BQLDA"])["sang_kien"] is None
    assess(second, accepted=True, user=people["tckh"])
    assert judged(drive)["BQLDA"].proposal == "award"


def test_the_evidence_names_its_file(drive):
    evidence(
        drive,
        "BQLDA",
        "sang_kien",
        file=SimpleUploadedFile("bao_cao_sang_kien.pdf", b"%PDF-1.4 ..."),
    )
    criterion = next(c for c in judged(drive)["BQLDA"].criteria if c.key == "sang_kien")
    assert "(tệp bao_cao_sang_kien.pdf)" in criterion.evidence


def test_a_required_manual_criterion_stays_required_even_when_the_figures_are_perfect(drive):
    board = judged(drive)["BQLDA"]
    assert met(board)["disbursed_full_plan"] and met(board)["finished_before_deadline"]
    assert board.proposal == "none"


def test_a_category_without_a_checklist_falls_back_to_the_automatic_criteria(drive):
    commune = judged(drive)["XA-TD"]
    assert [criterion.key for criterion in commune.criteria] == [
        "disbursed_full_plan",
        "finished_before_deadline",
        "targets_met",
        "eligible",
    ]
    assert commune.proposal == "award"


def test_a_contractor_is_judged_on_its_evidence_alone(drive, people):
    contractor = judged(drive)["NT-TP"]
    assert contractor.plan == 0 and contractor.rank is None
    assert met(contractor) == {"nghia_vu_thue": False, "eligible": True}
    assert contractor.proposal == "none"  # no plan: never on the review list
    item = evidence(drive, "NT-TP", "nghia_vu_thue", note="Xác nhận của Chi cục Thuế")
    assess(item, accepted=True, user=people["tckh"])
    assert judged(drive)["NT-TP"].proposal == "award"


def test_an_ineligible_unit_is_not_proposed_even_with_everything_met(drive, district, people):
    item = evidence(drive, "BQLDA", "sang_kien")
    assess(item, accepted=True, user=people["tckh"])
    UnitRestriction.objects.create(
        unit=district["board"], kind=RestrictionKind.COMPLAINT, since=D(2024, 12, 1)
    )
    assert judged(drive)["BQLDA"].proposal == "none"


def test_the_review_rule_is_unchanged_by_manual_criteria(drive, district):
    late = make_project("DA3", district["board"], district["tandoan"])
    plan(late, 1_000)
    board = judged(drive)["BQLDA"]
    assert str(board.rate_percent) == "50.00"
    assert board.proposal == "review"


def test_ranks_are_competition_ranks_among_participants_with_a_plan(drive, district):
    third = Unit.objects.create(code="XA-VA2", name="UBND xã Văn An 2", kind=UnitKind.COMMUNE)
    movement_register(
        movement=drive, unit=third, category=Category.COMMUNE, registered_on=D(2024, 5, 1)
    )
    slow = make_project("DA4", third, third)
    plan(slow, 1_000)
    pay(slow, 500, on=D(2024, 12, 1))
    ranks = {code: evaluation.rank for code, evaluation in judged(drive).items()}
    assert ranks == {"BQLDA": 1, "XA-TD": 1, "XA-VA2": 3, "NT-TP": None}


def test_the_csv_has_a_column_for_every_criterion_of_every_category(drive):
    out = io.StringIO()
    call_command(
        "movement", "evaluate", "DTC-2024", "--as-of", "31/01/2025", "--format", "csv", stdout=out
    )
    header, *rows = out.getvalue().splitlines()
    assert header == (
        "code,name,category,plan,disbursed,rate_percent,completion_date,"
        "disbursed_full_plan,finished_before_deadline,sang_kien,bao_cao,nghia_vu_thue,"
        "targets_met,eligible,proposal"
    )
    contractor = next(row for row in rows if row.startswith("NT-TP"))
    assert contractor.endswith(",,,,,0,,1,none")


# Evidence is checked by the service, whatever page or script sends it.


def test_evidence_for_an_automatic_criterion_is_refused(drive):
    with pytest.raises(InvalidInput) as caught:
        evidence(drive, "BQLDA", "disbursed_full_plan")
    assert caught.value.problems[0].column == "criterion"
    assert not Evidence.objects.exists()


def test_evidence_for_another_categorys_criterion_is_refused(drive):
    registration = drive.registrations.get(unit__code="BQLDA")
    with pytest.raises(InvalidInput):
        evidence_add(
            registration=registration,
            criterion=drive.criteria.get(key="nghia_vu_thue"),
            note="Thuế",
        )


@pytest.mark.parametrize(
    ("name", "size", "reason"),
    [
        ("bao_cao.exe", 10, "không đúng loại"),
        ("anh.gif", 10, "không đúng loại"),
        ("bao_cao.pdf", 5 * 1024 * 1024 + 1, "lớn quá 5 MB"),
    ],
)
def test_evidence_files_are_checked_by_extension_and_size(drive, name, size, reason):
    upload = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(InvalidInput) as caught:
        evidence(drive, "BQLDA", "sang_kien", file=upload)
    assert caught.value.problems[0].column == "file"
    assert reason in caught.value.problems[0].reason
    assert not Evidence.objects.exists()


def test_evidence_needs_a_note_and_a_refusal_needs_a_reason(drive):
    with pytest.raises(InvalidInput):
        evidence(drive, "BQLDA", "sang_kien", note="  ")
    item = evidence(drive, "BQLDA", "sang_kien")
    with pytest.raises(InvalidInput) as caught:
        evidence_assess(evidence=item, accepted=False, note="")
    assert caught.value.problems[0].reason == "hãy ghi lý do không công nhận minh chứng"
    item.refresh_from_db()
    assert item.accepted is None
