"""Issue 9 rule 9 and issue 10 item 8: the award papers say what an official expects, their
legal bases come from the rulebook by date, and each is signed from the role that signed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from giaingan.emulation import papers
from giaingan.emulation.models import Movement, SessionStatus
from giaingan.rulebook.models import LegalBasis
from giaingan.rulebook.selectors import legal_bases_on
from tests.documents.helpers import lines, open_docx
from tests.emulation.conftest import D


@pytest.fixture
def with_plan(movement):
    Movement.objects.filter(pk=movement.pk).update(
        plan_number="120/KH-UBND", plan_date=D(2024, 4, 10)
    )
    movement.refresh_from_db()
    return movement


def text_of(data: bytes) -> str:
    return "\n".join(lines(open_docx(data)))


def test_the_submission_goes_to_the_chairman_through_internal_affairs(with_plan, submitted, people):
    text = text_of(submitted.document.read())
    assert "Kính gửi: Chủ tịch UBND huyện (qua Phòng Nội vụ)." in text
    assert "Kế hoạch số 120/KH-UBND ngày 10/04/2024" in text
    assert "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" in text
    # The authority to decide is the chairman's, not cited by Finance-Planning.
    assert "Luật Tổ chức chính quyền địa phương" not in text
    assert people["tckh"].get_full_name() in text


def test_the_decision_cites_the_plan_and_the_local_government_law_as_amended(with_plan, decided):
    text = text_of(decided.document.read())
    assert "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015" in text
    assert "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức" in text
    assert "Kế hoạch số 120/KH-UBND ngày 10/04/2024" in text
    assert "CHỦ TỊCH" in text


def test_a_new_law_is_data_and_counts_from_its_effective_date(db):
    LegalBasis.objects.create(
        code="luat-moi",
        citation="Luật Thi đua, khen thưởng (sửa đổi) ngày 01 tháng 01 năm 2030",
        effective_from=dt.date(2030, 7, 1),
        order=35,
    )
    LegalBasis.objects.filter(code="luat-tdkt-2022").update(repealed_on=dt.date(2030, 7, 1))
    before = legal_bases_on(dt.date(2030, 6, 30), decision=False)
    after = legal_bases_on(dt.date(2030, 7, 1), decision=False)
    assert "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" in before
    assert not any("2030" in basis for basis in before)
    assert "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" not in after
    assert "Luật Thi đua, khen thưởng (sửa đổi) ngày 01 tháng 01 năm 2030" in after
    # Before 2024 the 2022 law was not yet in force.
    assert not any("2022" in b for b in legal_bases_on(dt.date(2023, 6, 1), decision=False))


def test_the_minutes_are_signed_by_the_chair_with_the_closing_line_and_recipients(voted):
    session = voted.nominations.get(purpose="award").council_session
    text = text_of(session.minutes.read())
    assert "CHỦ TỌA" in text and "CHỦ TRÌ" not in text
    assert "- Chủ tọa: Hoàng Văn Thuận." in text
    assert "Cuộc họp kết thúc vào hồi" in text
    assert (
        "Biên bản đã được đọc lại cho các thành viên dự họp nghe và nhất trí thông qua./." in text
    )
    assert session.ended_at is not None
    assert "Nơi nhận:" in text
    assert "Chủ tịch UBND huyện (để báo cáo);" in text
    assert text.index("CHỦ TỌA") < text.index("Nơi nhận:")


def test_a_communes_report_is_dated_from_the_commune(submitted, district):
    from giaingan.emulation.models import Nomination

    nomination = Nomination(
        proposal=submitted,
        purpose="award",
        category="xa",
        unit=district["tandoan"],
        achievement="Hoàn thành kế hoạch",
    )
    text = text_of(papers.achievement_report_docx(nomination))
    assert "Tân Đoàn, ngày" in text
    assert "Văn Quan, ngày" not in text
    board = submitted.nominations.get(unit__code="BQLDA")
    assert "Văn Quan, ngày" in text_of(papers.achievement_report_docx(board))


def test_a_superuser_without_the_role_does_not_sign_the_submission(drafted, people):
    from django.core.exceptions import PermissionDenied

    from giaingan.emulation.proposal import proposal_submit

    with pytest.raises(PermissionDenied):
        proposal_submit(
            proposal=drafted, number="12/TTr", submitted_on=D(2025, 2, 3), user=people["admin"]
        )
    drafted.refresh_from_db()
    assert drafted.status == "nhap"


def test_a_past_meeting_ends_on_its_own_day_in_the_minutes(voted):
    # Held 06/02/2025 at 08:30 and closed in the app later: never "ended" on the closing day.
    session = voted.nominations.get(purpose="award").council_session
    ended = timezone.localtime(session.ended_at)
    assert ended.date() == dt.date(2025, 2, 6)
    assert "Cuộc họp kết thúc vào hồi 08 giờ 30 phút, ngày 06 tháng 02 năm 2025" in text_of(
        session.minutes.read()
    )


def test_the_close_form_takes_the_time_the_meeting_ended_on_its_date(in_session, client_for):
    page = client_for("noivu").get(f"/thi-dua/DTC-2024/hop/{in_session.pk}/")
    assert 'name="ended_time" value="08:30"' in page.text
    assert "Giờ kết thúc cuộc họp (ngày 06/02/2025)" in page.text
    closed = client_for("noivu").post(
        f"/thi-dua/DTC-2024/hop/{in_session.pk}/ket-thuc/", {"ended_time": "11:15"}
    )
    assert closed.status_code == 302
    in_session.refresh_from_db()
    assert timezone.localtime(in_session.ended_at).replace(tzinfo=None) == dt.datetime(
        2025, 2, 6, 11, 15
    )
    assert "11 giờ 15 phút, ngày 06 tháng 02 năm 2025" in text_of(in_session.minutes.read())


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("25:99", "không đúng dạng giờ:phút"),
        ("07:00", "phải sau thời gian họp"),
    ],
)
def test_a_wrong_end_time_is_refused_and_the_session_stays_open(
    in_session, client_for, typed, reason
):
    refused = client_for("noivu").post(
        f"/thi-dua/DTC-2024/hop/{in_session.pk}/ket-thuc/", {"ended_time": typed}
    )
    assert refused.status_code == 400
    assert reason in refused.text
    in_session.refresh_from_db()
    assert in_session.status == SessionStatus.OPEN and in_session.ended_at is None


def test_a_collectives_achievement_report_is_signed_by_its_head_by_name(submitted, district):
    board = submitted.nominations.get(unit__code="BQLDA")
    text = lines(open_docx(papers.achievement_report_docx(board)))
    # The board's head under his own title ("Giám đốc"), in the paper's capitals.
    assert text[-2:] == ["GIÁM ĐỐC", "Lương Văn Chiến"]


def test_a_chairman_without_a_name_cannot_sign_the_decision(posted, people):
    from giaingan.emulation.decisions import decision_issue
    from giaingan.emulation.models import AwardDecision
    from giaingan.lib.problems import InvalidInput

    people["chutich"].first_name = ""
    people["chutich"].save()
    with pytest.raises(InvalidInput) as refused:
        decision_issue(
            proposal=posted.proposal,
            number="26/QĐ-UBND",
            decided_on=D(2025, 2, 17),
            user=people["chutich"],
        )
    assert "chưa có họ và tên để ký" in str(refused.value)
    assert not AwardDecision.objects.exists()
