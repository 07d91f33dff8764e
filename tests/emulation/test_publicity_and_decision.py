"""Public posting, objections, and the chairman's decision with prizes and certificates."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from giaingan.emulation.decisions import decision_issue
from giaingan.emulation.models import Award, DossierStatus, Purpose
from giaingan.emulation.publicity import objection_answer, objection_submit, posting_open
from giaingan.lib.problems import InvalidInput
from tests.emulation.conftest import PLACE, D, award_dossiers


def test_the_list_stays_posted_five_working_days(posted):
    # Friday 07/02/2025 + 5 working days = Friday 14/02/2025
    assert posted.ends_on == D(2025, 2, 14)


def test_posting_needs_the_council_first(appraised, people):
    with pytest.raises(InvalidInput, match="Hội đồng"):
        posting_open(proposal=appraised, posted_on=D(2025, 2, 7), user=people["noivu"])


@pytest.mark.parametrize("login", ["tckh", "chutich", "bqlda", "hoidong1", "xem"])
def test_only_internal_affairs_posts(voted, people, login):
    with pytest.raises(PermissionDenied):
        posting_open(proposal=voted, posted_on=D(2025, 2, 7), user=people[login])


def test_objections_are_taken_only_while_posted(posted):
    with pytest.raises(InvalidInput, match="ngoài thời gian"):
        objection_submit(
            posting=posted,
            sender_name="Nguyễn Văn A",
            sender_contact="0912345678",
            text="Công trình chưa hoàn thành như báo cáo.",
            on=D(2025, 2, 17),
        )
    assert not posted.objections.exists()


def test_an_unanswered_objection_blocks_the_decision(posted, people):
    objection = objection_submit(
        posting=posted,
        sender_name="Nguyễn Văn A",
        sender_contact="0912345678",
        text="Công trình đường chưa nghiệm thu, đề nghị xem lại.",
        on=D(2025, 2, 10),
    )
    with pytest.raises(InvalidInput, match="chưa được trả lời"):
        decision_issue(
            proposal=posted.proposal,
            number="25/QĐ-UBND",
            decided_on=D(2025, 2, 17),
            user=people["chutich"],
        )
    with pytest.raises(PermissionDenied):
        objection_answer(
            objection=objection, answer="Đã kiểm tra", founded=False, user=people["tckh"]
        )
    objection_answer(
        objection=objection,
        founded=False,
        answer="Công trình đã nghiệm thu ngày 15/01/2025 (biên bản số 03/BB-NT).",
        user=people["noivu"],
    )
    decision = decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    assert decision.awards.count() == 1


def test_no_decision_before_the_posting_ends(posted, people):
    with pytest.raises(InvalidInput, match="14/02/2025"):
        decision_issue(
            proposal=posted.proposal,
            number="25/QĐ-UBND",
            decided_on=D(2025, 2, 14),
            user=people["chutich"],
        )


@pytest.mark.parametrize("login", ["tckh", "noivu", "bqlda", "hoidong1", "xem"])
def test_only_the_chairman_decides(posted, people, login):
    with pytest.raises(PermissionDenied):
        decision_issue(
            proposal=posted.proposal,
            number="25/QĐ-UBND",
            decided_on=D(2025, 2, 17),
            user=people[login],
        )


def test_the_decision_awards_with_the_prize_in_force(posted, people):
    decision = decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    (award,) = decision.awards.all()
    # collective: 0.6 x 2.340.000 = 1.404.000, rounded up to 1.410.000
    assert (award.prize_amount, award.base_salary, award.gold_book_number) == (
        1_410_000,
        2_340_000,
        "0001/2025",
    )
    (dossier,) = award_dossiers(posted.proposal)
    assert dossier.status == DossierStatus.AWARDED
    assert decision.signer_title_lines == ["CHỦ TỊCH"]


def test_a_vice_chairman_signs_on_the_chairmans_behalf(posted, vice):
    decision = decision_issue(
        proposal=posted.proposal, number="25/QĐ-UBND", decided_on=D(2025, 2, 17), user=vice
    )
    assert decision.signer_title_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_the_decision_document_names_its_bases_and_lists_the_prize(posted, people):
    from docx import Document

    decision = decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    with decision.document.open("rb") as stored:
        document = Document(io.BytesIO(stored.read()))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for expected in [
        "25/QĐ-UBND",
        "ngày 17 tháng 02 năm 2025",
        "Luật Thi đua, khen thưởng",
        "98/2023/NĐ-CP",
        "Tờ trình số 12/TTr-TCKH",
        "Điều 1",
        "Điều 3",
        "Ban QLDA ĐTXD huyện",
        "1.410.000",
        "CHỦ TỊCH",
    ]:
        assert expected in text, expected


def test_the_certificates_print_one_page_per_recipient(posted, people):
    from pypdf import PdfReader

    decision = decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    with decision.certificates.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    (page,) = reader.pages
    text = page.extract_text()
    assert "GIẤY KHEN" in text
    assert "Ban QLDA ĐTXD huyện" in text
    assert "25/QĐ-UBND" in text
    assert "0001/2025" in text
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_one_achievement_is_awarded_once(posted, people, movement):
    from giaingan.emulation.proposal import nomination_add, proposal_draft

    decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    again = proposal_draft(movement=movement, as_of=D(2025, 1, 31), user=people["tckh"])
    assert not again.nominations.filter(purpose=Purpose.AWARD, unit__code="BQLDA").exists()
    board = Award.objects.get().unit
    with pytest.raises(InvalidInput, match="một lần"):
        nomination_add(
            proposal=again,
            category="chu_dau_tu",
            unit=board,
            achievement="Lần nữa",
            user=people["tckh"],
        )
    award = Award.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            decision=award.decision,
            nomination=again.nominations.first(),
            movement=movement,
            unit=board,
            prize_amount=1,
            coefficient=award.coefficient,
            base_salary=award.base_salary,
            gold_book_number="9999/2025",
        )


def test_a_nominee_the_council_rejected_is_not_awarded(appraised, movement, council, people):
    from giaingan.emulation.council import session_close, vote_cast
    from tests.emulation.conftest import open_session

    session = open_session(movement, council, people["noivu"])
    (dossier,) = session.dossiers.all()
    for member in council["members"][:4]:
        vote_cast(
            session=session, nomination=dossier, member=member, choice="khong_dong_y", user=member
        )
    session_close(session=session, user=people["noivu"])
    posting_open(
        proposal=appraised, posted_on=D(2025, 2, 7), past_place=PLACE, user=people["noivu"]
    )
    decision = decision_issue(
        proposal=appraised, number="26/QĐ-UBND", decided_on=D(2025, 2, 17), user=people["chutich"]
    )
    assert not decision.awards.exists()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.NOT_AWARDED
    assert "0/5" in dossier.status_reason
