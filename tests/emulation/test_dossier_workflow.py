"""Each dossier step belongs to one role, is logged with who, when and why, and tells the next actor."""

from __future__ import annotations

import unicodedata

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from giaingan.audit.models import Event
from giaingan.emulation.models import (
    Category,
    DossierStatus,
    DossierTransition,
    Nomination,
    ProposalStatus,
    Purpose,
    RestrictionKind,
    UnitRestriction,
)
from giaingan.emulation.proposal import dossier_transition, nomination_add, proposal_draft
from giaingan.emulation.workflow import TRANSITIONS, allowed_steps
from giaingan.lib.problems import InvalidInput
from giaingan.notifications.models import Notification
from tests.emulation.conftest import AS_OF, D, award_dossiers

S = DossierStatus
ROLES = ["chutich", "tckh", "khobac", "bqlda", "xa.tandoan", "noivu", "hoidong1", "xem", "admin"]
# Who may take each kind of step (admin is a superuser and may do anything).
ALLOWED = {
    "emulation.draft_proposal": {"tckh", "admin"},
    "emulation.appraise_dossier": {"noivu", "admin"},
    "emulation.run_session": {"noivu", "admin"},
    "emulation.decide": {"chutich", "admin"},
}


def test_the_draft_proposes_the_full_investor_and_reviews_the_slow_commune(drafted):
    lines = {(n.unit.code, n.purpose) for n in drafted.nominations.all()}
    assert lines == {("BQLDA", Purpose.AWARD), ("XA-TD", Purpose.REVIEW)}
    board = drafted.nominations.get(unit__code="BQLDA")
    assert (board.plan, board.disbursed, board.completion_date) == (
        1_000_000_000,
        1_000_000_000,
        D(2024, 11, 20),
    )
    assert "100,00% kế hoạch" in board.achievement


def test_a_second_draft_is_refused_while_one_is_open(drafted, movement, people):
    with pytest.raises(InvalidInput, match="dự thảo"):
        proposal_draft(movement=movement, as_of=AS_OF, user=people["tckh"])


@pytest.mark.parametrize("login", ROLES)
def test_only_finance_planning_drafts(movement, ledger, people, login):
    if login in ALLOWED["emulation.draft_proposal"]:
        assert proposal_draft(movement=movement, as_of=AS_OF, user=people[login])
    else:
        with pytest.raises(PermissionDenied):
            proposal_draft(movement=movement, as_of=AS_OF, user=people[login])


def test_submitting_sends_every_award_dossier_with_a_generated_report(submitted, mailoutbox):
    assert submitted.status == ProposalStatus.SUBMITTED
    assert submitted.document.name.endswith(".docx")
    (dossier,) = award_dossiers(submitted)
    assert dossier.status == S.SUBMITTED
    assert dossier.files.filter(kind="bao_cao_thanh_tich", generated=True).count() == 1
    assert dossier.transitions.get().to_status == S.SUBMITTED
    review = submitted.nominations.get(purpose=Purpose.REVIEW)
    assert review.status == S.DRAFT  # the review list is not a dossier


def test_internal_affairs_is_notified_in_the_app_and_by_mail(submitted, people, settings):
    note = Notification.objects.get(user=people["noivu"])
    assert "chờ tiếp nhận" in note.subject
    assert note.url == "/thi-dua/DTC-2024/ho-so/"


@pytest.mark.django_db(transaction=True)
def test_mail_is_sent_after_the_step_commits(district, people, movement, ledger):
    from giaingan.emulation.proposal import proposal_submit

    people["noivu"].email = "noivu@vanquan.gov.vn"
    people["noivu"].save()
    mail.outbox.clear()
    proposal = proposal_draft(movement=movement, as_of=AS_OF, user=people["tckh"])
    proposal_submit(
        proposal=proposal, number="1/TTr", submitted_on=D(2025, 2, 3), user=people["tckh"]
    )
    (message,) = mail.outbox
    assert message.to == ["noivu@vanquan.gov.vn"]
    assert "DTC-2024" in message.subject
    assert "/thi-dua/DTC-2024/ho-so/" in message.body
    assert Notification.objects.get(user=people["noivu"]).emailed


def _dossier_at(status, submitted, people):
    """Walk the dossier to `status` along the shortest path the workflow allows."""
    paths = {
        S.SUBMITTED: [],
        S.RECEIVED: [S.RECEIVED],
        S.RETURNED: [S.RETURNED],
        S.ELIGIBLE: [S.RECEIVED, S.ELIGIBLE],
    }
    (dossier,) = award_dossiers(submitted)
    for step in paths[status]:
        dossier = dossier_transition(
            nomination=dossier, to_status=step, user=people["admin"], reason="Thiếu biên bản"
        )
    return dossier


APPRAISAL_STEPS = [
    (source, target, step)
    for (source, target), step in TRANSITIONS.items()
    if source in (S.SUBMITTED, S.RECEIVED, S.RETURNED)
]


