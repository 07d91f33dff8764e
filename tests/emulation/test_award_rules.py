"""Issue 9's award rules: 100% on exact đồng, rates shown cut (99,99%, never 100,00%), who
is judged on what (offices, organisations, individuals), evidence as of a date."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from giaingan.documents.reports import table_docx
from giaingan.emulation.evaluation import movement_evaluate
from giaingan.emulation.models import (
    Category,
    Criterion,
    CriterionKind,
    Evidence,
    Movement,
    Purpose,
    UnitRestriction,
)
from giaingan.emulation.papers import achievement_report_docx, submission_docx
from giaingan.emulation.proposal import proposal_draft
from giaingan.emulation.services import evidence_add, evidence_assess, movement_register
from giaingan.figures.selectors import disbursement_table
from giaingan.lib.problems import InvalidInput
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project, pay, plan
from tests.documents.helpers import lines, open_docx
from tests.emulation.conftest import evidence_dated

D = dt.date
DEADLINE = D(2025, 1, 31)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def movement(district):
    return Movement.objects.create(
        code="DTC-2024",
        name="Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        plan_year=2024,
        starts_on=D(2024, 4, 15),
        ends_on=DEADLINE,
    )


def register(movement, unit, category, **person):
    return movement_register(
        movement=movement, unit=unit, category=category, registered_on=D(2024, 4, 20), **person
    )


def judged(movement, as_of=DEADLINE):
    return {e.name: e for e in movement_evaluate(movement, as_of)}


def met(evaluation):
    return {criterion.key: criterion.met for criterion in evaluation.criteria}


def in_time(item):
    """Sent on 10/01/2025 and assessed on 20/01/2025, before the deadline."""
    return evidence_dated(item, sent=D(2025, 1, 10), assessed=D(2025, 1, 20))


def criterion(movement, category, key, kind=CriterionKind.MANUAL, required=True, order=0):
    return Criterion.objects.create(
        movement=movement,
        category=category,
        key=key,
        label=f"Tiêu chí {key}",
        kind=kind,
        required=required,
        order=order,
    )


# 100% and the review threshold on exact đồng -------------------------------------------------


@pytest.fixture
def almost(movement, district):
    """The board at 99,999%: 99.999 of 100.000 đồng, which rounds to 100,00%."""
    register(movement, district["board"], Category.INVESTOR)
    road = make_project("DA-1", district["board"])
    plan(road, 100_000)
    pay(road, 99_999, on=D(2024, 11, 20))
    return movement


def test_99_999_percent_is_not_100_percent(almost):
    board = judged(almost)["Ban QLDA ĐTXD huyện"]
    assert board.rate_percent == Decimal("100.00")  # the rounded figure of FORMATS' JSON
    assert met(board)["disbursed_full_plan"] is False
    assert met(board)["finished_before_deadline"] is False
    assert board.completion_date is None
    assert board.proposal == "review"  # below the 100% threshold, in đồng
    text = next(c.evidence for c in board.criteria if c.key == "disbursed_full_plan")
    assert "(99,99%)" in text and "100,00%" not in text


def test_exactly_the_plan_is_100_percent(movement, district):
    register(movement, district["board"], Category.INVESTOR)
    road = make_project("DA-1", district["board"])
    plan(road, 100_000)
    pay(road, 100_000, on=D(2024, 11, 20))
    board = judged(movement)["Ban QLDA ĐTXD huyện"]
    assert met(board)["disbursed_full_plan"] is True
    assert board.completion_date == D(2024, 11, 20)
    assert board.proposal == "award"


@pytest.mark.parametrize(("paid", "review"), [(49_999, True), (50_000, False)])
def test_the_review_threshold_compares_dong(movement, district, paid, review):
    movement.review_below_percent = Decimal("50")
    movement.save()
    register(movement, district["board"], Category.INVESTOR)
    road = make_project("DA-1", district["board"])
    plan(road, 100_000)
    pay(road, paid, on=D(2024, 11, 20))
    board = judged(movement)["Ban QLDA ĐTXD huyện"]
    # 49.999% rounds to 50,00%: still below 50% of the plan.
    assert (board.proposal == "review") is review


def test_99_999_percent_shows_99_99_on_the_page_the_exports_and_the_papers(
    almost, client_for, people
):
    client = client_for("tckh")
    page = client.get(reverse("emulation:movement", args=["DTC-2024"]), {"as_of": "31/01/2025"})
    assert "99,99%" in page.text
    # The only 100,00% is the movement's review threshold, not the board's rate.
    assert page.text.count("100,00%") == 1 and "dưới</dt><dd>100,00%" in page.text
    csv_text = client.get(
        reverse("emulation:movement_export", args=["DTC-2024", "csv"]), {"as_of": "31/01/2025"}
    ).content.decode("utf-8-sig")
    assert ',"99,99%",' in csv_text and "100,00%" not in csv_text
    xlsx = client.get(
        reverse("emulation:movement_export", args=["DTC-2024", "xlsx"]), {"as_of": "31/01/2025"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert rate_cells(sheet) == ["99,99%"]

    proposal = proposal_draft(movement=almost, as_of=DEADLINE, user=people["tckh"])
    review = proposal.nominations.get()
    assert review.purpose == Purpose.REVIEW
    # The threshold ("dưới 100,00%") is the only 100,00 the texts may hold.
    assert review.achievement.startswith("Giải ngân 99,99% kế hoạch vốn được giao")
    assert "100,00%" not in review.achievement.replace("dưới 100,00%", "")
    paper = "\n".join(lines(open_docx(submission_docx(proposal))))
    assert "99,99" in paper and "100,00" not in paper.replace("dưới 100,00%", "")
    report = "\n".join(lines(open_docx(achievement_report_docx(review))))
    assert "99,99%" in report and "100,00" not in report.replace("dưới 100,00%", "")
    draft = client.get(reverse("awards:pipeline", args=["DTC-2024"]))
    assert draft.status_code == 200
    assert "99,99%" in draft.text
    assert "100,00%" not in draft.text.replace("dưới 100,00%", "")


def rate_cells(sheet) -> list[object]:
    """The cells under the "Tỷ lệ" header: the rate as the page shows it, as text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "Tỷ lệ":
                below = sheet.iter_rows(
                    min_row=cell.row + 1, min_col=cell.column, max_col=cell.column
                )
                return [column[0].value for column in below if column[0].value is not None]
    raise AssertionError("no Tỷ lệ column")


