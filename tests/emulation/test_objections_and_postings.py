"""Issue 9 rules 4 and 8: an objection's answer decides something, and a posting is dated
honestly (a past posting names where it was posted) and shown as over once its days are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from giaingan.emulation.decisions import decision_issue
from giaingan.emulation.models import Award, DossierStatus, ObjectionOutcome, Posting
from giaingan.emulation.publicity import objection_answer, objection_submit, posting_open
from giaingan.emulation.selectors import posted_dossiers
from giaingan.lib.problems import InvalidInput
from tests.emulation.conftest import PLACE, D

S = DossierStatus


def object_to(posting, nomination=None):
    return objection_submit(
        posting=posting,
        sender_name="Nguyễn Văn A",
        sender_contact="0912345678",
        text="Công trình đường chưa nghiệm thu, số liệu giải ngân chưa đúng.",
        nomination=nomination,
        on=D(2025, 2, 10),
    )


def decide(posting, people):
    return decision_issue(
        proposal=posting.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )


def the_dossier(posting):
    return posting.proposal.nominations.get(purpose="award")


def test_an_answer_must_say_whether_the_objection_is_founded(posted, people):
    objection = object_to(posted, the_dossier(posted))
    with pytest.raises(InvalidInput, match="có cơ sở hay không"):
        objection_answer(
            objection=objection, answer="Đã kiểm tra.", founded=None, user=people["noivu"]
        )
    objection.refresh_from_db()
    assert objection.answered_at is None


def test_a_founded_objection_needs_its_dossier_and_an_outcome(posted, people):
    objection = object_to(posted)  # about the whole list
    with pytest.raises(InvalidInput) as refused:
        objection_answer(
            objection=objection, answer="Có cơ sở.", founded=True, user=people["noivu"]
        )
    text = " ".join(str(p) for p in refused.value.problems)
    assert "chỉ rõ hồ sơ" in text and "cách xử lý" in text


def test_a_founded_objection_leaves_the_dossier_out_of_the_decision(posted, people):
    dossier = the_dossier(posted)
    objection = object_to(posted, dossier)
    objection_answer(
        objection=objection,
        answer="Công trình chưa nghiệm thu; số liệu báo cáo chưa đúng.",
        founded=True,
        outcome=ObjectionOutcome.NOT_AWARDED,
        user=people["noivu"],
    )
    decision = decide(posted, people)
    dossier.refresh_from_db()
    assert dossier.status == S.NOT_AWARDED
    assert "Ý kiến phản ánh có cơ sở" in dossier.status_reason
    assert "chưa nghiệm thu" in dossier.status_reason
    assert not Award.objects.exists()
    assert decision.prize_total == 0


def test_an_unfounded_objection_changes_nothing(posted, people):
    dossier = the_dossier(posted)
    objection_answer(
        objection=object_to(posted, dossier),
        answer="Công trình đã nghiệm thu ngày 15/01/2025.",
        founded=False,
        outcome=ObjectionOutcome.NOT_AWARDED,  # ignored: not founded
        user=people["noivu"],
    )
    decide(posted, people)
    dossier.refresh_from_db()
    assert dossier.status == S.AWARDED


def test_a_founded_objection_can_send_the_dossier_back_to_appraisal(posted, people, client):
    dossier = the_dossier(posted)
    objection_answer(
        objection=object_to(posted, dossier),
        answer="Cần xác minh lại biên bản nghiệm thu.",
        founded=True,
        outcome=ObjectionOutcome.REAPPRAISE,
        user=people["noivu"],
    )
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED
    assert dossier.council_session is None
    assert "xác minh lại" in dossier.status_reason
    assert posted_dossiers(posted.proposal) == []
    # Nothing is left to decide; the public list no longer shows it.
    with pytest.raises(InvalidInput, match="Không có hồ sơ"):
        decide(posted, people)
    page = client.get(f"/public/khen-thuong/niem-yet/{posted.pk}/").content.decode()
    assert (
        "Ban QLDA ĐTXD huyện" not in page.split('data-testid="posted-list"')[1].split("</table>")[0]
    )


def test_the_answer_form_records_a_founded_objection(posted, client_for):
    dossier = the_dossier(posted)
    objection = object_to(posted)
    client = client_for("noivu")
    response = client.post(
        f"/thi-dua/DTC-2024/y-kien/{objection.pk}/tra-loi/",
        {
            f"o{objection.pk}-answer": "Xác minh: công trình chưa nghiệm thu.",
            f"o{objection.pk}-founded": "co",
            f"o{objection.pk}-outcome": ObjectionOutcome.NOT_AWARDED,
            f"o{objection.pk}-nomination": str(dossier.pk),
        },
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert (objection.founded, objection.outcome, objection.nomination) == (
        True,
        ObjectionOutcome.NOT_AWARDED,
        dossier,
    )
    page = client.get("/thi-dua/DTC-2024/ho-so/").content.decode()
    assert "Phản ánh có cơ sở" in page


# Postings


def test_a_posting_dated_before_today_needs_the_place_it_was_posted(voted, people):
    with pytest.raises(InvalidInput, match="nơi đã niêm yết"):
        posting_open(proposal=voted, posted_on=D(2025, 2, 7), user=people["noivu"])
    assert not Posting.objects.exists()
    posting = posting_open(
        proposal=voted, posted_on=D(2025, 2, 7), past_place=PLACE, user=people["noivu"]
    )
    assert posting.recorded_late
    assert posting.recorded_on == timezone.localdate()
    assert posting.past_place == PLACE


def test_a_posting_from_today_is_not_a_past_posting(voted, people):
    today = timezone.localdate()
    posting = posting_open(
        proposal=voted, posted_on=today, past_place="ignored", user=people["noivu"]
    )
    assert not posting.recorded_late
    assert posting.recorded_on == today


def test_the_page_asks_for_the_place_of_a_past_posting(voted, client_for):
    client = client_for("noivu")
    response = client.post(
        f"/thi-dua/DTC-2024/to-trinh/{voted.pk}/niem-yet/", {"posted_on": "07/02/2025"}
    )
    assert response.status_code == 400
    assert "nơi đã niêm yết" in response.content.decode()
    assert not Posting.objects.exists()


def test_the_public_page_moves_a_posting_to_posted_when_its_days_are_over(voted, people, client):
    today = timezone.localdate()
    current = posting_open(proposal=voted, posted_on=today, user=people["noivu"])
    page = client.get("/public/khen-thuong/").content.decode()
    now_posted = page.split('data-testid="postings-current"')[1].split("</section>")[0]
    assert f"/public/khen-thuong/niem-yet/{current.pk}/" in now_posted
    Posting.objects.filter(pk=current.pk).update(
        posted_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=13)
    )
    page = client.get("/public/khen-thuong/").content.decode()
    now_posted = page.split('data-testid="postings-current"')[1].split("</section>")[0]
    over = page.split('data-testid="postings-past"')[1].split("</section>")[0]
    assert f"/public/khen-thuong/niem-yet/{current.pk}/" not in now_posted
    assert f"/public/khen-thuong/niem-yet/{current.pk}/" in over
    assert "đã niêm yết từ" in over


def test_a_past_posting_is_shown_as_such_on_the_public_page(posted, client):
    page = client.get(f"/public/khen-thuong/niem-yet/{posted.pk}/").content.decode()
    assert PLACE in page
    assert "Đã niêm yết" in page


def test_the_chairman_leaves_out_a_dossier_from_the_decision_form(posted, client_for):
    dossier = the_dossier(posted)
    client = client_for("chutich")
    page = client.get("/thi-dua/DTC-2024/ho-so/").content.decode()
    assert f'name="bo-{dossier.pk}"' in page
    response = client.post(
        f"/thi-dua/DTC-2024/to-trinh/{posted.proposal.pk}/quyet-dinh/",
        {
            "number": "25/QĐ-UBND",
            "decided_on": "17/02/2025",
            f"bo-{dossier.pk}": "Công trình chưa quyết toán.",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.NOT_AWARDED
    assert dossier.status_reason == "Chủ tịch không khen thưởng: Công trình chưa quyết toán."
    assert not Award.objects.exists()
