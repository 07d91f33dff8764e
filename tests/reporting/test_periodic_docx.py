"""The periodic report's Word paper: the Decree 30 header and number, its sections in order
with the edited texts, the obstacles by cause, the Biểu attached; the treasury's tables."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.reporting.content import (
    ReportRequest,
    default_texts,
    periodic_content,
    treasury_content,
)
from giaingan.reporting.papers import Header, periodic_docx, treasury_docx
from giaingan.reporting.periods import ReportKind
from tests.conftest import as_province
from tests.documents.helpers import lines, open_docx
from tests.reporting.helpers import report_ledger

pytestmark = pytest.mark.django_db

HEADER = Header(number="03/BCQ-TCKH", issued_on=dt.date(2024, 10, 5), signer_name="Hoàng Thị Mai")


def test_the_sections_in_order_with_the_edited_texts(ledger):
    content = periodic_content(ReportRequest(ReportKind.QUARTERLY, dt.date(2024, 9, 30)))
    texts = {**default_texts(content), "proposals": "Kiến nghị thứ nhất.\nKiến nghị thứ hai."}
    text = lines(open_docx(periodic_docx(content, texts, HEADER)))
    assert text[:6] == [
        "UBND HUYỆN VĂN QUAN",
        "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 03/BCQ-TCKH",
        "Văn Quan, ngày 05 tháng 10 năm 2024",
    ]
    headings = [
        "I. KẾT QUẢ THỰC HIỆN VÀ GIẢI NGÂN",
        "1. Kết quả so với kế hoạch và mục tiêu giải ngân",
        "2. So với cùng kỳ năm trước",
        "3. Theo nguồn vốn",
        "4. Theo chủ đầu tư, cơ quan chủ quản và địa bàn xã",
        "II. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN",
        "III. KIẾN NGHỊ, ĐỀ XUẤT",
        "IV. NHIỆM VỤ, GIẢI PHÁP QUÝ IV NĂM 2024",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    proposals = text.index("III. KIẾN NGHỊ, ĐỀ XUẤT")
    assert text[proposals + 1 : proposals + 3] == ["Kiến nghị thứ nhất.", "Kiến nghị thứ hai."]
    assert "Kính gửi: UBND huyện Văn Quan." in text
    assert any(line.startswith("1. Giải phóng mặt bằng, bồi thường: 1 vướng mắc") for line in text)
    assert any("BQ-2 Dự án BQ-2: Chưa bàn giao mặt bằng đoạn Km2" in line for line in text)
    for number in ("03", "04", "05"):
        assert f"Biểu {number}" in text
    assert "Hoàng Thị Mai" in text and "TRƯỞNG PHÒNG" in text


def test_the_treasury_paper_names_both_groupings(ledger):
    content = treasury_content(ReportRequest(ReportKind.MONTHLY, dt.date(2024, 9, 30)))
    text = lines(open_docx(treasury_docx(content, HEADER)))
    assert "KẾT QUẢ GIẢI NGÂN VỐN ĐẦU TƯ CÔNG THÁNG 09 NĂM 2024 THEO CƠ QUAN CHỦ QUẢN" in text
    assert "KẾT QUẢ GIẢI NGÂN VỐN ĐẦU TƯ CÔNG THÁNG 09 NĂM 2024 THEO CHỦ ĐẦU TƯ" in text
    assert any("giải ngân trong tháng: 133.333.333 đồng" in line for line in text)


def test_a_provinces_report_is_issued_by_its_finance_department_to_its_bodies(district):
    """Under "UBND tỉnh Lạng Sơn" the header names "Sở Tài chính" and the report goes to
    the province's standing bodies (`org.places`); a report archived before the office was
    kept with its figures reads as a district's."""
    as_province(district)
    report_ledger(district)
    content = periodic_content(ReportRequest(ReportKind.QUARTERLY, dt.date(2024, 9, 30)))
    assert content["office"] == "Sở Tài chính"
    text = lines(open_docx(periodic_docx(content, default_texts(content), HEADER)))
    assert text[:2] == ["UBND TỈNH LẠNG SƠN", "SỞ TÀI CHÍNH"]
    assert any("Thường trực Tỉnh ủy, HĐND tỉnh (b/c)" in line for line in text)
    assert not any("huyện" in line.lower() for line in text[:2])
    del content["office"]
    older = lines(open_docx(periodic_docx(content, default_texts(content), HEADER)))
    assert older[1] == "PHÒNG TÀI CHÍNH - KẾ HOẠCH"