def test_the_disbursement_table_shows_99_99_on_pages_and_exports(almost, client_for):
    client = client_for("tckh")
    dashboard = client.get("/tong-quan/", {"year": 2024, "as_of": "31/01/2025"})
    assert dashboard.status_code == 200
    assert "99,99%" in dashboard.text and "100,00%" not in dashboard.text
    projects = client.get("/du-an/", {"year": 2024, "as_of": "31/01/2025", "band": "100"})
    assert "DA-1" not in projects.text  # 99,999% is not in the "100% or more" band
    below = client.get("/du-an/", {"year": 2024, "as_of": "31/01/2025", "band": "90-100"})
    assert "DA-1" in below.text
    for fmt in ("xlsx", "csv"):
        exported = client.get(f"/xuat/project.{fmt}", {"year": 2024, "as_of": "31/01/2025"})
        assert exported.status_code == 200, fmt
        if fmt == "xlsx":
            sheet = load_workbook(io.BytesIO(exported.content)).active
            assert rate_cells(sheet)[0] == "99,99%"
        else:
            assert ',"99,99%"\n' in exported.content.decode("utf-8-sig")
    table = disbursement_table(year=2024, as_of=DEADLINE, by="investor")
    report = "\n".join(
        lines(open_docx(table_docx(table, issued_on=D(2025, 2, 3), signer_name="Nông Văn Hải")))
    )
    assert "99,99" in report and "100,00" not in report


# Who is judged on what -----------------------------------------------------------------------


