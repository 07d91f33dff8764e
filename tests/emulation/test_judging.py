"""Who is judged on what (issue 9, rule 5) and evidence dated (rule 7): a person on the
projects they answer for, an office on the projects it governs, peers ranked with peers,
the statistics on each collective's own projects, evidence sent after the deadline."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from giaingan.audit.models import Event
from giaingan.emulation.evaluation import movement_evaluate
from giaingan.emulation.models import (
    Award,
    AwardDecision,
    Category,
    Criterion,
    CriterionKind,
    Movement,
    Purpose,
    ResponsibleProject,
)
from giaingan.emulation.papers import achievement_report_docx
from giaingan.emulation.proposal import proposal_draft
from giaingan.emulation.responsibility import responsibility_set
from giaingan.emulation.services import evidence_add, evidence_assess, movement_register
from giaingan.emulation.statistics import movement_statistics
from giaingan.lib.problems import InvalidInput
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project, pay, plan
from tests.documents.helpers import lines, open_docx
from tests.emulation.conftest import evidence_dated

D = dt.date
DEADLINE = D(2025, 1, 31)
NAME = "Nguyễn Văn An, Phó Giám đốc, Ban QLDA ĐTXD huyện"


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


def criterion(movement, category, key, kind=CriterionKind.MANUAL, order=0):
    return Criterion.objects.create(
        movement=movement, category=category, key=key, label=f"Tiêu chí {key}", kind=kind,
        order=order,
    )  # fmt: skip


@pytest.fixture
def board_works(district):
    """The board's three projects: a road done on 01/10, a school done on 15/12 and a
    bridge at 30%. The board as a whole is below 100%."""
    road = make_project("DA-DUONG", district["board"])
    school = make_project("DA-TRUONG", district["board"])
    bridge = make_project("DA-CAU", district["board"])
    plan(road, 1_000)
    plan(school, 500)
    plan(bridge, 1_000)
    pay(road, 1_000, on=D(2024, 10, 1))
    pay(school, 200, on=D(2024, 11, 1))
    pay(school, 300, on=D(2024, 12, 15))
    pay(bridge, 300, on=D(2024, 12, 1))
    return {"road": road, "school": school, "bridge": bridge}


@pytest.fixture
def person(movement, district):
    return register(
        movement,
        district["board"],
        Category.INDIVIDUAL,
        person_name="Nguyễn Văn An",
        person_position="Phó Giám đốc",
    )


# A person on the projects they answer for -----------------------------------------------------


def test_a_person_without_a_list_is_judged_on_their_units_figures(movement, person, board_works):
    an = judged(movement)[NAME]
    assert (an.plan, an.disbursed) == (2_500, 1_800)
    assert an.proposal == "review"
    assert "chưa có danh sách dự án cá nhân phụ trách" in an.judged_on


def test_a_person_with_a_list_is_judged_on_those_projects_alone(
    movement, person, board_works, people
):
    criterion(movement, Category.INDIVIDUAL, "disbursed_full_plan", CriterionKind.AUTOMATIC)
    criterion(movement, Category.INDIVIDUAL, "finished_before_deadline", CriterionKind.AUTOMATIC)
    responsibility_set(
        registration=person,
        projects=[board_works["road"], board_works["school"]],
        user=people["noivu"],
    )
    an = judged(movement)[NAME]
    assert (an.plan, an.disbursed) == (1_500, 1_500)
    # The set reached 100% when its last đồng was paid, not when its first project did.
    assert an.completion_date == D(2024, 12, 15)
    assert an.judged_on == "2 dự án cá nhân phụ trách: DA-DUONG, DA-TRUONG"
    assert an.proposal == "award"  # though the board as a whole is at 72%


def test_a_person_answering_for_a_slow_project_is_put_on_the_review_list_as_a_person(
    movement, person, board_works, people
):
    register(movement, Unit.objects.get(code="XA-TD"), Category.COMMUNE)
    responsibility_set(registration=person, projects=[board_works["bridge"]], user=people["noivu"])
    an = judged(movement)[NAME]
    assert (an.plan, an.disbursed, an.proposal) == (1_000, 300, "review")
    proposal = proposal_draft(movement=movement, as_of=DEADLINE, user=people["tckh"])
    entry = proposal.nominations.get(person_name="Nguyễn Văn An")
    assert (entry.purpose, entry.plan, entry.disbursed) == (Purpose.REVIEW, 1_000, 300)


def test_the_achievement_report_of_a_person_shows_the_figures_of_their_projects(
    movement, person, board_works, people
):
    lead = criterion(movement, Category.INDIVIDUAL, "lanh_dao_chi_dao")
    responsibility_set(registration=person, projects=[board_works["road"]], user=people["noivu"])
    item = evidence_add(registration=person, criterion=lead, note="Chỉ đạo nghiệm thu")
    evidence_dated(
        evidence_assess(evidence=item, accepted=True, user=people["tckh"]),
        sent=D(2025, 1, 10),
        assessed=D(2025, 1, 20),
    )
    proposal = proposal_draft(movement=movement, as_of=DEADLINE, user=people["tckh"])
    dossier = proposal.nominations.get(purpose=Purpose.AWARD)
    assert (dossier.plan, dossier.disbursed) == (1_000, 1_000)
    text = "\n".join(lines(open_docx(achievement_report_docx(dossier))))
    assert "Họ và tên: Nguyễn Văn An" in text and "Tên tập thể" not in text
    assert "1 dự án cá nhân phụ trách: DA-DUONG" in text  # what its figures are


def test_only_a_person_has_a_list(movement, district, people, board_works):
    board = register(movement, district["board"], Category.INVESTOR)
    with pytest.raises(InvalidInput) as refused:
        responsibility_set(registration=board, projects=[board_works["road"]], user=people["noivu"])
    assert "chỉ cá nhân" in refused.value.problems[0].reason
    assert not ResponsibleProject.objects.exists()


def test_a_change_of_the_list_is_audited(movement, person, board_works, people):
    responsibility_set(
        registration=person,
        projects=[board_works["road"], board_works["school"]],
        user=people["noivu"],
    )
    change = responsibility_set(
        registration=person, projects=[board_works["bridge"]], user=people["bqlda"]
    )
    assert (change.added, change.removed) == (["DA-CAU"], ["DA-DUONG", "DA-TRUONG"])
    events = list(Event.objects.filter(action="emulation.responsibility.changed").order_by("id"))
    assert [(e.actor.username, e.data["added"], e.data["removed"]) for e in events] == [
        ("noivu", ["DA-DUONG", "DA-TRUONG"], []),
        ("bqlda", ["DA-CAU"], ["DA-DUONG", "DA-TRUONG"]),
    ]
    removed = ResponsibleProject.history.filter(history_type="-")
    assert sorted(r.project_id for r in removed) == sorted(
        [board_works["road"].pk, board_works["school"].pk]
    )
    # Saving the same list again changes nothing and logs nothing.
    same = responsibility_set(
        registration=person, projects=[board_works["bridge"]], user=people["bqlda"]
    )
    assert (same.added, same.removed) == ([], [])
    assert Event.objects.filter(action="emulation.responsibility.changed").count() == 2


# The list's page: who may keep it ------------------------------------------------------------


def edit_url(registration):
    return reverse("emulation:responsibility_edit", args=["DTC-2024", registration.pk])


@pytest.mark.parametrize(
    ("login", "allowed"),
    [
        ("noivu", True),  # Internal Affairs runs the movement
        ("bqlda", True),  # the person's unit
        ("admin", True),
        ("xa.tandoan", False),  # another unit
        ("tckh", False),
        ("chutich", False),
        ("hoidong1", False),
        ("xem", False),
    ],
)
def test_the_person_s_unit_and_internal_affairs_keep_the_list(
    client_for, person, board_works, login, allowed
):
    response = client_for(login).post(edit_url(person), {"projects": [board_works["road"].pk]})
    if allowed:
        assert response.status_code == 302
        assert list(person.responsible_projects.values_list("project__code", flat=True)) == [
            "DA-DUONG"
        ]
    else:
        assert response.status_code == 403
        assert not ResponsibleProject.objects.exists()


def test_a_visitor_is_sent_to_log_in(client_for, person, board_works):
    response = client_for(None).post(edit_url(person), {"projects": [board_works["road"].pk]})
    assert response.status_code == 302 and "dang-nhap" in response.url
    assert not ResponsibleProject.objects.exists()


def test_a_unit_chooses_among_its_own_projects_only(client_for, person, board_works, district):
    other = make_project("DA-XA", district["tandoan"], district["tandoan"])
    plan(other, 100)
    response = client_for("bqlda").post(edit_url(person), {"projects": [other.pk]})
    assert response.status_code == 200
    assert f"Dự án «{other.pk}» không thuộc danh sách được chọn." in response.text
    assert not ResponsibleProject.objects.exists()
    # Internal Affairs may give the person any project with a plan this year.
    client_for("noivu").post(edit_url(person), {"projects": [other.pk]})
    assert person.responsible_projects.get().project == other


def test_the_registration_page_shows_the_list_and_what_the_person_is_judged_on(
    client_for, person, board_works, people
):
    page = client_for("bqlda").get(reverse("emulation:registration", args=["DTC-2024", person.pk]))
    assert "Chưa có danh sách dự án phụ trách" in page.text
    assert 'id="projects-form"' in page.text
    responsibility_set(registration=person, projects=[board_works["road"]], user=people["noivu"])
    page = client_for("tckh").get(
        reverse("emulation:registration", args=["DTC-2024", person.pk]), {"as_of": "31/01/2025"}
    )
    assert "DA-DUONG - Dự án DA-DUONG" in page.text
    assert "1 dự án cá nhân phụ trách: DA-DUONG" in page.text
    assert 'id="projects-form"' not in page.text  # Finance-Planning reads, does not keep it
    standing = client_for("tckh").get(reverse("emulation:movement", args=["DTC-2024"]))
    assert "1 dự án cá nhân phụ trách: DA-DUONG" in standing.text
    # Its downloads say it too.
    download = client_for("tckh").get(
        reverse("emulation:movement_export", args=["DTC-2024", "csv"]), {"as_of": "31/01/2025"}
    )
    header, row = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert row[header.index("Số liệu xét theo")] == "1 dự án cá nhân phụ trách: DA-DUONG"
    assert row[4:6] == ["1000", "1000"]


def test_a_collective_registration_has_no_list_form(client_for, movement, district):
    board = register(movement, district["board"], Category.INVESTOR)
    page = client_for("noivu").get(reverse("emulation:registration", args=["DTC-2024", board.pk]))
    assert "Dự án cá nhân phụ trách" not in page.text
    response = client_for("noivu").post(edit_url(board), {"projects": []}, follow=True)
    assert response.status_code == 200
    assert "Chỉ cá nhân mới có danh sách dự án phụ trách" in response.text
    assert not ResponsibleProject.objects.exists()


# Offices, peers and ranks --------------------------------------------------------------------


@pytest.fixture
def office(district):
    return Unit.objects.create(
        code="P-KTHT", name="Phòng Kinh tế và Hạ tầng", kind=UnitKind.OFFICE,
        parent=district["committee"],
    )  # fmt: skip


def test_peers_are_ranked_with_peers(movement, district, office, person, people):
    register(movement, district["board"], Category.INVESTOR)
    register(movement, district["tandoan"], Category.COMMUNE)
    register(movement, office, Category.OFFICE)
    governed = make_project("DA-1", district["board"], agency=office)
    own = make_project("DA-2", district["tandoan"], district["tandoan"])
    plan(governed, 1_000)
    plan(own, 1_000)
    pay(governed, 500, on=D(2024, 10, 1))
    pay(own, 900, on=D(2024, 10, 1))
    responsibility_set(registration=person, projects=[own], user=people["noivu"])
    ranks = {name.split(",")[0]: e.rank for name, e in judged(movement).items()}
    # The office at 50% is first among offices; the person first among persons; the
    # commune (90%) before the board (50%) among the units judged on their investments.
    assert ranks == {
        "UBND xã Tân Đoàn": 1,
        "Ban QLDA ĐTXD huyện": 2,
        "Phòng Kinh tế và Hạ tầng": 1,
        "Nguyễn Văn An": 1,
    }


def test_an_office_without_projects_is_never_ranked_or_reviewed(movement, office):
    register(movement, office, Category.OFFICE)
    evaluation = judged(movement)["Phòng Kinh tế và Hạ tầng"]
    assert (evaluation.rank, evaluation.proposal) == (None, "none")
    assert evaluation.judged_on == "Không có kế hoạch vốn: chỉ xét các tiêu chí có minh chứng"


def test_the_statistics_count_each_collective_on_its_own_projects_once(
    movement, district, office, people
):
    """The office governs the board's road: awarded, the office's projects and the board's
    are compared without the road counted twice or an office compared on investments."""
    register(movement, district["board"], Category.INVESTOR)
    office_registration = register(movement, office, Category.OFFICE)
    road = make_project("DA-DUONG", district["board"], agency=office)
    school = make_project("DA-TRUONG", district["board"])
    plan(road, 1_000)
    plan(school, 1_000)
    pay(road, 1_000, on=D(2024, 10, 1))
    pay(school, 400, on=D(2024, 10, 1))
    assert judged(movement)["Phòng Kinh tế và Hạ tầng"].proposal == "award"
    proposal = proposal_draft(movement=movement, as_of=DEADLINE, user=people["tckh"])
    awarded = proposal.nominations.get(purpose=Purpose.AWARD)
    assert awarded.unit == office and (awarded.plan, awarded.disbursed) == (1_000, 1_000)
    # The statistics read the awards table: record the award the decision would make.
    decision = AwardDecision.objects.create(
        movement=movement,
        proposal=proposal,
        number="1/QĐ-UBND",
        decided_on=D(2025, 2, 20),
        signer=people["chutich"],
        signer_titles="CHỦ TỊCH",
    )
    Award.objects.create(
        decision=decision, nomination=awarded, movement=movement, unit=office,
        prize_amount=0, coefficient=0, base_salary=0, gold_book_number="1",
    )  # fmt: skip
    stats = movement_statistics(movement)
    assert (stats.awarded.plan, stats.awarded.disbursed) == (1_000, 1_000)
    assert (stats.others.plan, stats.others.disbursed) == (1_000, 400)  # the school only
    assert office_registration.category == Category.OFFICE


# Evidence dated ------------------------------------------------------------------------------


@pytest.fixture
def commune(movement, district):
    """Tân Đoàn at 100% on 20/12/2024, with an initiative to show."""
    registration = register(movement, district["tandoan"], Category.COMMUNE)
    criterion(movement, Category.COMMUNE, "disbursed_full_plan", CriterionKind.AUTOMATIC)
    criterion(movement, Category.COMMUNE, "sang_kien", order=1)
    school = make_project("DA-TRUONG", district["tandoan"], district["tandoan"])
    plan(school, 500)
    pay(school, 500, on=D(2024, 12, 20))
    return registration


def initiative(registration, *, sent, assessed, accepted=True, user):
    item = evidence_add(
        registration=registration,
        criterion=registration.movement.criteria.get(key="sang_kien"),
        note="Báo cáo sáng kiến",
    )
    evidence_assess(evidence=item, accepted=accepted, note="" if accepted else "Không", user=user)
    return evidence_dated(item, sent=sent, assessed=assessed)


def state(movement, as_of=DEADLINE):
    evaluation = judged(movement, as_of)["UBND xã Tân Đoàn"]
    found = next(c for c in evaluation.criteria if c.key == "sang_kien")
    return found.met, found.evidence, evaluation.proposal


def test_evidence_sent_after_the_deadline_does_not_count(movement, commune, people):
    initiative(commune, sent=D(2025, 2, 5), assessed=D(2025, 2, 6), user=people["tckh"])
    for as_of in (DEADLINE, D(2025, 3, 1), D(2026, 1, 1)):
        met, text, proposal = state(movement, as_of)
        assert (met, proposal) == (False, "none")
        assert text == (
            "Chưa có minh chứng. Bổ sung sau ngày 31/01/2025, không tính: "
            "Báo cáo sáng kiến, gửi ngày 05/02/2025"
        )
    proposal = proposal_draft(movement=movement, as_of=DEADLINE, user=people["tckh"])
    assert not proposal.nominations.filter(purpose=Purpose.AWARD).exists()


def test_evidence_sent_on_the_last_day_counts(movement, commune, people):
    initiative(commune, sent=DEADLINE, assessed=D(2025, 1, 31), user=people["tckh"])
    assert state(movement)[0] is True and state(movement)[2] == "award"


def test_an_assessment_after_the_as_of_date_is_not_yet_known(movement, commune, people):
    """Sent on time, accepted on 10/02/2025: the standing as of the deadline still waits
    for it; one drawn as of a day after the assessment counts it."""
    initiative(commune, sent=D(2025, 1, 20), assessed=D(2025, 2, 10), user=people["tckh"])
    met, text, proposal = state(movement, DEADLINE)
    assert (met, proposal) == (None, "none")
    assert "thẩm định ngày 10/02/2025, sau ngày 31/01/2025" in text
    met, text, proposal = state(movement, D(2025, 2, 10))
    assert (met, proposal) == (True, "award")
    assert text == "Đã công nhận: Báo cáo sáng kiến, thẩm định ngày 10/02/2025"


def test_during_the_movement_evidence_sent_later_is_shown_apart(movement, commune, people):
    initiative(commune, sent=D(2024, 9, 1), assessed=D(2024, 9, 5), user=people["tckh"])
    met, text, _ = state(movement, D(2024, 8, 31))
    assert met is False
    assert "Bổ sung sau ngày 31/08/2024, không tính" in text
    assert state(movement, D(2024, 9, 5))[0] is True


def test_the_registration_page_marks_late_evidence(client_for, movement, commune, people):
    initiative(commune, sent=D(2025, 2, 5), assessed=D(2025, 2, 6), user=people["tckh"])
    page = client_for("tckh").get(
        reverse("emulation:registration", args=["DTC-2024", commune.pk]), {"as_of": "31/01/2025"}
    )
    assert "Bổ sung sau ngày 31/01/2025, không tính" in page.text


def test_a_unit_and_a_person_of_it_are_two_entries_of_the_review_list(
    movement, district, person, board_works, people
):
    register(movement, district["board"], Category.INVESTOR)
    proposal = proposal_draft(movement=movement, as_of=DEADLINE, user=people["tckh"])
    reviewed = sorted(
        proposal.nominations.filter(purpose=Purpose.REVIEW).values_list("person_name", flat=True)
    )
    assert reviewed == ["", "Nguyễn Văn An"]
    # Counted once the list is submitted (a draft is not a list yet).
    type(proposal).objects.filter(pk=proposal.pk).update(status="da_trinh")
    assert movement_statistics(movement).reviews == 2