@pytest.mark.parametrize(("source", "target", "step"), APPRAISAL_STEPS)
@pytest.mark.parametrize("login", ROLES)
def test_each_step_is_taken_by_its_role_only(submitted, people, login, source, target, step):
    dossier = _dossier_at(source, submitted, people)
    if login in ALLOWED[step.permission]:
        moved = dossier_transition(
            nomination=dossier, to_status=target, user=people[login], reason="Có lý do"
        )
        assert moved.status == target
        last = moved.transitions.order_by("-id").first()
        assert (last.from_status, last.to_status, last.actor) == (source, target, people[login])
    else:
        with pytest.raises(PermissionDenied):
            dossier_transition(
                nomination=dossier, to_status=target, user=people[login], reason="Có lý do"
            )
        assert Nomination.objects.get(pk=dossier.pk).status == source


def test_returning_needs_a_reason_and_tells_the_unit(submitted, people):
    (dossier,) = award_dossiers(submitted)
    with pytest.raises(InvalidInput, match="lý do"):
        dossier_transition(nomination=dossier, to_status=S.RETURNED, user=people["noivu"])
    assert Nomination.objects.get(pk=dossier.pk).status == S.SUBMITTED
    dossier_transition(
        nomination=dossier,
        to_status=S.RETURNED,
        user=people["noivu"],
        reason="Thiếu biên bản họp xét của đơn vị",
    )
    told = Notification.objects.get(user=people["bqlda"])
    assert "Thiếu biên bản họp xét" in told.body
    assert Event.objects.filter(
        action="emulation.dossier.moved", data__reason="Thiếu biên bản họp xét của đơn vị"
    ).exists()


def test_a_step_the_workflow_does_not_have_is_refused(submitted, people):
    (dossier,) = award_dossiers(submitted)
    with pytest.raises(InvalidInput, match="không chuyển sang"):
        dossier_transition(nomination=dossier, to_status=S.ELIGIBLE, user=people["admin"])
    assert DossierTransition.objects.filter(nomination=dossier).count() == 1


@pytest.mark.parametrize("target", [S.AT_COUNCIL, S.AWARDED, S.NOT_AWARDED])
def test_council_and_decision_steps_are_not_taken_by_hand(appraised, people, target):
    (dossier,) = award_dossiers(appraised)
    with pytest.raises(InvalidInput, match="phiên họp|quyết định"):
        dossier_transition(nomination=dossier, to_status=target, user=people["admin"], reason="x")
    assert Nomination.objects.get(pk=dossier.pk).status == S.ELIGIBLE


def test_the_review_list_is_locked_once_the_proposal_is_sent(submitted, people):
    from giaingan.emulation.proposal import nomination_update

    review = submitted.nominations.get(purpose=Purpose.REVIEW)
    assert not review.editable
    with pytest.raises(InvalidInput):
        nomination_update(
            nomination=review, achievement="Khác", women_priority=False, user=people["tckh"]
        )


def test_a_returned_dossier_can_be_mended_and_sent_again(submitted, people):
    from giaingan.emulation.proposal import dossier_file_add, nomination_update

    dossier = _dossier_at(S.RETURNED, submitted, people)
    nomination_update(
        nomination=dossier,
        achievement="Thành tích bổ sung",
        women_priority=False,
        user=people["tckh"],
    )
    dossier_file_add(
        nomination=dossier,
        kind="bien_ban_hop_xet",
        name="bien-ban.pdf",
        content=b"%PDF-1.4 minutes",
        user=people["tckh"],
    )
    again = dossier_transition(nomination=dossier, to_status=S.SUBMITTED, user=people["tckh"])
    assert again.status == S.SUBMITTED
    assert again.files.filter(kind="bien_ban_hop_xet").exists()


def test_a_submitted_dossier_is_locked(submitted, people):
    from giaingan.emulation.proposal import dossier_file_add, nomination_update

    (dossier,) = award_dossiers(submitted)
    with pytest.raises(InvalidInput, match="đã trình"):
        nomination_update(
            nomination=dossier, achievement="Khác", women_priority=True, user=people["tckh"]
        )
    with pytest.raises(InvalidInput, match="đã trình"):
        dossier_file_add(
            nomination=dossier, kind="minh_chung", name="a.pdf", content=b"x", user=people["tckh"]
        )


def test_uploads_are_checked_and_nothing_is_kept_on_refusal(drafted, people):
    from giaingan.emulation.proposal import dossier_file_add

    dossier = drafted.nominations.get(purpose=Purpose.AWARD)
    with pytest.raises(InvalidInput) as refused:
        dossier_file_add(
            nomination=dossier,
            kind="minh_chung",
            name="virus.exe",
            content=b"MZ",
            user=people["tckh"],
        )
    assert "pdf" in str(refused.value.problems[0])
    assert not dossier.files.exists()