@pytest.fixture
def office(district):
    return Unit.objects.create(
        code="P-KTHT",
        name="Phòng Kinh tế và Hạ tầng",
        kind=UnitKind.OFFICE,
        parent=district["committee"],
    )


@pytest.fixture
def front(district):
    return Unit.objects.create(
        code="MTTQ",
        name="Ủy ban MTTQ huyện",
        kind=UnitKind.ORGANISATION,
        parent=district["committee"],
    )


def test_an_office_is_judged_on_the_projects_it_governs(movement, district, office):
    register(movement, office, Category.OFFICE)
    governed = make_project("DA-1", district["board"], agency=office)
    other = make_project("DA-2", district["board"])
    plan(governed, 1_000)
    plan(other, 5_000)
    pay(governed, 1_000, on=D(2024, 10, 1))
    evaluation = judged(movement)["Phòng Kinh tế và Hạ tầng"]
    assert (evaluation.plan, evaluation.disbursed) == (1_000, 1_000)
    assert evaluation.completion_date == D(2024, 10, 1)
    assert evaluation.proposal == "award"


def test_an_office_governing_a_slow_project_is_reviewed(movement, district, office):
    register(movement, office, Category.OFFICE)
    governed = make_project("DA-1", district["board"], agency=office)
    plan(governed, 1_000)
    pay(governed, 400, on=D(2024, 10, 1))
    assert judged(movement)["Phòng Kinh tế và Hạ tầng"].proposal == "review"


def test_an_organisation_without_a_plan_is_judged_on_its_manual_criteria(
    movement, district, front, people
):
    registration = register(movement, front, Category.ORGANISATION)
    for order, key in enumerate(["disbursed_full_plan", "finished_before_deadline"]):
        criterion(movement, Category.ORGANISATION, key, CriterionKind.AUTOMATIC, order=order)
    support = criterion(movement, Category.ORGANISATION, "ho_tro_tien_do", order=5)
    before = judged(movement)["Ủy ban MTTQ huyện"]
    assert (before.plan, before.proposal) == (0, "none")  # never reviewed on a zero plan
    assert met(before)["disbursed_full_plan"] is None  # does not apply
    item = evidence_add(
        registration=registration, criterion=support, note="Vận động giải phóng mặt bằng"
    )
    in_time(evidence_assess(evidence=item, accepted=True, user=people["tckh"]))
    after = judged(movement)["Ủy ban MTTQ huyện"]
    assert after.proposal == "award"  # on the manual criterion, not on a zero plan


def test_an_investor_without_a_plan_is_never_awarded(movement, district, people):
    registration = register(movement, district["vanan"], Category.COMMUNE)
    criterion(movement, Category.COMMUNE, "disbursed_full_plan", CriterionKind.AUTOMATIC)
    initiative = criterion(movement, Category.COMMUNE, "sang_kien", order=1)
    item = evidence_add(registration=registration, criterion=initiative, note="Sáng kiến")
    evidence_assess(evidence=item, accepted=True, user=people["tckh"])
    evaluation = judged(movement)["UBND xã Văn An"]
    assert (evaluation.plan, evaluation.proposal) == (0, "none")


def test_an_individual_is_judged_on_the_figures_of_their_unit_and_can_be_reviewed(
    movement, district, people
):
    register(movement, district["board"], Category.INVESTOR)
    register(
        movement,
        district["board"],
        Category.INDIVIDUAL,
        person_name="Nguyễn Văn An",
        person_position="Giám đốc",
    )
    road = make_project("DA-1", district["board"])
    plan(road, 1_000)
    pay(road, 700, on=D(2024, 10, 1))
    person = judged(movement)["Nguyễn Văn An, Giám đốc, Ban QLDA ĐTXD huyện"]
    assert (person.plan, person.disbursed, person.category) == (1_000, 700, Category.INDIVIDUAL)
    assert person.proposal == "review"
    proposal = proposal_draft(movement=movement, as_of=DEADLINE, user=people["tckh"])
    reviewed = proposal.nominations.get(person_name="Nguyễn Văn An")
    assert (reviewed.purpose, reviewed.person_position) == (Purpose.REVIEW, "Giám đốc")
    assert proposal.nominations.filter(person_name="", purpose=Purpose.REVIEW).count() == 1


