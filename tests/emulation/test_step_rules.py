"""Issue 9 rule 3 and issue 10 item 8: each step checks restrictions on its own date, and
only a chairman's or vice-chairman's role signs, never on a day still to come."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from giaingan.emulation.decisions import decision_issue
from giaingan.emulation.models import (
    Award,
    DossierStatus,
    RestrictionKind,
    UnitRestriction,
)
from giaingan.emulation.proposal import dossiers_move, proposal_submit
from giaingan.emulation.publicity import posting_open
from giaingan.lib.problems import InvalidInput
from tests.emulation.conftest import D, award_dossiers, open_session

S = DossierStatus


def restrict(unit, since, kind=RestrictionKind.INVESTIGATION, person_name=""):
    return UnitRestriction.objects.create(
        unit=unit, kind=kind, since=since, person_name=person_name
    )


def board_dossier(proposal):
    return proposal.nominations.get(unit__code="BQLDA", purpose="award")


def test_a_unit_restricted_before_the_submission_is_not_submitted(drafted, district, people):
    restrict(district["board"], D(2025, 2, 1))
    with pytest.raises(InvalidInput, match="Đang bị điều tra từ ngày 01/02/2025"):
        proposal_submit(
            proposal=drafted, number="12/TTr", submitted_on=D(2025, 2, 3), user=people["tckh"]
        )
    drafted.refresh_from_db()
    assert drafted.status == "nhap"
    assert board_dossier(drafted).status == S.DRAFT


def test_a_restriction_that_ended_before_the_step_does_not_stop_it(drafted, district, people):
    UnitRestriction.objects.create(
        unit=district["board"],
        kind=RestrictionKind.INSPECTION,
        since=D(2024, 6, 1),
        until=D(2024, 12, 31),
    )
    proposal_submit(
        proposal=drafted, number="12/TTr", submitted_on=D(2025, 2, 3), user=people["tckh"]
    )
    assert board_dossier(drafted).status == S.SUBMITTED


@pytest.mark.parametrize("step", [S.RECEIVED, S.ELIGIBLE])
def test_receiving_and_appraisal_stop_a_unit_restricted_after_it_was_proposed(
    submitted, district, people, step
):
    dossiers = award_dossiers(submitted)
    if step == S.ELIGIBLE:
        dossiers_move(nominations=dossiers, to_status=S.RECEIVED, user=people["noivu"])
    restrict(district["board"], D(2025, 2, 4), kind=RestrictionKind.DISCIPLINE)
    with pytest.raises(InvalidInput) as refused:
        dossiers_move(nominations=dossiers, to_status=step, user=people["noivu"])
    text = str(refused.value.problems[0])
    assert "Ban QLDA ĐTXD huyện" in text and "Đang bị xem xét kỷ luật từ ngày 04/02/2025" in text
    assert board_dossier(submitted).status != step
    # The way out is the one with a reason: returned at receiving, not eligible at appraisal.
    way_out = S.RETURNED if step == S.RECEIVED else S.INELIGIBLE
    dossiers_move(nominations=dossiers, to_status=way_out, user=people["noivu"], reason=text)
    assert board_dossier(submitted).status == way_out


def test_the_step_is_judged_on_its_own_date(submitted, district, people):
    restrict(district["board"], D(2025, 3, 1))
    dossiers = award_dossiers(submitted)
    dossiers_move(
        nominations=dossiers, to_status=S.RECEIVED, user=people["noivu"], on=D(2025, 2, 5)
    )
    with pytest.raises(InvalidInput, match="01/03/2025"):
        dossiers_move(
            nominations=dossiers, to_status=S.ELIGIBLE, user=people["noivu"], on=D(2025, 3, 2)
        )


def test_the_council_does_not_hear_a_unit_restricted_after_its_appraisal(
    appraised, movement, council, district, people
):
    second = appraised.nominations.create(
        purpose="award",
        category="chu_dau_tu",
        unit=district["vanan"],
        achievement="Hoàn thành kế hoạch",
        status=S.ELIGIBLE,
    )
    restrict(district["board"], D(2025, 2, 5))
    session = open_session(movement, council, people["noivu"])
    board = board_dossier(appraised)
    assert board.status == S.INELIGIBLE
    assert "trình Hội đồng" in board.status_reason and "05/02/2025" in board.status_reason
    assert list(session.dossiers.all()) == [second]


def test_no_session_when_every_dossier_is_restricted(
    appraised, movement, council, district, people
):
    restrict(district["board"], D(2025, 2, 5))
    with pytest.raises(InvalidInput, match="Đang bị điều tra từ ngày 05/02/2025"):
        open_session(movement, council, people["noivu"])
    assert board_dossier(appraised).status == S.ELIGIBLE


def test_the_decision_does_not_award_a_unit_restricted_after_the_council(posted, district, people):
    restrict(district["board"], D(2025, 2, 15), kind=RestrictionKind.COMPLAINT)
    decision = decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    assert not Award.objects.exists()
    assert decision.prize_total == 0
    board = board_dossier(posted.proposal)
    assert board.status == S.NOT_AWARDED
    assert "Có khiếu nại, tố cáo chưa giải quyết từ ngày 15/02/2025" in board.status_reason


def test_a_restriction_from_after_the_decision_date_does_not_undo_it(posted, district, people):
    restrict(district["board"], D(2025, 2, 18))
    decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    assert board_dossier(posted.proposal).status == S.AWARDED


def test_a_restricted_person_does_not_stop_their_unit(posted, district, people):
    restrict(district["board"], D(2025, 2, 10), person_name="Nguyễn Văn Bình")
    decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    assert board_dossier(posted.proposal).status == S.AWARDED


# Issue 10, item 8: only a role signs.


def test_a_superuser_without_the_role_cannot_decide(posted, people):
    with pytest.raises(PermissionDenied):
        decision_issue(
            proposal=posted.proposal,
            number="25/QĐ-UBND",
            decided_on=D(2025, 2, 17),
            user=people["admin"],
        )
    assert not Award.objects.exists()


def test_a_vice_chairman_signs_on_the_chairmans_behalf(posted, vice):
    decision = decision_issue(
        proposal=posted.proposal, number="25/QĐ-UBND", decided_on=D(2025, 2, 17), user=vice
    )
    assert decision.signer == vice
    assert decision.signer_title_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_the_superuser_is_refused_on_the_page_and_sees_no_decision_form(posted, client_for):
    client = client_for("admin")
    page = client.get("/thi-dua/DTC-2024/ho-so/").content.decode()
    assert "Ban hành quyết định" not in page
    response = client.post(
        f"/thi-dua/DTC-2024/to-trinh/{posted.proposal.pk}/quyet-dinh/",
        {"number": "25/QĐ-UBND", "decided_on": "17/02/2025"},
    )
    assert response.status_code == 403
    assert not Award.objects.exists()


def test_a_decision_cannot_be_dated_in_the_future(posted, people):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(InvalidInput, match="sau hôm nay"):
        decision_issue(
            proposal=posted.proposal,
            number="25/QĐ-UBND",
            decided_on=tomorrow,
            user=people["chutich"],
        )
    assert not Award.objects.exists()


def test_a_session_cannot_be_dated_in_the_future(appraised, movement, council, people):
    from giaingan.emulation.council import session_open

    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    with pytest.raises(InvalidInput, match="sau hôm nay"):
        session_open(
            movement=movement,
            council=council["unit"],
            held_at=tomorrow,
            venue="Phòng họp",
            chair_name="Hoàng Văn Thuận",
            secretary_name="Hà Thị Lan",
            present={m.pk for m in council["members"][:4]},
            written=set(),
            user=people["noivu"],
        )
    assert board_dossier(appraised).status == S.ELIGIBLE


def test_a_posting_cannot_be_dated_in_the_future(voted, people):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(InvalidInput, match="sau hôm nay"):
        posting_open(proposal=voted, posted_on=tomorrow, user=people["noivu"])
    assert not voted.postings.exists()


def test_the_chairman_leaves_out_a_dossier_with_a_written_reason(posted, people):
    board = board_dossier(posted.proposal)
    with pytest.raises(InvalidInput, match="lý do"):
        decision_issue(
            proposal=posted.proposal,
            number="25/QĐ-UBND",
            decided_on=D(2025, 2, 17),
            user=people["chutich"],
            left_out={board.pk: "  "},
        )
    decision = decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
        left_out={board.pk: "Công trình chưa quyết toán."},
    )
    board.refresh_from_db()
    assert board.status == S.NOT_AWARDED
    assert board.status_reason == "Chủ tịch không khen thưởng: Công trình chưa quyết toán."
    assert not decision.awards.exists()


# Issue 9 rule 7: a member sees only their own ballot until the session closes.


def test_a_member_sees_only_their_own_ballot_while_the_session_is_open(in_session, council, client):
    from giaingan.emulation.council import vote_cast

    first, second = council["members"][:2]
    dossier = in_session.dossiers.get()
    vote_cast(session=in_session, nomination=dossier, member=first, choice="dong_y", user=first)
    vote_cast(
        session=in_session, nomination=dossier, member=second, choice="khong_dong_y", user=second
    )
    url = f"/thi-dua/DTC-2024/hop/{in_session.pk}/"
    client.force_login(first)
    page = client.get(url).content.decode()
    assert 'data-testid="tally"' not in page
    assert 'data-testid="ballots-sealed"' in page
    votes = page.split('data-testid="votes"')[1].split("</table>")[0]
    assert "Thành viên 1" in votes and "Đồng ý" in votes
    assert "Thành viên 2" not in votes and "Không đồng ý" not in votes
    # The minutes do not exist before the close.
    assert client.get(url + "bien-ban.docx").status_code == 404


@pytest.mark.parametrize("login", ["chutich", "hoidong1", "xem", "tckh"])
def test_nobody_else_reads_the_ballots_before_the_close(in_session, council, client_for, login):
    from giaingan.emulation.council import vote_cast

    first = council["members"][0]
    dossier = in_session.dossiers.get()
    vote_cast(
        session=in_session, nomination=dossier, member=first, choice="khong_dong_y", user=first
    )
    page = client_for(login).get(f"/thi-dua/DTC-2024/hop/{in_session.pk}/").content.decode()
    assert "Không đồng ý" not in page.split("</form>")[-1]
    assert 'data-testid="tally"' not in page


def test_internal_affairs_runs_the_count_and_everyone_reads_it_after_the_close(
    in_session, council, people, client_for
):
    from giaingan.emulation.council import session_close, vote_cast

    first = council["members"][0]
    dossier = in_session.dossiers.get()
    vote_cast(
        session=in_session, nomination=dossier, member=first, choice="khong_dong_y", user=first
    )
    url = f"/thi-dua/DTC-2024/hop/{in_session.pk}/"
    assert 'data-testid="tally"' in client_for("noivu").get(url).content.decode()
    session_close(session=in_session, user=people["noivu"])
    client = client_for(None)
    client.force_login(council["members"][1])
    page = client.get(url).content.decode()
    assert 'data-testid="tally"' in page
    assert "Không đồng ý" in page.split('data-testid="votes"')[1]


# Issue 9 rule 6: a list drafted before the deadline is provisional and is not submitted.


@pytest.fixture
def early(movement, ledger, people):
    from giaingan.emulation.proposal import proposal_draft

    return proposal_draft(movement=movement, as_of=D(2024, 12, 15), user=people["tckh"])


def test_a_list_drafted_before_the_deadline_is_provisional_and_cannot_be_submitted(early, people):
    assert early.provisional
    with pytest.raises(InvalidInput, match="tạm tính"):
        proposal_submit(
            proposal=early, number="12/TTr", submitted_on=D(2025, 2, 3), user=people["tckh"]
        )
    early.refresh_from_db()
    assert early.status == "nhap"
    assert not early.document


def test_a_list_as_of_the_deadline_is_final(drafted):
    assert drafted.as_of == drafted.movement.completion_deadline
    assert not drafted.provisional


def test_every_page_marks_a_provisional_list(early, client_for):
    client = client_for("tckh")
    pipeline = client.get("/thi-dua/DTC-2024/ho-so/").content.decode()
    assert 'data-testid="provisional"' in pipeline and "Tạm tính" in pipeline
    dossier = early.nominations.filter(purpose="award").first()
    page = client.get(f"/thi-dua/DTC-2024/ho-so/{dossier.pk}/").content.decode()
    assert 'data-testid="provisional"' in page
    standing = client.get("/thi-dua/DTC-2024/?as_of=15/12/2024").content.decode()
    assert "Kết quả tạm tính" in standing
    final = client.get("/thi-dua/DTC-2024/?as_of=31/01/2025").content.decode()
    assert "Kết quả tạm tính" not in final


def test_the_submit_page_says_the_list_is_provisional(early, client_for):
    response = client_for("tckh").post(
        f"/thi-dua/DTC-2024/to-trinh/{early.pk}/trinh/",
        {"number": "12/TTr", "submitted_on": "03/02/2025"},
    )
    assert response.status_code == 400
    assert "tạm tính" in response.content.decode()
