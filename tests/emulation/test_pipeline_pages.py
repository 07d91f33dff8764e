"""The award pipeline's pages: each shows its role what it needs, each form does what it says,
and a refused form shows the Vietnamese reason with status 400 and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from giaingan.emulation.models import (
    AwardDecision,
    CouncilSession,
    DossierStatus,
    DossierTransition,
    Nomination,
    Posting,
    Proposal,
    ProposalStatus,
    Purpose,
    SessionStatus,
    Vote,
)
from giaingan.emulation.publicity import objection_submit
from giaingan.rulebook.models import Holiday
from tests.emulation.conftest import D, award_dossiers

S = DossierStatus
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BASE = "/thi-dua/DTC-2024"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def text(response) -> str:
    return response.content.decode()


def dossier_of(proposal) -> Nomination:
    (dossier,) = award_dossiers(proposal)
    return dossier


# --- Drafting the list ---------------------------------------------------------------------


def test_finance_planning_is_offered_a_draft_from_the_deadline(movement, ledger, client_for):
    response = client_for("tckh").get(f"{BASE}/ho-so/")
    assert response.status_code == 200
    page = text(response)
    assert "Lập danh sách đề nghị" in page
    assert 'value="31/01/2025"' in page
    assert "Phong trào chưa có tờ trình" in page


def test_others_see_the_page_without_the_draft_form(movement, ledger, client_for):
    response = client_for("noivu").get(f"{BASE}/ho-so/")
    assert response.status_code == 200
    assert "Lập danh sách đề nghị" not in text(response)


def test_drafting_lists_the_awards_and_the_reviews_with_their_figures(movement, ledger, client_for):
    client = client_for("tckh")
    response = client.post(f"{BASE}/ho-so/lap-danh-sach/", {"as_of": "31/01/2025"})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.as_of == D(2025, 1, 31)
    page = text(client.get(f"{BASE}/ho-so/"))
    assert "Dự thảo danh sách đề nghị" in page
    assert "Ban QLDA ĐTXD huyện" in page
    assert "1.000,0" in page  # plan in millions of đồng
    assert "100,00" in page
    assert "UBND xã Tân Đoàn" in page
    assert "40,00" in page
    assert "20/11/2024" in page  # the day the board reached 100%
    assert "Thêm vào danh sách" in page
    assert "Trình tờ trình" in page
    assert "Lập danh sách đề nghị</h2>" not in page  # one draft at a time


def test_a_draft_with_an_impossible_date_is_refused(movement, ledger, client_for):
    response = client_for("tckh").post(f"{BASE}/ho-so/lap-danh-sach/", {"as_of": "31/02/2025"})
    assert response.status_code == 400
    assert "Ngày không có thật" in text(response)
    assert not Proposal.objects.exists()


def test_a_second_draft_is_refused_with_the_services_reason(drafted, client_for):
    response = client_for("tckh").post(f"{BASE}/ho-so/lap-danh-sach/", {"as_of": "31/01/2025"})
    assert response.status_code == 400
    assert "đã có một dự thảo tờ trình" in text(response)
    assert Proposal.objects.count() == 1


def test_an_individual_is_added_with_their_achievement(drafted, district, client_for):
    response = client_for("tckh").post(
        f"{BASE}/to-trinh/{drafted.pk}/them/",
        {
            "category": "ca_nhan",
            "unit": district["board"].pk,
            "person_name": "Chu Văn Tuấn",
            "person_position": "Giám đốc",
            "achievement": "Chỉ đạo giải ngân 100% kế hoạch trước thời hạn",
            "women_priority": "on",
        },
    )
    assert response.status_code == 302
    person = drafted.nominations.get(person_name="Chu Văn Tuấn")
    assert (person.category, person.women_priority) == ("ca_nhan", True)


def test_an_individual_without_a_name_is_refused(drafted, district, client_for):
    response = client_for("tckh").post(
        f"{BASE}/to-trinh/{drafted.pk}/them/",
        {"category": "ca_nhan", "unit": district["board"].pk, "achievement": "Làm tốt"},
    )
    assert response.status_code == 400
    assert "Đề nghị khen cá nhân phải ghi họ và tên" in text(response)
    assert drafted.nominations.count() == 2


def test_the_achievement_is_edited_and_cannot_be_emptied(drafted, client_for):
    client = client_for("tckh")
    board = drafted.nominations.get(purpose=Purpose.AWARD)
    url = f"{BASE}/ho-so/{board.pk}/sua/"
    response = client.post(url, {f"n{board.pk}-achievement": "Hoàn thành 100% kế hoạch sớm"})
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.achievement == "Hoàn thành 100% kế hoạch sớm"
    response = client.post(url, {f"n{board.pk}-achievement": "  "})
    assert response.status_code == 400
    assert "Thành tích: Chưa nhập." in text(response)
    board.refresh_from_db()
    assert board.achievement == "Hoàn thành 100% kế hoạch sớm"


def test_a_line_is_taken_off_the_draft(drafted, client_for):
    review = drafted.nominations.get(purpose=Purpose.REVIEW)
    response = client_for("tckh").post(f"{BASE}/ho-so/{review.pk}/xoa/")
    assert response.status_code == 302
    assert not Nomination.objects.filter(pk=review.pk).exists()


def test_submitting_numbers_the_proposal_and_sends_the_dossiers(drafted, client_for):
    client = client_for("tckh")
    response = client.post(
        f"{BASE}/to-trinh/{drafted.pk}/trinh/",
        {"number": "12/TTr-TCKH", "submitted_on": "03/02/2025"},
    )
    assert response.status_code == 302
    drafted.refresh_from_db()
    assert (drafted.status, drafted.number, drafted.submitted_on) == (
        ProposalStatus.SUBMITTED,
        "12/TTr-TCKH",
        D(2025, 2, 3),
    )
    assert dossier_of(drafted).status == S.SUBMITTED
    page = text(client.get(f"{BASE}/ho-so/"))
    assert "Tờ trình số 12/TTr-TCKH" in page
    assert "Tải Tờ trình số 12/TTr-TCKH (.docx)" in page
    assert "Đã trình" in page


def test_a_submission_dated_before_the_figures_is_refused(drafted, client_for):
    response = client_for("tckh").post(
        f"{BASE}/to-trinh/{drafted.pk}/trinh/",
        {"number": "12/TTr-TCKH", "submitted_on": "15/01/2025"},
    )
    assert response.status_code == 400
    assert "Ngày trình phải từ ngày số liệu (31/01/2025) trở đi" in text(response)
    drafted.refresh_from_db()
    assert drafted.status == ProposalStatus.DRAFT


# --- Appraisal -----------------------------------------------------------------------------


def test_internal_affairs_sees_the_dossier_with_its_buttons(submitted, client_for):
    page = text(client_for("noivu").get(f"{BASE}/ho-so/"))
    assert "Ban QLDA ĐTXD huyện" in page
    assert "Tiếp nhận</button>" in page
    assert "Trả lại</button>" in page
    assert "Báo cáo thành tích" in page
    assert "Thực hiện với các hồ sơ đã chọn" in page


def test_finance_planning_sees_no_appraisal_buttons(submitted, client_for):
    page = text(client_for("tckh").get(f"{BASE}/ho-so/"))
    assert "Ban QLDA ĐTXD huyện" in page
    assert "Tiếp nhận</button>" not in page


def test_receiving_and_finding_eligible_moves_the_dossier(submitted, client_for):
    client = client_for("noivu")
    dossier = dossier_of(submitted)
    url = f"{BASE}/ho-so/{dossier.pk}/chuyen/"
    assert client.post(url, {"to_status": S.RECEIVED}).status_code == 302
    assert client.post(url, {"to_status": S.ELIGIBLE, "back": "dossier"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.ELIGIBLE
    last = dossier.transitions.order_by("-id").first()
    assert (last.from_status, last.to_status) == (S.RECEIVED, S.ELIGIBLE)


def test_returning_without_a_reason_is_refused(submitted, client_for):
    dossier = dossier_of(submitted)
    response = client_for("noivu").post(
        f"{BASE}/ho-so/{dossier.pk}/chuyen/", {"to_status": S.RETURNED, "reason": " "}
    )
    assert response.status_code == 400
    assert "Lý do: Phải ghi rõ lý do." in text(response)
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
    assert dossier.transitions.count() == 1


def test_returning_with_a_reason_shows_it_on_the_dossier(submitted, client_for):
    client = client_for("noivu")
    dossier = dossier_of(submitted)
    response = client.post(
        f"{BASE}/ho-so/{dossier.pk}/chuyen/",
        {"to_status": S.RETURNED, "reason": "Thiếu biên bản họp xét", "back": "dossier"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/ho-so/{dossier.pk}/"
    page = text(client.get(f"{BASE}/ho-so/{dossier.pk}/"))
    assert "Lý do: Thiếu biên bản họp xét" in page
    assert "noivu" in page  # who returned it, in the history


def test_a_step_the_workflow_does_not_have_is_refused(submitted, client_for):
    dossier = dossier_of(submitted)
    response = client_for("noivu").post(
        f"{BASE}/ho-so/{dossier.pk}/chuyen/", {"to_status": S.ELIGIBLE}
    )
    assert response.status_code == 400
    assert "không chuyển sang «Thẩm định: đủ điều kiện»" in text(response)
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED


def test_the_council_step_is_taken_only_by_opening_a_session(appraised, client_for):
    dossier = dossier_of(appraised)
    response = client_for("noivu").post(
        f"{BASE}/ho-so/{dossier.pk}/chuyen/", {"to_status": S.AT_COUNCIL}
    )
    assert response.status_code == 400
    assert "khi mở phiên họp Hội đồng" in text(response)
    dossier.refresh_from_db()
    assert dossier.status == S.ELIGIBLE


def test_several_dossiers_take_one_step_together(submitted, district, people, client_for):
    from giaingan.emulation.models import Category

    extra = Nomination.objects.create(
        proposal=submitted,
        purpose=Purpose.AWARD,
        category=Category.COMMUNE,
        unit=district["vanan"],
        achievement="Làm tốt",
        status=S.SUBMITTED,
    )
    board = dossier_of_board(submitted)
    client = client_for("noivu")
    url = f"{BASE}/to-trinh/{submitted.pk}/chuyen/"
    response = client.post(url, {"to_status": S.RECEIVED, "dossiers": [board.pk, extra.pk]})
    assert response.status_code == 302
    statuses = set(
        Nomination.objects.filter(pk__in=[board.pk, extra.pk]).values_list("status", flat=True)
    )
    assert statuses == {S.RECEIVED}


def dossier_of_board(proposal) -> Nomination:
    return proposal.nominations.get(purpose=Purpose.AWARD, unit__code="BQLDA")


def test_a_bulk_step_without_dossiers_is_refused(submitted, client_for):
    response = client_for("noivu").post(
        f"{BASE}/to-trinh/{submitted.pk}/chuyen/", {"to_status": S.RECEIVED}
    )
    assert response.status_code == 400
    assert "Chưa chọn hồ sơ nào." in text(response)
    assert dossier_of(submitted).status == S.SUBMITTED


# --- The dossier page and its papers ------------------------------------------------------


def test_the_dossier_page_shows_figures_history_and_papers(submitted, client_for):
    dossier = dossier_of(submitted)
    response = client_for("xem").get(f"{BASE}/ho-so/{dossier.pk}/")
    assert response.status_code == 200
    page = text(response)
    for expected in [
        "Ban QLDA ĐTXD huyện",
        "1.000,0",
        "100,00",
        "20/11/2024",
        "Đã có thành tích xuất sắc",
        "Đang chuẩn bị",  # the history: from draft
        "Đã trình",
        "tckh",
        "Báo cáo thành tích",
        "bao-cao-thanh-tich-BQLDA.docx",
    ]:
        assert expected in page, expected
    assert "Đính kèm</button>" not in page  # a submitted dossier takes no papers


def test_a_returned_dossier_takes_a_paper_and_goes_back(submitted, people, client_for):
    from giaingan.emulation.proposal import dossier_transition

    dossier = dossier_transition(
        nomination=dossier_of(submitted),
        to_status=S.RETURNED,
        user=people["noivu"],
        reason="Thiếu biên bản họp xét",
    )
    client = client_for("tckh")
    page = text(client.get(f"{BASE}/ho-so/{dossier.pk}/"))
    assert "Đính kèm</button>" in page
    assert "Trình Phòng Nội vụ</button>" in page
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes", "application/pdf")
    response = client.post(
        f"{BASE}/ho-so/{dossier.pk}/tai-lieu/", {"kind": "bien_ban_hop_xet", "file": upload}
    )
    assert response.status_code == 302
    paper = dossier.files.get(kind="bien_ban_hop_xet")
    assert paper.name == "bien-ban.pdf"
    download = client.get(f"{BASE}/ho-so/{dossier.pk}/tai-lieu/{paper.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    response = client.post(
        f"{BASE}/ho-so/{dossier.pk}/chuyen/", {"to_status": S.SUBMITTED, "back": "dossier"}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED


def test_an_upload_of_the_wrong_kind_is_refused(drafted, client_for):
    dossier = drafted.nominations.get(purpose=Purpose.AWARD)
    upload = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    response = client_for("tckh").post(
        f"{BASE}/ho-so/{dossier.pk}/tai-lieu/", {"kind": "minh_chung", "file": upload}
    )
    assert response.status_code == 400
    assert "Chỉ nhận tệp pdf, doc, docx, xls, xlsx, jpg, png." in text(response)
    assert not dossier.files.exists()


def test_an_upload_without_a_file_is_refused(drafted, client_for):
    dossier = drafted.nominations.get(purpose=Purpose.AWARD)
    response = client_for("tckh").post(
        f"{BASE}/ho-so/{dossier.pk}/tai-lieu/", {"kind": "minh_chung"}
    )
    assert response.status_code == 400
    assert "Tệp: Chưa chọn tệp." in text(response)


def test_the_generated_papers_download_as_word_files(submitted, client_for):
    client = client_for("xem")
    response = client.get(f"{BASE}/to-trinh/{submitted.pk}/to-trinh.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"PK")
    report = dossier_of(submitted).files.get()
    response = client.get(f"{BASE}/ho-so/{report.nomination_id}/tai-lieu/{report.pk}/")
    assert response["Content-Type"] == DOCX
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_a_paper_of_another_dossier_is_not_found(submitted, drafted, client_for):
    report = dossier_of(submitted).files.get()
    review = submitted.nominations.get(purpose=Purpose.REVIEW)
    response = client_for("xem").get(f"{BASE}/ho-so/{review.pk}/tai-lieu/{report.pk}/")
    assert response.status_code == 404


# --- The council ---------------------------------------------------------------------------


def roll_call(council, present=4, written=(4,)):
    data = {}
    for index, member in enumerate(council["members"]):
        data[f"tv-{member.pk}"] = (
            "co_mat" if index < present else "van_ban" if index in written else "vang"
        )
    return data


SESSION = {
    "held_on": "06/02/2025",
    "held_time": "08:30",
    "venue": "Phòng họp số 1, UBND huyện",
    "chair_name": "Hoàng Văn Thuận",
    "secretary_name": "Hà Thị Lan",
}


def test_the_session_form_lists_the_council_and_the_eligible_dossiers(
    appraised, council, client_for
):
    response = client_for("noivu").get(f"{BASE}/hop/moi/")
    assert response.status_code == 200
    page = text(response)
    assert council["unit"].name in page
    for number in range(1, 6):
        assert f"Thành viên {number}" in page
    assert "Vắng, có ý kiến bằng văn bản" in page
    assert "Ban QLDA ĐTXD huyện" in page


def test_opening_a_session_puts_the_dossiers_before_the_council(appraised, council, client_for):
    response = client_for("noivu").post(
        f"{BASE}/hop/moi/",
        {"council": council["unit"].pk, **SESSION, **roll_call(council)},
    )
    assert response.status_code == 302
    meeting = CouncilSession.objects.get()
    assert response["Location"] == f"{BASE}/hop/{meeting.pk}/"
    assert meeting.attendance.filter(present=True).count() == 4
    assert meeting.attendance.get(member=council["members"][4]).written_opinion
    assert dossier_of(appraised).status == S.AT_COUNCIL


def test_a_session_without_quorum_is_refused(appraised, council, client_for):
    response = client_for("noivu").post(
        f"{BASE}/hop/moi/",
        {"council": council["unit"].pk, **SESSION, **roll_call(council, present=2)},
    )
    assert response.status_code == 400
    assert "Không đủ số thành viên dự họp: có mặt 2/5" in text(response)
    assert not CouncilSession.objects.exists()
    assert dossier_of(appraised).status == S.ELIGIBLE


def test_a_session_at_an_impossible_hour_is_refused(appraised, council, client_for):
    response = client_for("noivu").post(
        f"{BASE}/hop/moi/",
        {"council": council["unit"].pk, **SESSION, "held_time": "25:00", **roll_call(council)},
    )
    assert response.status_code == 400
    assert "Không phải giờ" in text(response)
    assert not CouncilSession.objects.exists()


def test_a_present_member_sees_their_ballot_and_votes(in_session, council, client_for, people):
    client = client_for(None)
    member = council["members"][0]
    client.force_login(member)
    url = f"{BASE}/hop/{in_session.pk}/"
    page = text(client.get(url))
    assert "Phiếu biểu quyết của bạn" in page
    assert "nhiều hơn 50% tổng số thành viên Hội đồng" in page
    dossier = in_session.dossiers.get()
    response = client.post(f"{url}bieu-quyet/", {f"phieu-{dossier.pk}": "dong_y"})
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.member, vote.choice, vote.written) == (member, "dong_y", False)
    page = text(client.get(url))
    assert "Đồng ý" in page


def test_an_empty_ballot_is_refused(in_session, council, client):
    client.force_login(council["members"][0])
    response = client.post(f"{BASE}/hop/{in_session.pk}/bieu-quyet/", {})
    assert response.status_code == 400
    assert "Chưa chọn biểu quyết cho hồ sơ nào." in text(response)
    assert not Vote.objects.exists()


def test_a_ballot_with_an_unknown_choice_is_refused(in_session, council, client):
    client.force_login(council["members"][0])
    dossier = in_session.dossiers.get()
    response = client.post(
        f"{BASE}/hop/{in_session.pk}/bieu-quyet/", {f"phieu-{dossier.pk}": "co_the"}
    )
    assert response.status_code == 400
    assert "Biểu quyết không hợp lệ." in text(response)
    assert not Vote.objects.exists()


def test_an_absent_member_has_no_ballot(in_session, council, client):
    client.force_login(council["members"][4])
    page = text(client.get(f"{BASE}/hop/{in_session.pk}/"))
    assert "Phiếu biểu quyết của bạn" not in page
    assert "Bạn vắng mặt tại phiên họp này" in page


def test_internal_affairs_records_a_written_opinion(in_session, council, client_for):
    client = client_for("noivu")
    absent = council["members"][4]
    page = text(client.get(f"{BASE}/hop/{in_session.pk}/"))
    assert "Ghi ý kiến bằng văn bản của thành viên vắng mặt" in page
    dossier = in_session.dossiers.get()
    response = client.post(
        f"{BASE}/hop/{in_session.pk}/y-kien-van-ban/",
        {"member": absent.pk, f"phieu-{dossier.pk}": "dong_y"},
    )
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.member, vote.written) == (absent, True)


def test_a_written_opinion_for_a_present_member_is_refused(in_session, council, client_for):
    dossier = in_session.dossiers.get()
    response = client_for("noivu").post(
        f"{BASE}/hop/{in_session.pk}/y-kien-van-ban/",
        {"member": council["members"][0].pk, f"phieu-{dossier.pk}": "dong_y"},
    )
    assert response.status_code == 400
    assert "Chọn một thành viên vắng mặt có ý kiến bằng văn bản." in text(response)
    assert not Vote.objects.exists()


def test_closing_keeps_the_tally_and_the_minutes(in_session, council, client_for):
    from giaingan.emulation.council import vote_cast

    dossier = in_session.dossiers.get()
    for member in council["members"][:3]:
        vote_cast(
            session=in_session, nomination=dossier, member=member, choice="dong_y", user=member
        )
    client = client_for("noivu")
    response = client.post(f"{BASE}/hop/{in_session.pk}/ket-thuc/")
    assert response.status_code == 302
    in_session.refresh_from_db()
    assert in_session.status == SessionStatus.CLOSED
    page = text(client.get(f"{BASE}/hop/{in_session.pk}/"))
    assert "Tải Biên bản họp Hội đồng (.docx)" in page
    assert "Đạt" in page
    assert "Kết thúc phiên họp</button>" not in page
    minutes = client.get(f"{BASE}/hop/{in_session.pk}/bien-ban.docx")
    assert minutes["Content-Type"] == DOCX
    assert b"".join(minutes.streaming_content).startswith(b"PK")
    again = client.post(f"{BASE}/hop/{in_session.pk}/ket-thuc/")
    assert again.status_code == 400
    assert "Phiên họp đã kết thúc." in text(again)


# --- Publicity ---------------------------------------------------------------------------


def test_internal_affairs_posts_the_list_and_sees_the_end_date(voted, client_for):
    client = client_for("noivu")
    page = text(client.get(f"{BASE}/ho-so/"))
    assert "Niêm yết danh sách</button>" in page
    response = client.post(
        f"{BASE}/to-trinh/{voted.pk}/niem-yet/",
        {"posted_on": "07/02/2025", "past_place": "Bảng tin UBND huyện"},
    )
    assert response.status_code == 302
    posting = Posting.objects.get()
    assert posting.ends_on == D(2025, 2, 14)
    page = text(client.get(f"{BASE}/ho-so/"))
    assert "đến hết ngày <strong>14/02/2025</strong>" in page


def test_posting_with_a_bad_date_is_refused(voted, client_for):
    response = client_for("noivu").post(
        f"{BASE}/to-trinh/{voted.pk}/niem-yet/", {"posted_on": "7 tháng 2"}
    )
    assert response.status_code == 400
    assert "Ngày niêm yết: Không phải ngày" in text(response)
    assert not Posting.objects.exists()


def test_posting_before_the_council_is_refused(in_session, client_for):
    response = client_for("noivu").post(
        f"{BASE}/to-trinh/{in_session.dossiers.get().proposal_id}/niem-yet/",
        {"posted_on": "07/02/2025", "past_place": "Bảng tin UBND huyện"},
    )
    assert response.status_code == 400
    assert "Hội đồng chưa kết thúc phiên họp" in text(response)
    assert not Posting.objects.exists()


def objection(posted):
    return objection_submit(
        posting=posted,
        sender_name="Nguyễn Văn A",
        sender_contact="0912345678",
        text="Công trình đường chưa nghiệm thu, đề nghị xem lại.",
        on=D(2025, 2, 10),
    )


def test_an_objection_is_answered(posted, client_for):
    item = objection(posted)
    client = client_for("noivu")
    page = text(client.get(f"{BASE}/ho-so/"))
    assert "Công trình đường chưa nghiệm thu" in page
    assert "Gửi trả lời</button>" in page
    response = client.post(
        f"{BASE}/y-kien/{item.pk}/tra-loi/",
        {
            f"o{item.pk}-answer": "Công trình đã nghiệm thu ngày 15/01/2025.",
            f"o{item.pk}-founded": "khong",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.answer == "Công trình đã nghiệm thu ngày 15/01/2025."
    assert "Đã trả lời" in text(client.get(f"{BASE}/ho-so/"))


def test_an_empty_answer_is_refused(posted, client_for):
    item = objection(posted)
    response = client_for("noivu").post(
        f"{BASE}/y-kien/{item.pk}/tra-loi/", {f"o{item.pk}-answer": ""}
    )
    assert response.status_code == 400
    assert "Trả lời: Chưa nhập." in text(response)
    item.refresh_from_db()
    assert item.answered_at is None


# --- The decision --------------------------------------------------------------------------


def test_the_chairman_sees_what_blocks_the_decision(posted, client_for):
    objection(posted)
    page = text(client_for("chutich").get(f"{BASE}/ho-so/"))
    assert "Còn 1 ý kiến phản ánh chưa được trả lời." in page
    assert "Ban hành quyết định khen thưởng</button>" in page


def test_the_chairman_sees_a_clear_checklist_when_nothing_blocks(posted, client_for):
    page = text(client_for("chutich").get(f"{BASE}/ho-so/"))
    assert "có thể quyết định" in page


def test_others_do_not_see_the_decision_form(posted, client_for):
    page = text(client_for("noivu").get(f"{BASE}/ho-so/"))
    assert "Ban hành quyết định khen thưởng</button>" not in page


def test_the_decision_is_issued_and_shown_with_its_prizes(posted, client_for):
    client = client_for("chutich")
    response = client.post(
        f"{BASE}/to-trinh/{posted.proposal_id}/quyet-dinh/",
        {"number": "25/QĐ-UBND", "decided_on": "17/02/2025"},
    )
    assert response.status_code == 302
    decision = AwardDecision.objects.get()
    assert response["Location"] == f"{BASE}/quyet-dinh/{decision.pk}/"
    page = text(client.get(response["Location"]))
    for expected in [
        "Quyết định số 25/QĐ-UBND",
        "17/02/2025",
        "Ban QLDA ĐTXD huyện",
        "0001/2025",
        "1.410.000",
        "2.340.000",
        "Tải Quyết định (.docx)",
        "In Giấy khen (PDF)",
    ]:
        assert expected in page, expected
    assert dossier_of(posted.proposal).status == S.AWARDED


def test_a_decision_during_the_posting_is_refused(posted, client_for):
    response = client_for("chutich").post(
        f"{BASE}/to-trinh/{posted.proposal_id}/quyet-dinh/",
        {"number": "25/QĐ-UBND", "decided_on": "14/02/2025"},
    )
    assert response.status_code == 400
    assert "Danh sách niêm yết đến hết ngày 14/02/2025" in text(response)
    assert not AwardDecision.objects.exists()
    assert dossier_of(posted.proposal).status == S.AT_COUNCIL


def test_a_decision_without_a_number_is_refused(posted, client_for):
    response = client_for("chutich").post(
        f"{BASE}/to-trinh/{posted.proposal_id}/quyet-dinh/",
        {"number": "", "decided_on": "17/02/2025"},
    )
    assert response.status_code == 400
    assert "Số quyết định: Chưa nhập." in text(response)
    assert not AwardDecision.objects.exists()


def test_the_decision_and_the_certificates_download(decided, client_for):
    client = client_for("xem")
    document = client.get(f"{BASE}/quyet-dinh/{decided.pk}/quyet-dinh.docx")
    assert document["Content-Type"] == DOCX
    assert "attachment" in document["Content-Disposition"]
    assert b"".join(document.streaming_content).startswith(b"PK")
    certificates = client.get(f"{BASE}/quyet-dinh/{decided.pk}/giay-khen.pdf")
    assert certificates["Content-Type"] == "application/pdf"
    assert certificates["Content-Disposition"].startswith("inline")
    assert b"".join(certificates.streaming_content).startswith(b"%PDF")


def test_the_pipeline_page_links_the_council_posting_and_decision(decided, client_for):
    page = text(client_for("xem").get(f"{BASE}/ho-so/"))
    assert f"{BASE}/hop/" in page
    assert "Biên bản (.docx)" in page
    assert "đến hết ngày <strong>14/02/2025</strong>" in page
    assert f"{BASE}/quyet-dinh/{decided.pk}/" in page
    assert "Được khen thưởng" in page


def test_unknown_movement_is_not_found(movement, client_for):
    assert client_for("xem").get("/thi-dua/KHONG-CO/ho-so/").status_code == 404


def test_nothing_is_written_by_a_refused_post(submitted, client_for):
    before = DossierTransition.objects.count()
    response = client_for("noivu").post(
        f"{BASE}/ho-so/{dossier_of(submitted).pk}/chuyen/", {"to_status": "khong_co"}
    )
    assert response.status_code == 400
    assert "Bước chuyển không có trong quy trình." in text(response)
    assert DossierTransition.objects.count() == before


def test_a_sent_review_line_is_not_edited(submitted, client_for):
    review = submitted.nominations.get(purpose=Purpose.REVIEW)
    response = client_for("tckh").post(
        f"{BASE}/ho-so/{review.pk}/sua/", {f"n{review.pk}-achievement": "Khác"}
    )
    assert response.status_code == 400
    assert "không sửa được danh sách kiểm điểm nữa" in text(response)
    review.refresh_from_db()
    assert review.achievement != "Khác"


def test_the_session_form_reads_the_councils_afresh(appraised, council, district, client_for):
    from giaingan.org.models import Unit, UnitKind

    client = client_for("noivu")
    assert "Xem thành viên" not in text(client.get(f"{BASE}/hop/moi/"))  # one council
    Unit.objects.create(
        code="HD-KHAC", name="Hội đồng khác", kind=UnitKind.COUNCIL, parent=district["committee"]
    )
    page = text(client.get(f"{BASE}/hop/moi/"))
    assert "Xem thành viên" in page  # two councils: choose one first
    page = text(client.get(f"{BASE}/hop/moi/?hoi_dong={council['unit'].pk}"))
    assert "Thành viên 5" in page


def test_the_page_warns_when_the_calendar_lacks_a_years_days_off(voted, client_for):
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        Holiday.objects.get_or_create(date=dt.date(year, 1, 1), defaults={"name": "Tết Dương lịch"})
    client = client_for("noivu")
    assert 'data-testid="calendar-warning"' not in text(client.get(f"{BASE}/ho-so/"))
    Holiday.objects.filter(date__year=today.year).delete()
    page = text(client.get(f"{BASE}/ho-so/"))
    assert f"Lịch ngày nghỉ lễ, Tết năm {today.year}" in page


def test_posting_in_a_year_without_days_off_warns(voted, client_for):
    Holiday.objects.filter(date__year=2025).delete()
    client = client_for("noivu")
    response = client.post(
        f"{BASE}/to-trinh/{voted.pk}/niem-yet/",
        {"posted_on": "07/02/2025", "past_place": "Bảng tin UBND huyện"},
        follow=True,
    )
    page = text(response)
    assert "đến hết ngày 14/02/2025" in page
    assert "Tết năm 2025 chưa có trong sổ quy định" in page
