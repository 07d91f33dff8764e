"""The council's roll call, each member's vote, and the tally under the rules in force."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given, settings
from hypothesis import strategies as st

from giaingan.emulation.council import session_close, vote_cast
from giaingan.emulation.models import DossierStatus, SessionStatus, Vote
from giaingan.emulation.selectors import session_results
from giaingan.emulation.votes import quorum_met, votes_tally
from giaingan.lib.problems import InvalidInput
from tests.emulation.conftest import open_session

HALF = Decimal("0.5")
AGREE, DISAGREE, ABSTAIN = "dong_y", "khong_dong_y", "khong_bieu_quyet"


def tally(choices, members=5, present=None, denominator="all"):
    present = sum(1 for _, written in choices if not written) if present is None else present
    return votes_tally(
        choices, members=members, present=present, threshold=HALF, denominator=denominator
    )


def test_three_of_five_members_pass_a_nominee():
    result = tally([(AGREE, False)] * 3 + [(DISAGREE, False)] * 2)
    assert (result.agree, result.needed, result.passed) == (3, 3, True)


def test_a_tie_does_not_pass():
    result = tally([(AGREE, False)] * 2 + [(DISAGREE, False)] * 2, members=4)
    assert (result.needed, result.passed) == (3, False)


def test_abstentions_count_against_when_the_denominator_is_all_members():
    result = tally([(AGREE, False)] * 2 + [(ABSTAIN, False)] * 3)
    assert (result.abstain, result.passed) == (3, False)


def test_present_members_who_did_not_vote_are_counted_as_abstaining():
    result = tally([(AGREE, False)] * 2, present=4)
    assert result.abstain == 2


def test_absent_members_written_opinions_count():
    result = tally([(AGREE, False)] * 2 + [(AGREE, True)], present=2)
    assert (result.agree, result.written, result.passed) == (3, 1, True)


def test_with_a_present_denominator_fewer_votes_pass():
    choices = [(AGREE, False)] * 2 + [(DISAGREE, False)]
    assert not tally(choices, members=7, denominator="all").passed
    passed = tally(choices, members=7, denominator="present")
    assert (passed.denominator, passed.needed, passed.passed) == (3, 2, True)


def test_quorum_needs_more_than_half_present():
    assert not quorum_met(present=2, members=4, quorum=HALF)
    assert quorum_met(present=3, members=4, quorum=HALF)
    assert not quorum_met(present=0, members=0, quorum=HALF)


@settings(deadline=None)  # the suite runs beside a browser on two cores
@given(
    members=st.integers(1, 15),
    data=st.data(),
    denominator=st.sampled_from(["all", "present"]),
)
def test_the_tally_adds_up_and_passes_only_above_the_threshold(members, data, denominator):
    present = data.draw(st.integers(0, members))
    written_count = data.draw(st.integers(0, members - present))
    voters = data.draw(st.integers(0, present))
    choices = [
        (data.draw(st.sampled_from([AGREE, DISAGREE, ABSTAIN])), False) for _ in range(voters)
    ] + [
        (data.draw(st.sampled_from([AGREE, DISAGREE, ABSTAIN])), True) for _ in range(written_count)
    ]
    result = votes_tally(
        choices, members=members, present=present, threshold=HALF, denominator=denominator
    )
    assert result.agree + result.disagree + result.abstain == present + written_count
    base = members if denominator == "all" else present + written_count
    assert result.denominator == base
    assert result.passed == (base > 0 and 2 * result.agree > base)


def test_a_session_without_quorum_is_not_opened(appraised, movement, council, people):
    members = council["members"]
    with pytest.raises(InvalidInput, match="Không đủ số thành viên"):
        open_session(movement, council, people["noivu"], present={m.pk for m in members[:2]})
    assert not movement.sessions.exists()
    (dossier,) = appraised.nominations.filter(purpose="award")
    assert dossier.status == DossierStatus.ELIGIBLE


@pytest.mark.parametrize("login", ["tckh", "chutich", "bqlda", "hoidong1", "xem"])
def test_only_internal_affairs_opens_a_session(appraised, movement, council, people, login):
    with pytest.raises(PermissionDenied):
        open_session(movement, council, people[login])


def test_opening_puts_the_eligible_dossiers_before_the_council(
    appraised, movement, council, people
):
    session = open_session(movement, council, people["noivu"])
    (dossier,) = session.dossiers.all()
    assert dossier.status == DossierStatus.AT_COUNCIL
    assert session.attendance.filter(present=True).count() == 4


def test_a_member_votes_only_for_themself(appraised, movement, council, people):
    session = open_session(movement, council, people["noivu"])
    (dossier,) = session.dossiers.all()
    first, second = council["members"][:2]
    vote_cast(session=session, nomination=dossier, member=first, choice=AGREE, user=first)
    with pytest.raises(PermissionDenied):
        vote_cast(session=session, nomination=dossier, member=second, choice=AGREE, user=first)
    with pytest.raises(PermissionDenied):
        # hoidong1 sits on no council of this session
        vote_cast(
            session=session,
            nomination=dossier,
            member=people["hoidong1"],
            choice=AGREE,
            user=people["hoidong1"],
        )
    assert Vote.objects.filter(session=session).count() == 1


def test_a_member_may_change_their_vote_while_the_session_is_open(
    appraised, movement, council, people
):
    session = open_session(movement, council, people["noivu"])
    (dossier,) = session.dossiers.all()
    member = council["members"][0]
    vote_cast(session=session, nomination=dossier, member=member, choice=AGREE, user=member)
    vote_cast(session=session, nomination=dossier, member=member, choice=DISAGREE, user=member)
    assert Vote.objects.get(session=session, member=member).choice == DISAGREE


def test_internal_affairs_records_an_absent_members_written_opinion(
    appraised, movement, council, people
):
    members = council["members"]
    session = open_session(
        movement,
        council,
        people["noivu"],
        present={m.pk for m in members[:3]},
        written={members[4].pk},
    )
    (dossier,) = session.dossiers.all()
    absent = members[4]
    with pytest.raises(PermissionDenied):
        vote_cast(session=session, nomination=dossier, member=absent, choice=AGREE, user=absent)
    vote = vote_cast(
        session=session, nomination=dossier, member=absent, choice=AGREE, user=people["noivu"]
    )
    assert vote.written
    with pytest.raises(PermissionDenied):
        # members[3] is absent with no written opinion
        vote_cast(
            session=session,
            nomination=dossier,
            member=members[3],
            choice=AGREE,
            user=people["noivu"],
        )


def test_closing_keeps_the_tally_and_the_minutes(appraised, movement, council, people):
    import io

    from docx import Document

    session = open_session(movement, council, people["noivu"])
    (dossier,) = session.dossiers.all()
    for member, choice in zip(council["members"][:4], [AGREE, AGREE, AGREE, DISAGREE], strict=True):
        vote_cast(session=session, nomination=dossier, member=member, choice=choice, user=member)
    session_close(session=session, user=people["noivu"])
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    result = session_results(session)[dossier.pk]
    assert (result.agree, result.disagree, result.abstain, result.passed) == (3, 1, 0, True)
    with session.minutes.open("rb") as stored:
        text = "\n".join(
            cell.text
            for table in Document(io.BytesIO(stored.read())).tables
            for row in table.rows
            for cell in row.cells
        )
    assert "Ban QLDA ĐTXD huyện" in text
    assert "Đạt" in text
    with pytest.raises(InvalidInput, match="kết thúc"):
        vote_cast(
            session=session,
            nomination=dossier,
            member=council["members"][0],
            choice=DISAGREE,
            user=council["members"][0],
        )
