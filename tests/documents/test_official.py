"""The official papers: real Word files, Decree 30 layout, the data in its place."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from docxtpl import DocxTemplate

from giaingan.documents import official
from giaingan.documents.official import (
    DocumentContextError,
    date_line,
    percent,
    render_docx,
    vnd,
)
from tests.documents import samples
from tests.documents.helpers import lines, open_docx, run_fonts, table_rows

HEADER = [
    "UBND HUYỆN VĂN QUAN",
    "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 15/TTr-TCKH",
    "Văn Quan, ngày 05 tháng 02 năm 2025",
]
GIAI_NGAN = {
    **samples.COMMON,
    "number": "31/BC-TCKH",
    "subject": "Tình hình giải ngân vốn đầu tư công năm 2024",
    "signer_titles": ["Trưởng phòng"],
    "year": 2024,
    "as_of": dt.date(2025, 1, 31),
    "base_label": "Kế hoạch vốn giao trong năm",
    "by_label": "Chủ đầu tư",
    "rows": [
        {
            "code": "BQLDA",
            "name": "Ban QLDA ĐTXD huyện",
            "plan": 800_000_000,
            "disbursed": 350_000_000,
            "outstanding_advance": 50_000_000,
            "rate_percent": Decimal("43.75"),
            "rank": 2,
        },
        {
            "code": "XA-VA",
            "name": "UBND xã Văn An",
            "plan": 0,
            "disbursed": 0,
            "outstanding_advance": 0,
            "rate_percent": None,
            "rank": None,
        },
    ],
    "total": {
        "code": "",
        "name": "Tổng cộng",
        "plan": 800_000_000,
        "disbursed": 350_000_000,
        "outstanding_advance": 50_000_000,
        "rate_percent": Decimal("43.75"),
        "rank": None,
    },
}
CONTEXTS = {
    "bao_cao_tckh_dinh_ky": samples.periodic_tckh,
    "bao_cao_kho_bac": samples.kho_bac,
    "to_trinh_khen_thuong": samples.to_trinh,
    "bao_cao_thanh_tich": samples.thanh_tich,
    "bien_ban_hoi_dong": samples.bien_ban,
    "quyet_dinh_khen_thuong": samples.quyet_dinh,
    "bao_cao_giai_ngan": lambda: dict(GIAI_NGAN),
    "bao_cao_dinh_ky": lambda: {
        **samples.COMMON,
        "addressee": "Phòng Tài chính - Kế hoạch",
        "scope": "dự án DA1 - Đường Tân Đoàn",
        "period_label": "Tháng 09/2024",
        "as_of": dt.date(2024, 9, 25),
        "year": 2024,
        "plan": 400_000_000,
        "disbursed": 100_000_000,
        "rate_percent": Decimal("25.00"),
        "work_done_value": 180_000_000,
        "accepted_unpaid_value": 30_000_000,
        "progress": "Đã thi công xong nền đường.",
        "obstacles_text": "Còn 3 hộ chưa nhận tiền bồi thường.",
        "obstacles": ["Giải phóng mặt bằng (DA1): 3 hộ chưa nhận tiền"],
        "proposals": "Không có.",
    },
    "to_trinh_dieu_chuyen": lambda: {
        **samples.COMMON,
        "addressee": "Chủ tịch UBND huyện Văn Quan",
        "bases": ["Luật Đầu tư công số 39/2019/QH14 ngày 13/6/2019"],
        "intro": "Tính đến ngày 15/10/2024, kế hoạch vốn ...",
        "moves": [
            {
                "stt": 1,
                "giver": "DA1 - Đường Tân Đoàn",
                "taker": "DA2 - Trường Văn An",
                "source": "NSDP-HUYEN",
                "amount": 400_000_000,
                "reason": "DA2: trọng điểm",
            }
        ],
        "total": 400_000_000,
        "outcome": "Tỷ lệ dự kiến tăng từ 89,46% lên 91,19%.",
        "closing": "Kính trình Chủ tịch xem xét, quyết định./.",
    },
    "thong_bao_ket_luan": lambda: {
        **samples.COMMON,
        "held_on": dt.date(2024, 9, 30),
        "venue": "",
        "chair": "Đồng chí Chủ tịch UBND huyện",
        "attendees": ["Phòng Tài chính - Kế hoạch"],
        "year": 2024,
        "scope": "trên địa bàn huyện",
        "plan": 800_000_000,
        "disbursed": 350_000_000,
        "rate_percent": Decimal("43.75"),
        "target_percent": None,
        "target_date": None,
        "behind_count": 0,
        "slowest": [],
        "held": [],
        "obstacles_open": 0,
        "obstacles_overdue": 0,
        "missing": [],
        "period_phrase": "tháng 09/2024",
        "conclusion": "",
        "actions": [],
    },
}


def mm(length) -> float:
    """Word stores lengths in twentieths of a point: compare to a tenth of a millimetre."""
    return round(length.mm, 1)


def rendered(name: str, **changes):
    return open_docx(render_docx(name, {**CONTEXTS[name](), **changes}))


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (dt.date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
        (dt.date(2024, 11, 15), "ngày 15 tháng 11 năm 2024"),
        (dt.date(2025, 3, 3), "ngày 03 tháng 3 năm 2025"),
        (dt.date(2025, 1, 31), "ngày 31 tháng 01 năm 2025"),
        (dt.date(2024, 12, 10), "ngày 10 tháng 12 năm 2024"),
        (None, "ngày      tháng      năm        "),  # a draft: the signer fills it in
    ],
)
def test_date_line_follows_decree_30(day, line):
    assert date_line(day) == line


def test_money_filters():
    assert vnd(1_410_000) == "1.410.000"
    assert vnd(0) == "0"
    assert percent(Decimal("98.5")) == "98,50"
    assert percent(43.75) == "43,75"
    assert percent(None) == "-"


@pytest.mark.parametrize("name", official.TEMPLATE_NAMES)
def test_every_template_is_a_word_file_officials_can_edit(name):
    template = DocxTemplate(official.template_path(name))
    assert "{{ number }}" in " ".join(
        p.text for p in template.get_docx().tables[0].cell(1, 0).paragraphs
    )
    assert template.get_undeclared_template_variables(official.jinja_env()) >= {
        "issuer",
        "number",
        "place",
        "subject",
    }


@pytest.mark.parametrize("name", official.TEMPLATE_NAMES)
def test_every_paper_has_the_decree_30_page(name):
    document = rendered(name)
    portrait = document.sections[0]
    assert (mm(portrait.page_width), mm(portrait.page_height)) == (210, 297)
    for section in document.sections:
        assert {mm(section.page_width), mm(section.page_height)} == {210, 297}
        margins = (section.top_margin, section.bottom_margin)
        assert [mm(margin) for margin in margins] == [20, 20]
        assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == (
        "Times New Roman"
    )
    assert run_fonts(document) == {("Times New Roman", "Times New Roman")}
    body = document.styles["Body Text"].paragraph_format
    assert body.alignment == 3  # justified
    assert mm(body.first_line_indent) == 10


@pytest.mark.parametrize("name", official.TEMPLATE_NAMES)
def test_every_paper_has_the_national_header(name):
    same = ("issuer_parent", "issuer", "number", "date")
    document = rendered(name, **{key: samples.COMMON[key] for key in same})
    text = lines(document)
    assert text[:6] == HEADER
    header = document.tables[0]
    assert header.rows[0].cells[0].paragraphs[1].runs[0].bold
    assert header.rows[1].cells[1].paragraphs[0].runs[0].italic


def test_submission():
    document = rendered("to_trinh_khen_thuong")
    text = lines(document)
    title = text.index("TỜ TRÌNH")
    assert text[title + 1].startswith("Về việc đề nghị khen thưởng")
    assert "Kính gửi: Chủ tịch UBND huyện." in text
    # A basis reads "Căn cứ ...;" whether or not the caller wrote "Căn cứ" and ";".
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ;" in text
    awards, reviews = table_rows(document.tables[1]), table_rows(document.tables[2])
    assert awards[0] == [
        "STT",
        "Tên tập thể/cá nhân",
        "Kế hoạch vốn (đồng)",
        "Đã giải ngân (đồng)",
        "Tỷ lệ (%)",
        "Thành tích",
    ]
    # Escaped for XML, shown as typed.
    assert awards[1][:5] == [
        "1",
        "Ban QLDA ĐTXD huyện & đối tác <A> (Tập thể)",
        "1.410.000",
        "1.410.000",
        "100,00",
    ]
    assert awards[2][1:5] == ["UBND xã Tân Đoàn", "2.105.000.000", "2.073.425.000", "98,50"]
    assert len(awards) == 3
    assert "2. Danh sách đề nghị kiểm điểm trách nhiệm" in text
    assert reviews[1] == ["1", "UBND xã Văn An (Tập thể)", "900.000.000", "450.000.000", "50,00"]
    assert text[-8:] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Phòng Nội vụ;",
        "- Hội đồng Thi đua - Khen thưởng huyện;",
        "- Lưu: VT.",
        "KT. TRƯỞNG PHÒNG",
        "PHÓ TRƯỞNG PHÒNG",
        "Hoàng Thị Mai",
    ]


def test_submission_without_reviews_says_so():
    document = rendered("to_trinh_khen_thuong", reviews=[])
    text = lines(document)
    heading = text.index("2. Danh sách đề nghị kiểm điểm trách nhiệm")
    assert text[heading + 1] == "Không có."
    assert len(document.tables) == 3  # header, awards, signature


def test_achievement_report():
    text = lines(rendered("bao_cao_thanh_tich"))
    assert text[6:9] == [
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH UBND HUYỆN",
        "Thành tích trong phong trào thi đua đẩy nhanh giải ngân vốn đầu tư công năm 2024",
    ]
    assert "Tên tập thể: Ban Quản lý dự án đầu tư xây dựng huyện Văn Quan" in text
    for heading in (
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN",
    ):
        assert heading in text
    assert "Kế hoạch vốn được giao (đồng)" in text and "45.000.000.000" in text
    assert text[text.index("III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN") + 1] == "Chưa có."
    assert text[-2:] == ["GIÁM ĐỐC", "Lường Văn Bình"]


def test_achievement_report_lists_past_awards():
    text = lines(rendered("bao_cao_thanh_tich", past_awards=["Giấy khen năm 2023;"]))
    assert "- Giấy khen năm 2023." in text
    assert "Chưa có." not in text


def test_council_minutes():
    document = rendered("bien_ban_hoi_dong")
    text = lines(document)
    assert "BIÊN BẢN" in text
    assert text[text.index("BIÊN BẢN") + 1].startswith("Họp Hội đồng Thi đua - Khen thưởng")
    assert text[8].startswith("Vào hồi 14 giờ 30 phút, ngày 10 tháng 02 năm 2025, tại Hội")
    assert "+ Ông Hoàng Văn Em." in text
    assert "+ Ông Lý Văn Phúc (có ý kiến bằng văn bản);" in text
    assert "+ Bà Chu Thị Giang (không có ý kiến bằng văn bản)." in text
    votes = table_rows(document.tables[1])
    assert votes[0][0] == "STT" and votes[0][-1] == "Kết quả"
    assert votes[1] == ["1", "Ban QLDA ĐTXD huyện", "3", "0", "0", "1", "4", "80,00", "Đạt"]
    assert votes[2][-1] == "Không đạt"
    signatures = table_rows(document.tables[2])[0]
    assert signatures[0].split("\n")[0] == "THƯ KÝ" and "Vi Thị Dung" in signatures[0]
    assert signatures[1].split("\n")[0] == "CHỦ TỌA" and "Nông Văn Cường" in signatures[1]
    assert text[-5:] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Phòng Nội vụ;",
        "- Hội đồng Thi đua - Khen thưởng huyện;",
        "- Lưu: VT.",
    ]


def test_decision_and_its_list():
    document = rendered("quyet_dinh_khen_thuong")
    text = lines(document)
    assert "Văn Quan, ngày 03 tháng 3 năm 2025" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN" in text
    assert "QUYẾT ĐỊNH:" in text
    articles = [line for line in text if line.startswith("Điều ")]
    assert [line[:8] for line in articles] == ["Điều 1. ", "Điều 2. ", "Điều 3. "]
    article = next(p for p in document.paragraphs if p.text.startswith("Điều 2."))
    assert article.runs[0].bold and article.runs[0].text == "Điều 2. "
    assert not article.runs[1].bold
    annex_title = next(
        p for p in document.paragraphs if p.text.startswith("DANH SÁCH TẬP THỂ, CÁ NHÂN")
    )
    assert annex_title.paragraph_format.page_break_before
    assert "(Kèm theo Quyết định số 245/QĐ-UBND ngày 03 tháng 3 năm 2025)" in text
    annex = table_rows(document.tables[-1])
    assert annex[0] == ["STT", "Tên tập thể/cá nhân", "Thành tích", "Số tiền thưởng (đồng)"]
    assert annex[1] == [
        "1",
        "Ban QLDA ĐTXD huyện",
        "Giải ngân 100% kế hoạch vốn năm 2024",
        "1.410.000",
    ]
    assert annex[-1][0] == "Tổng cộng" and annex[-1][-1] == "2.820.000"
    assert document.tables[-1].rows[-1].cells[-1].paragraphs[0].runs[0].bold
    assert text[-1] == (
        "Tổng số tiền thưởng: 2.820.000 đồng (Bằng chữ: Hai triệu tám trăm hai mươi nghìn đồng)."
    )


def test_disbursement_report_puts_its_table_on_a_landscape_page():
    document = rendered("bao_cao_giai_ngan")
    text = lines(document)
    assert "BÁO CÁO" in text and "Tình hình giải ngân vốn đầu tư công năm 2024" in text
    assert "2. Giá trị đã giải ngân: 350.000.000 đồng, đạt 43,75% kế hoạch." in text
    wide = document.sections[-1]
    assert wide.page_width > wide.page_height
    rows = table_rows(document.tables[-1])
    assert rows[0][2] == "Chủ đầu tư"
    assert rows[1] == [
        "1",
        "BQLDA",
        "Ban QLDA ĐTXD huyện",
        "800.000.000",
        "350.000.000",
        "50.000.000",
        "43,75",
        "2",
    ]
    assert rows[2][-2:] == ["-", ""]
    assert rows[-1][0] == "Tổng cộng" and rows[-1][3] == "800.000.000"


def test_a_missing_common_key_fails_before_rendering():
    context = samples.to_trinh()
    del context["number"], context["recipients"]
    with pytest.raises(DocumentContextError, match="number, recipients") as error:
        render_docx("to_trinh_khen_thuong", context)
    assert error.value.template == "to_trinh_khen_thuong"


def test_a_missing_template_key_fails_loudly():
    context = samples.quyet_dinh()
    del context["proposal_line"]
    with pytest.raises(DocumentContextError, match="proposal_line"):
        render_docx("quyet_dinh_khen_thuong", context)


def test_a_missing_row_field_fails_loudly():
    context = samples.to_trinh()
    del context["awards"][0]["achievement"]
    with pytest.raises(DocumentContextError, match="achievement"):
        render_docx("to_trinh_khen_thuong", context)


def test_an_unknown_template_is_refused():
    with pytest.raises(FileNotFoundError):
        render_docx("../settings", samples.to_trinh())
