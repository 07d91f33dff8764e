"""No paper is signed by an empty line: every template refuses a blank signer's name, and
`org.signers` decides the name (the unit's head, else the official who issues it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from giaingan.documents import official
from giaingan.documents.certificates import Certificate, certificates_html
from giaingan.documents.official import DocumentContextError, render_docx, signer_name_keys
from giaingan.org.models import Unit, UnitKind
from giaingan.org.signers import SignerMissing, person_signer, unit_signer
from tests.documents.samples import COMMON


@pytest.mark.parametrize("name", official.TEMPLATE_NAMES)
@pytest.mark.parametrize("blank", ["", "   "])
def test_every_paper_refuses_a_blank_signers_name(name, blank):
    context = {**COMMON, **{key: blank for key in signer_name_keys(name)}}
    with pytest.raises(DocumentContextError) as refused:
        render_docx(name, context)
    assert "họ và tên người ký để trống" in str(refused.value)


def test_the_minutes_name_their_chair_and_secretary():
    assert signer_name_keys("bien_ban_hoi_dong") == ("chair", "secretary")
    assert signer_name_keys("to_trinh_dieu_chuyen") == ("signer_name",)


def certificate(signer_name: str) -> Certificate:
    return Certificate(
        issuer_title="Chủ tịch UBND huyện Văn Quan",
        recipient="Ban QLDA ĐTXD huyện",
        achievement="Đã có thành tích xuất sắc",
        decision_number="15/QĐ-UBND",
        decision_date=dt.date(2025, 2, 17),
        gold_book_number="01",
        place="Văn Quan",
        signed_on=dt.date(2025, 2, 17),
        signer_titles=("Chủ tịch",),
        signer_name=signer_name,
    )


def test_a_certificate_without_its_signers_name_is_refused():
    assert "Hoàng Văn Thuận" in certificates_html([certificate("Hoàng Văn Thuận")])
    with pytest.raises(DocumentContextError):
        certificates_html([certificate("Hoàng Văn Thuận"), certificate(" ")])


@pytest.fixture
def office(db):
    committee = Unit.objects.create(code="UB", name="UBND huyện", kind=UnitKind.COMMITTEE)
    return Unit.objects.create(
        code="TCKH", name="Phòng Tài chính - Kế hoạch", kind=UnitKind.OFFICE, parent=committee
    )


def test_the_units_head_signs_under_their_own_title_in_the_papers_case(office):
    office.head_name, office.head_title = "Nông Văn Hải", "Phó Trưởng phòng phụ trách"
    signer = unit_signer(office, titles=["Trưởng phòng"])
    assert (signer.titles, signer.name) == (["Phó Trưởng phòng phụ trách"], "Nông Văn Hải")
    signer = unit_signer(office, titles=["TM. ỦY BAN NHÂN DÂN", "TRƯỞNG PHÒNG"])
    assert signer.titles == ["TM. ỦY BAN NHÂN DÂN", "PHÓ TRƯỞNG PHÒNG PHỤ TRÁCH"]
    office.head_title = ""  # no title recorded: the paper's own
    assert unit_signer(office, titles=["Trưởng phòng"]).titles == ["Trưởng phòng"]


def test_no_head_recorded_the_official_who_issues_it_signs_else_nothing_is_made(office):
    drafter = get_user_model().objects.create_user("tckh", first_name="Hằng", last_name="Nông")
    assert unit_signer(office, titles=["Trưởng phòng"], issued_by=drafter).name == "Hằng Nông"
    nameless = get_user_model().objects.create_user("khach")
    with pytest.raises(SignerMissing) as refused:
        unit_signer(office, titles=["Trưởng phòng"], what="tờ trình", issued_by=nameless)
    reason = refused.value.problems[0].reason
    assert "Chưa tạo được tờ trình" in reason and "«Phòng Tài chính - Kế hoạch»" in reason
    assert "Họ và tên người đứng đầu" in reason
    with pytest.raises(SignerMissing):
        unit_signer(None, titles=["Trưởng phòng"])


def test_a_person_signs_in_their_own_name_or_not_at_all(db):
    chairman = get_user_model().objects.create_user("ct", first_name="Thuận", last_name="Hoàng")
    assert person_signer(chairman, titles=["CHỦ TỊCH"]).name == "Thuận Hoàng"
    with pytest.raises(SignerMissing) as refused:
        person_signer(get_user_model().objects.create_user("ct2"), titles=[], what="giấy khen")
    assert "«ct2» chưa có họ và tên" in refused.value.problems[0].reason