def test_an_individual_is_awarded_on_the_checklist_of_individuals(movement, district, people):
    registration = register(
        movement,
        district["board"],
        Category.INDIVIDUAL,
        person_name="Trần Thị Bình",
        person_position="Kế toán",
    )
    lead = criterion(movement, Category.INDIVIDUAL, "lanh_dao_chi_dao")
    road = make_project("DA-1", district["board"])
    plan(road, 1_000)
    pay(road, 1_000, on=D(2024, 10, 1))
    item = evidence_add(registration=registration, criterion=lead, note="Chỉ đạo giải ngân")
    in_time(evidence_assess(evidence=item, accepted=True, user=people["tckh"]))
    person = judged(movement)["Trần Thị Bình, Kế toán, Ban QLDA ĐTXD huyện"]
    assert person.proposal == "award"
    # A restriction of that person stops them, not their unit.
    UnitRestriction.objects.create(
        unit=district["board"], person_name="trần thị bình", kind="ky_luat", since=D(2024, 12, 1)
    )
    assert judged(movement)["Trần Thị Bình, Kế toán, Ban QLDA ĐTXD huyện"].proposal == "none"

    proposal = proposal_draft(movement=movement, as_of=DEADLINE, user=people["tckh"])
    assert not proposal.nominations.filter(purpose=Purpose.AWARD).exists()


def test_the_achievement_report_of_a_person_names_the_person(movement, district, people):
    registration = register(
        movement,
        district["board"],
        Category.INDIVIDUAL,
        person_name="Trần Thị Bình",
        person_position="Kế toán",
    )
    lead = criterion(movement, Category.INDIVIDUAL, "lanh_dao_chi_dao")
    item = evidence_add(registration=registration, criterion=lead, note="Chỉ đạo giải ngân")
    in_time(evidence_assess(evidence=item, accepted=True, user=people["tckh"]))
    proposal = proposal_draft(movement=movement, as_of=DEADLINE, user=people["tckh"])
    dossier = proposal.nominations.get(purpose=Purpose.AWARD)
    text = "\n".join(lines(open_docx(achievement_report_docx(dossier))))
    assert "Họ và tên: Trần Thị Bình" in text
    assert "Chức vụ: Kế toán" in text
    assert "Đơn vị công tác: Ban QLDA ĐTXD huyện" in text
    assert "Tên tập thể" not in text


def test_a_person_registers_with_a_name_and_a_unit_without_one(movement, district):
    with pytest.raises(InvalidInput) as refused:
        register(movement, district["board"], Category.INDIVIDUAL)
    assert "họ và tên" in refused.value.problems[0].reason
    with pytest.raises(InvalidInput):
        register(movement, district["board"], Category.INVESTOR, person_name="Nguyễn Văn An")
    register(movement, district["board"], Category.INDIVIDUAL, person_name="Nguyễn Văn An")
    with pytest.raises(InvalidInput) as twice:
        register(movement, district["board"], Category.INDIVIDUAL, person_name="Nguyễn Văn An")
    assert "đã đăng ký" in twice.value.problems[0].reason


# Evidence as of a date -----------------------------------------------------------------------


