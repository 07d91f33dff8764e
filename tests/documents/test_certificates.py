"""Giấy khen: one A4 landscape page per certificate, text intact, nothing fetched."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from giaingan.documents.certificates import (
    Certificate,
    OfflineFetcher,
    certificates_html,
    certificates_pdf,
)

RECIPIENTS = [
    ("Ban Quản lý dự án đầu tư xây dựng huyện Văn Quan", "", "GK-001"),
    ("Ông Hoàng Văn Đức", "Trưởng phòng Tài chính - Kế hoạch huyện Văn Quan", "GK-002"),
    ("UBND xã Tân Đoàn", "", "GK-003"),
]


def certificate(recipient: str, detail: str, gold_book: str) -> Certificate:
    return Certificate(
        issuer_title="Chủ tịch Ủy ban nhân dân huyện Văn Quan",
        recipient=recipient,
        recipient_detail=detail,
        achievement="Đã có thành tích xuất sắc trong phong trào thi đua đẩy nhanh tiến độ "
        "giải ngân vốn đầu tư công năm 2024",
        decision_number="245/QĐ-UBND",
        decision_date=dt.date(2025, 3, 3),
        gold_book_number=gold_book,
        place="Văn Quan",
        signed_on=dt.date(2025, 3, 3),
        signer_titles=("KT. Chủ tịch", "Phó Chủ tịch"),
        signer_name="Nông Văn Cường",
    )


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    data = certificates_pdf([certificate(*row) for row in RECIPIENTS])
    return PdfReader(io.BytesIO(data))


def test_it_prints_one_landscape_a4_page_per_certificate(pdf):
    assert len(pdf.pages) == 3
    for page in pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height
        assert abs(width - 842) < 1 and abs(height - 595) < 1


def test_each_page_holds_its_own_certificate(pdf):
    text = pdf.pages[1].extract_text()
    assert "Ông Hoàng Văn Đức" in text
    assert "Trưởng phòng Tài chính - Kế hoạch huyện Văn Quan" in text
    assert "GIẤY KHEN" in text and "TẶNG" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN" in text
    assert "Quyết định số 245/QĐ-UBND ngày 03/03/2025" in text
    assert "Số sổ vàng: GK-002" in text
    assert "Văn Quan, ngày 03 tháng 3 năm 2025" in text
    assert "KT. CHỦ TỊCH" in text and "Nông Văn Cường" in text
    assert "Ban Quản lý dự án" not in text


def test_the_fonts_are_embedded_liberation_serif(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Liberation-Serif" in name for name in fonts)


def test_the_page_draws_the_emblem_and_escapes_text():
    html = certificates_html([certificate("Công ty <A> & B", "", "1")])
    assert "<svg" in html and "<polygon" in html
    assert "Công ty &lt;A&gt; &amp; B" in html


def test_it_never_fetches_from_the_network():
    fetcher = OfflineFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.org/emblem.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.fetch("data:text/plain,ok") is not None


def test_it_refuses_an_empty_batch():
    with pytest.raises(ValueError):
        certificates_pdf([])
