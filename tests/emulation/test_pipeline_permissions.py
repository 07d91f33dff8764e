"""Who may open each page of the award pipeline and send each of its forms.

Every page and every post, for every role of the shared cast and for a visitor: allowed (and
then it does what it says), refused with the Vietnamese 403 page (and nothing changes), or
sent to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giaingan.emulation.models import (
    AwardDecision,
    CouncilSession,
    DossierStatus,
    Nomination,
    Posting,
    Proposal,
    ProposalStatus,
    Purpose,
    SessionStatus,
    Vote,
)
from giaingan.emulation.publicity import objection_submit
from tests.emulation.conftest import D, award_dossiers

S = DossierStatus
BASE = "/thi-dua/DTC-2024"
ROLES = ["chutich", "tckh", "khobac", "bqlda", "xa.tandoan", "noivu", "hoidong1", "xem", "admin"]
# Everyone who sees the whole district sees the pipeline; investors and communes do not.
VIEWERS = {"chutich", "tckh", "khobac", "noivu", "hoidong1", "xem", "admin"}
FINANCE = {"tckh", "admin"}
INTERNAL_AFFAIRS = {"noivu", "admin"}
# Signing a decision takes the chairman's (or a vice-chairman's) role: an administrator
# without it does not sign (issue 10, item 8).
SIGNERS = {"chutich"}
SIGNS_SUBMISSION = {"tckh"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _quick_certificates(monkeypatch):
    """Who may download the certificates does not depend on how they are drawn (slow)."""
    from giaingan.emulation import papers

    monkeypatch.setattr(papers, "certificates_pdf", lambda decision: b"%PDF-1.7 test")


@dataclass
class Case:
    """One page or form: the state it needs, where it is, what is posted, who may."""

    state: str
    url: Callable[[dict], str]
    allowed: set[str]
    data: Callable[[dict], dict] | None = None  # None: a GET
    done: Callable[[dict], bool] = field(default=lambda ctx: True)

    @property
    def is_post(self) -> bool:
        return self.data is not None


def first_dossier(ctx) -> Nomination:
    return award_dossiers(ctx["proposal"])[0]


def session_of(ctx) -> CouncilSession:
    return CouncilSession.objects.get()


def decision_of(ctx) -> AwardDecision:
    return AwardDecision.objects.get()


def roll_call(ctx) -> dict:
    members = ctx["council"]["members"]
    return {
        "council": ctx["council"]["unit"].pk,
        "held_on": "06/02/2025",
        "held_time": "08:30",
        "venue": "Phòng họp số 1",
        "chair_name": "Hoàng Văn Thuận",
        "secretary_name": "Hà Thị Lan",
        **{f"tv-{m.pk}": "co_mat" if i < 4 else "van_ban" for i, m in enumerate(members)},
    }


def upload(ctx) -> dict:
    return {
        "kind": "minh_chung",
        "file": SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 x", "application/pdf"),
    }


CASES: dict[str, Case] = {
    # Pages
    "page: hồ sơ khen thưởng": Case("submitted", lambda c: f"{BASE}/ho-so/", VIEWERS),
    "page: một hồ sơ": Case("submitted", lambda c: f"{BASE}/ho-so/{first_dossier(c).pk}/", VIEWERS),
    "page: mở phiên họp": Case("appraised", lambda c: f"{BASE}/hop/moi/", INTERNAL_AFFAIRS),
    "page: phiên họp": Case("in_session", lambda c: f"{BASE}/hop/{session_of(c).pk}/", VIEWERS),
    "page: quyết định": Case(
        "decided", lambda c: f"{BASE}/quyet-dinh/{decision_of(c).pk}/", VIEWERS
    ),
    # Downloads
    "file: tờ trình": Case(
        "submitted", lambda c: f"{BASE}/to-trinh/{c['proposal'].pk}/to-trinh.docx", VIEWERS
    ),
    "file: báo cáo thành tích": Case(
        "submitted",
        lambda c: f"{BASE}/ho-so/{first_dossier(c).pk}/tai-lieu/{first_dossier(c).files.get().pk}/",
        VIEWERS,
    ),
    "file: biên bản": Case(
        "voted", lambda c: f"{BASE}/hop/{session_of(c).pk}/bien-ban.docx", VIEWERS
    ),
    "file: quyết định": Case(
        "decided", lambda c: f"{BASE}/quyet-dinh/{decision_of(c).pk}/quyet-dinh.docx", VIEWERS
    ),
    "file: giấy khen": Case(
        "decided", lambda c: f"{BASE}/quyet-dinh/{decision_of(c).pk}/giay-khen.pdf", VIEWERS
    ),
    # Forms
    "post: lập danh sách": Case(
        "movement",
        lambda c: f"{BASE}/ho-so/lap-danh-sach/",
        FINANCE,
        data=lambda c: {"as_of": "31/01/2025"},
        done=lambda c: Proposal.objects.exists(),
    ),
    "post: thêm đề nghị": Case(
        "drafted",
        lambda c: f"{BASE}/to-trinh/{c['proposal'].pk}/them/",
        FINANCE,
        data=lambda c: {
            "category": "ca_nhan",
            "unit": c["district"]["board"].pk,
            "person_name": "Chu Văn Tuấn",
            "achievement": "Chỉ đạo giải ngân 100% kế hoạch",
        },
        done=lambda c: Nomination.objects.filter(person_name="Chu Văn Tuấn").exists(),
    ),
    "post: sửa thành tích": Case(
        "drafted",
        lambda c: f"{BASE}/ho-so/{first_dossier(c).pk}/sua/",
        FINANCE,
        data=lambda c: {f"n{first_dossier(c).pk}-achievement": "Thành tích đã sửa"},
        done=lambda c: first_dossier(c).achievement == "Thành tích đã sửa",
    ),
    "post: bỏ khỏi danh sách": Case(
        "drafted",
        lambda c: f"{BASE}/ho-so/{c['proposal'].nominations.get(purpose=Purpose.REVIEW).pk}/xoa/",
        FINANCE,
        data=lambda c: {},
        done=lambda c: not c["proposal"].nominations.filter(purpose=Purpose.REVIEW).exists(),
    ),
    "post: đính kèm tài liệu": Case(
        "drafted",
        lambda c: f"{BASE}/ho-so/{first_dossier(c).pk}/tai-lieu/",
        FINANCE,
        data=upload,
        done=lambda c: first_dossier(c).files.filter(kind="minh_chung").exists(),
    ),
    "post: trình tờ trình": Case(
        "drafted",
        lambda c: f"{BASE}/to-trinh/{c['proposal'].pk}/trinh/",
        SIGNS_SUBMISSION,
        data=lambda c: {"number": "12/TTr-TCKH", "submitted_on": "03/02/2025"},
        done=lambda c: Proposal.objects.get().status == ProposalStatus.SUBMITTED,
    ),
    "post: tiếp nhận hồ sơ": Case(
        "submitted",
        lambda c: f"{BASE}/ho-so/{first_dossier(c).pk}/chuyen/",
        INTERNAL_AFFAIRS,
        data=lambda c: {"to_status": S.RECEIVED},
        done=lambda c: first_dossier(c).status == S.RECEIVED,
    ),
    "post: tiếp nhận nhiều hồ sơ": Case(
        "submitted",
        lambda c: f"{BASE}/to-trinh/{c['proposal'].pk}/chuyen/",
        INTERNAL_AFFAIRS,
        data=lambda c: {"to_status": S.RECEIVED, "dossiers": [first_dossier(c).pk]},
        done=lambda c: first_dossier(c).status == S.RECEIVED,
    ),
    "post: mở phiên họp": Case(
        "appraised",
        lambda c: f"{BASE}/hop/moi/",
        INTERNAL_AFFAIRS,
        data=roll_call,
        done=lambda c: CouncilSession.objects.exists(),
    ),
    # Nobody of the cast sits on this council: only its members vote (see below).
    "post: biểu quyết": Case(
        "in_session",
        lambda c: f"{BASE}/hop/{session_of(c).pk}/bieu-quyet/",
        set(),
        data=lambda c: {f"phieu-{first_dossier(c).pk}": "dong_y"},
        done=lambda c: Vote.objects.exists(),
    ),
    "post: ý kiến bằng văn bản": Case(
        "in_session",
        lambda c: f"{BASE}/hop/{session_of(c).pk}/y-kien-van-ban/",
        INTERNAL_AFFAIRS,
        data=lambda c: {
            "member": c["council"]["members"][4].pk,
            f"phieu-{first_dossier(c).pk}": "dong_y",
        },
        done=lambda c: Vote.objects.filter(written=True).exists(),
    ),
    "post: kết thúc phiên họp": Case(
        "in_session",
        lambda c: f"{BASE}/hop/{session_of(c).pk}/ket-thuc/",
        INTERNAL_AFFAIRS,
        data=lambda c: {},
        done=lambda c: session_of(c).status == SessionStatus.CLOSED,
    ),
    "post: niêm yết": Case(
        "voted",
        lambda c: f"{BASE}/to-trinh/{c['proposal'].pk}/niem-yet/",
        INTERNAL_AFFAIRS,
        data=lambda c: {"posted_on": "07/02/2025", "past_place": "Bảng tin UBND huyện"},
        done=lambda c: Posting.objects.exists(),
    ),
    "post: trả lời ý kiến": Case(
        "objected",
        lambda c: f"{BASE}/y-kien/{c['objection'].pk}/tra-loi/",
        INTERNAL_AFFAIRS,
        data=lambda c: {
            f"o{c['objection'].pk}-answer": "Đã kiểm tra, công trình đã nghiệm thu.",
            f"o{c['objection'].pk}-founded": "khong",
        },
        done=lambda c: type(c["objection"]).objects.get().answered_at is not None,
    ),
    "post: ban hành quyết định": Case(
        "posted",
        lambda c: f"{BASE}/to-trinh/{c['proposal'].pk}/quyet-dinh/",
        SIGNERS,
        data=lambda c: {"number": "25/QĐ-UBND", "decided_on": "17/02/2025"},
        done=lambda c: AwardDecision.objects.exists(),
    ),
}


@pytest.fixture
def context(request, district, people, council):
    """The state a case needs, built through the services (see tests/emulation/conftest.py)."""

    def build(state: str) -> dict:
        ctx = {"district": district, "people": people, "council": council}
        if state == "movement":
            request.getfixturevalue("movement")
            request.getfixturevalue("ledger")
        elif state == "objected":
            posting = request.getfixturevalue("posted")
            ctx["proposal"] = posting.proposal
            ctx["objection"] = objection_submit(
                posting=posting,
                sender_name="Nguyễn Văn A",
                sender_contact="0912345678",
                text="Công trình đường chưa nghiệm thu, đề nghị xem lại.",
                on=D(2025, 2, 10),
            )
        else:
            value = request.getfixturevalue(state)
            if isinstance(value, Proposal):
                ctx["proposal"] = value
            elif isinstance(value, Posting):
                ctx["proposal"] = value.proposal
            elif isinstance(value, CouncilSession):
                ctx["proposal"] = value.dossiers.get().proposal
            elif isinstance(value, AwardDecision):
                ctx["proposal"] = value.proposal
        return ctx

    return build


@pytest.mark.parametrize("login", [*ROLES, None])
@pytest.mark.parametrize("name", list(CASES))
def test_who_may(name, login, context, client_for):
    case = CASES[name]
    ctx = context(case.state)
    url = case.url(ctx)
    client = client_for(login)
    if case.is_post:
        response = client.post(url, case.data(ctx))
    else:
        response = client.get(url)
    if login is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/?next=")
        assert not case.is_post or not case.done(ctx)
    elif login in case.allowed:
        if case.is_post:
            assert response.status_code == 302, response.content.decode()[:3000]
            assert case.done(ctx)
        else:
            assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "Không có quyền truy cập" in response.content.decode()
        assert not case.is_post or not case.done(ctx)


def test_a_present_member_of_the_council_votes(in_session, council, client):
    member = council["members"][0]
    client.force_login(member)
    dossier = in_session.dossiers.get()
    response = client.post(
        f"{BASE}/hop/{in_session.pk}/bieu-quyet/", {f"phieu-{dossier.pk}": "dong_y"}
    )
    assert response.status_code == 302
    assert Vote.objects.get().member == member


def test_an_absent_member_may_not_vote_in_person(in_session, council, client):
    client.force_login(council["members"][4])
    dossier = in_session.dossiers.get()
    response = client.post(
        f"{BASE}/hop/{in_session.pk}/bieu-quyet/", {f"phieu-{dossier.pk}": "dong_y"}
    )
    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_a_member_cannot_record_a_written_opinion(in_session, council, client):
    client.force_login(council["members"][0])
    dossier = in_session.dossiers.get()
    response = client.post(
        f"{BASE}/hop/{in_session.pk}/y-kien-van-ban/",
        {"member": council["members"][4].pk, f"phieu-{dossier.pk}": "dong_y"},
    )
    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_finance_planning_cannot_appraise_in_bulk_either(submitted, client_for):
    (dossier,) = award_dossiers(submitted)
    response = client_for("tckh").post(
        f"{BASE}/to-trinh/{submitted.pk}/chuyen/",
        {"to_status": S.ELIGIBLE, "dossiers": [dossier.pk]},
    )
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED


def test_internal_affairs_cannot_award_by_hand(appraised, client_for):
    (dossier,) = award_dossiers(appraised)
    response = client_for("noivu").post(
        f"{BASE}/ho-so/{dossier.pk}/chuyen/", {"to_status": S.AWARDED}
    )
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == S.ELIGIBLE


def test_a_vice_chairman_decides_too(posted, vice, client):
    client.force_login(vice)
    response = client.post(
        f"{BASE}/to-trinh/{posted.proposal_id}/quyet-dinh/",
        {"number": "25/QĐ-UBND", "decided_on": "17/02/2025"},
    )
    assert response.status_code == 302
    assert AwardDecision.objects.get().signer == vice