def at(day: D) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def test_a_standing_during_the_movement_judges_evidence_as_it_stood_that_day(
    movement, district, people
):
    registration = register(movement, district["vanan"], Category.COMMUNE)
    initiative = criterion(movement, Category.COMMUNE, "sang_kien")
    item = evidence_add(registration=registration, criterion=initiative, note="Sáng kiến")
    evidence_assess(evidence=item, accepted=True, user=people["tckh"])
    evidence_assess(evidence=item, accepted=False, note="Chưa có kết quả", user=people["tckh"])
    # Sent on 01/06, accepted on 01/08, refused on 01/10 (dated back here).
    Evidence.objects.filter(pk=item.pk).update(uploaded_at=at(D(2024, 6, 1)))
    records = list(Evidence.history.filter(id=item.pk).order_by("history_date", "history_id"))
    for record, day in zip(records, [D(2024, 6, 1), D(2024, 8, 1), D(2024, 10, 1)], strict=True):
        Evidence.history.filter(history_id=record.history_id).update(history_date=at(day))
    Evidence.objects.filter(pk=item.pk).update(assessed_at=at(D(2024, 10, 1)))

    def state(as_of):
        return met(judged(movement, as_of)["UBND xã Văn An"])["sang_kien"]

    assert state(D(2024, 5, 31)) is False  # not sent yet: no evidence
    assert state(D(2024, 7, 1)) is None  # sent, waiting for assessment
    assert state(D(2024, 9, 1)) is True  # accepted then
    assert state(D(2024, 11, 1)) is False  # refused since
    assert state(DEADLINE) is False  # the final standing: as it stands now


def test_an_assessment_carries_its_date(movement, district, people):
    registration = register(movement, district["vanan"], Category.COMMUNE)
    initiative = criterion(movement, Category.COMMUNE, "sang_kien")
    item = evidence_add(registration=registration, criterion=initiative, note="Sáng kiến")
    assert item.assessed_at is None
    assessed = evidence_assess(evidence=item, accepted=True, user=people["tckh"])
    assert assessed.assessed_at is not None
    assert timezone.localdate(assessed.assessed_at) == timezone.localdate()


def test_a_person_registers_through_the_form_beside_their_unit(movement, district, client_for):
    movement.ends_on = timezone.localdate() + dt.timedelta(days=30)
    movement.starts_on = timezone.localdate() - dt.timedelta(days=30)
    movement.save()
    register_page = reverse("emulation:registration_new", args=["DTC-2024"])
    client = client_for("noivu")
    client.post(register_page, {"unit": district["board"].pk, "category": Category.INVESTOR})
    refused = client.post(
        register_page, {"unit": district["board"].pk, "category": Category.INDIVIDUAL}
    )
    assert refused.status_code == 200 and "phải có họ và tên" in refused.text
    client.post(
        register_page,
        {
            "unit": district["board"].pk,
            "category": Category.INDIVIDUAL,
            "person_name": "Nguyễn Văn An",
            "person_position": "Giám đốc",
        },
    )
    registered = sorted(
        (r.category, r.person_name, r.person_position) for r in movement.registrations.all()
    )
    assert registered == [
        (Category.INDIVIDUAL, "Nguyễn Văn An", "Giám đốc"),
        (Category.INVESTOR, "", ""),
    ]
    page = client.get(reverse("emulation:movement", args=["DTC-2024"]))
    assert "Nguyễn Văn An, Giám đốc, Ban QLDA ĐTXD huyện" in page.text


def test_the_migration_dates_earlier_assessments_from_their_history(movement, district, people):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "giaingan.emulation.migrations.0004_individuals_and_dated_assessments"
    )
    registration = register(movement, district["vanan"], Category.COMMUNE)
    initiative = criterion(movement, Category.COMMUNE, "sang_kien")
    waiting = evidence_add(registration=registration, criterion=initiative, note="Chưa xét")
    item = evidence_add(registration=registration, criterion=initiative, note="Sáng kiến")
    evidence_assess(evidence=item, accepted=True, user=people["tckh"])
    sent, assessment = Evidence.history.filter(id=item.pk).order_by("history_date", "history_id")
    for record, day in [(sent, D(2024, 7, 1)), (assessment, D(2024, 8, 1))]:
        Evidence.history.filter(history_id=record.history_id).update(history_date=at(day))
    Evidence.objects.update(assessed_at=None)
    migration.date_assessments(apps, None)
    assert Evidence.objects.get(pk=item.pk).assessed_at == at(D(2024, 8, 1))
    assert Evidence.objects.get(pk=waiting.pk).assessed_at is None