def test_individuals_and_contractors_can_be_added_with_their_achievement(drafted, district, people):
    person = nomination_add(
        proposal=drafted,
        category=Category.INDIVIDUAL,
        unit=district["board"],
        person_name="Chu Văn Tuấn",
        person_position="Giám đốc",
        achievement="Chỉ đạo giải ngân 100% kế hoạch trước thời hạn",
        women_priority=False,
        user=people["tckh"],
    )
    assert person.nominee == "Chu Văn Tuấn, Giám đốc, Ban QLDA ĐTXD huyện"
    with pytest.raises(InvalidInput, match="họ và tên"):
        nomination_add(
            proposal=drafted,
            category=Category.INDIVIDUAL,
            unit=district["board"],
            achievement="x",
            user=people["tckh"],
        )


def test_a_restricted_unit_cannot_be_added(drafted, district, people):
    UnitRestriction.objects.create(
        unit=district["vanan"], kind=RestrictionKind.INSPECTION, since=D(2025, 1, 1)
    )
    with pytest.raises(InvalidInput, match="Điều 4"):
        nomination_add(
            proposal=drafted,
            category=Category.COMMUNE,
            unit=district["vanan"],
            achievement="Làm tốt",
            user=people["tckh"],
        )
    assert not drafted.nominations.filter(unit=district["vanan"]).exists()


def test_allowed_steps_follow_the_rules(submitted, people):
    (dossier,) = award_dossiers(submitted)
    assert set(allowed_steps(dossier, people["noivu"])) == {S.RECEIVED, S.RETURNED}
    assert allowed_steps(dossier, people["tckh"]) == []
    assert allowed_steps(dossier, people["chutich"]) == []


def test_appraisal_is_due_ten_working_days_after_the_submission(submitted, people):
    from giaingan.emulation.selectors import appraisal_due

    (dossier,) = award_dossiers(submitted)
    # Sent Monday 03/02/2025; ten working days later is Monday 17/02/2025.
    assert appraisal_due(dossier) == D(2025, 2, 17)
    moved = dossier_transition(nomination=dossier, to_status=S.RECEIVED, user=people["noivu"])
    assert appraisal_due(moved) == D(2025, 2, 17)
    done = dossier_transition(nomination=moved, to_status=S.ELIGIBLE, user=people["noivu"])
    assert appraisal_due(done) is None


def test_the_pipeline_page_shows_the_appraisal_deadline(submitted, client_for):
    html = client_for("noivu").get("/thi-dua/DTC-2024/ho-so/").content.decode()
    assert "Hạn thẩm định: 17/02/2025" in html


def test_a_person_under_discipline_cannot_be_added_though_their_unit_can(drafted, district, people):
    UnitRestriction.objects.create(
        unit=district["board"],
        person_name="Chu Văn Tuấn",
        kind=RestrictionKind.DISCIPLINE,
        since=D(2025, 1, 10),
    )
    # However the name is typed: case, spaces, marks composed or combining.
    for typed in ["chu văn tuấn", "CHU  VĂN TUẤN", unicodedata.normalize("NFD", "Chu Văn Tuấn")]:
        with pytest.raises(InvalidInput, match="Điều 4"):
            nomination_add(
                proposal=drafted,
                category=Category.INDIVIDUAL,
                unit=district["board"],
                person_name=typed,
                person_position="Giám đốc",
                achievement="Chỉ đạo giải ngân",
                user=people["tckh"],
            )
    # Another person whose name differs only in its marks is not restricted.
    namesake = nomination_add(
        proposal=drafted,
        category=Category.INDIVIDUAL,
        unit=district["board"],
        person_name="Chu Văn Tuân",
        person_position="Phó Giám đốc",
        achievement="Chỉ đạo giải ngân",
        user=people["tckh"],
    )
    assert namesake.person_name == "Chu Văn Tuân"
    colleague = nomination_add(
        proposal=drafted,
        category=Category.INDIVIDUAL,
        unit=district["board"],
        person_name="Nông Thị Hoa",
        person_position="Kế toán",
        achievement="Thanh toán kịp thời",
        user=people["tckh"],
    )
    assert colleague.person_name == "Nông Thị Hoa"
    # The unit itself is not restricted: it stays on the award list.
    assert drafted.nominations.filter(unit=district["board"], person_name="").exists()


def test_a_person_is_listed_once_however_the_name_is_typed(drafted, district, people):
    def add(name):
        return nomination_add(
            proposal=drafted,
            category=Category.INDIVIDUAL,
            unit=district["board"],
            person_name=name,
            person_position="Giám đốc",
            achievement="Chỉ đạo giải ngân",
            user=people["tckh"],
        )

    add("Chu Văn Tuấn")
    with pytest.raises(InvalidInput, match="đã có trong danh sách"):
        add("CHU VĂN  TUẤN")
    assert drafted.nominations.filter(person_name__startswith="C").count() == 1
