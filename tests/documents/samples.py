"""Contexts of the official papers as a caller would build them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

COMMON = {
    "issuer_parent": "UBND huyện Văn Quan",
    "issuer": "Phòng Tài chính - Kế hoạch",
    "number": "15/TTr-TCKH",
    "place": "Văn Quan",
    "date": dt.date(2025, 2, 5),
    "subject": "Về việc đề nghị khen thưởng trong phong trào thi đua đẩy nhanh giải ngân "
    "vốn đầu tư công năm 2024",
    "signer_titles": ["KT. Trưởng phòng", "Phó Trưởng phòng"],
    "signer_name": "Hoàng Thị Mai",
    "recipients": ["Như trên", "Phòng Nội vụ;", "Hội đồng Thi đua - Khen thưởng huyện"],
}


def to_trinh() -> dict:
    return {
        **COMMON,
        "addressee": "Chủ tịch UBND huyện",
        "bases": [
            "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ;",
        ],
        "intro": "Thực hiện Kế hoạch phát động phong trào thi đua, Phòng Tài chính - Kế hoạch "
        "đề nghị khen thưởng các tập thể có thành tích như sau:",
        "awards": [
            {
                "stt": 1,
                "name": "Ban QLDA ĐTXD huyện & đối tác <A>",
                "category": "Tập thể",
                "plan": 1_410_000,
                "disbursed": 1_410_000,
                "rate": Decimal("100.00"),
                "achievement": "Giải ngân 100% kế hoạch trước ngày 31/01/2025",
            },
            {
                "stt": 2,
                "name": "UBND xã Tân Đoàn",
                "category": "",
                "plan": 2_105_000_000,
                "disbursed": 2_073_425_000,
                "rate": Decimal("98.5"),
                "achievement": "Giải ngân 98,50% kế hoạch",
            },
        ],
        "reviews": [
            {
                "stt": 1,
                "name": "UBND xã Văn An",
                "category": "Tập thể",
                "plan": 900_000_000,
                "disbursed": 450_000_000,
                "rate": Decimal("50"),
            }
        ],
        "closing": "Phòng Tài chính - Kế hoạch kính trình Chủ tịch UBND huyện xem xét, quyết định.",
    }


def thanh_tich() -> dict:
    return {
        **COMMON,
        "issuer": "Ban Quản lý dự án đầu tư xây dựng huyện",
        "number": "08/BC-BQLDA",
        "subject": "Thành tích trong phong trào thi đua đẩy nhanh giải ngân vốn đầu tư công "
        "năm 2024",
        "signer_titles": ["Giám đốc"],
        "signer_name": "Lường Văn Bình",
        "unit_name": "Ban Quản lý dự án đầu tư xây dựng huyện Văn Quan",
        "person": None,
        "headline": "Đề nghị tặng Giấy khen của Chủ tịch UBND huyện",
        "situation": "Ban được giao làm chủ đầu tư 12 dự án với tổng kế hoạch vốn năm 2024 "
        "là 45.000.000.000 đồng.",
        "achievements": [
            "Ban đã giải ngân toàn bộ kế hoạch vốn được giao trước thời hạn.",
            "Không để phát sinh nợ đọng xây dựng cơ bản.",
        ],
        "figures": [
            {"label": "Kế hoạch vốn được giao (đồng)", "value": "45.000.000.000"},
            {"label": "Tỷ lệ giải ngân đến 31/01/2025 (%)", "value": "100,00"},
        ],
        "past_awards": [],
    }


def bien_ban() -> dict:
    return {
        **{k: v for k, v in COMMON.items() if k not in ("signer_titles", "signer_name")},
        "issuer": "Hội đồng Thi đua - Khen thưởng",
        "number": "03/BB-HĐTĐKT",
        "subject": "Họp Hội đồng Thi đua - Khen thưởng xét đề nghị khen thưởng phong trào thi "
        "đua đẩy nhanh giải ngân vốn đầu tư công năm 2024",
        "held_at": dt.datetime(2025, 2, 10, 14, 30),
        "venue": "Hội trường UBND huyện",
        "chair": "Nông Văn Cường",
        "chair_role": "Phó Chủ tịch UBND huyện, Phó Chủ tịch Hội đồng",
        "secretary": "Vi Thị Dung",
        "members_present": ["Ông Nông Văn Cường", "Bà Vi Thị Dung", "Ông Hoàng Văn Em"],
        "members_absent": [
            {"name": "Ông Lý Văn Phúc", "written": True},
            {"name": "Bà Chu Thị Giang", "written": False},
        ],
        "quorum_text": "Có 3/5 thành viên dự họp, 1 thành viên gửi ý kiến bằng văn bản; "
        "cuộc họp đủ điều kiện tiến hành.",
        "rows": [
            {
                "stt": 1,
                "name": "Ban QLDA ĐTXD huyện",
                "agree": 3,
                "disagree": 0,
                "abstain": 0,
                "written": 1,
                "total": 4,
                "percent": Decimal("80.00"),
                "passed": True,
            },
            {
                "stt": 2,
                "name": "UBND xã Văn An",
                "agree": 1,
                "disagree": 2,
                "abstain": 0,
                "written": 1,
                "total": 4,
                "percent": Decimal("20.00"),
                "passed": False,
            },
        ],
        "threshold_text": "Trường hợp được từ 70% tổng số thành viên Hội đồng đồng ý là đạt.",
        "conclusion": "Hội đồng thống nhất đề nghị Chủ tịch UBND huyện tặng Giấy khen cho "
        "Ban QLDA ĐTXD huyện.",
    }


def quyet_dinh() -> dict:
    return {
        **COMMON,
        "issuer_parent": "",
        "issuer": "Ủy ban nhân dân huyện Văn Quan",
        "number": "245/QĐ-UBND",
        "date": dt.date(2025, 3, 3),
        "subject": "Về việc tặng Giấy khen trong phong trào thi đua đẩy nhanh giải ngân vốn "
        "đầu tư công năm 2024",
        "signer_titles": ["KT. Chủ tịch", "Phó Chủ tịch"],
        "signer_name": "Nông Văn Cường",
        "recipients": ["Như Điều 3", "Chủ tịch, các PCT UBND huyện"],
        "authority": "Chủ tịch Ủy ban nhân dân huyện Văn Quan",
        "bases": ["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
        "proposal_line": "Xét đề nghị của Trưởng phòng Nội vụ tại Tờ trình số 20/TTr-NV "
        "ngày 20 tháng 02 năm 2025",
        "articles": [
            "Tặng Giấy khen cho 02 tập thể có thành tích xuất sắc (có danh sách kèm theo).",
            "Mỗi tập thể được thưởng 1.410.000 đồng từ quỹ thi đua, khen thưởng của huyện.",
            "Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ và các tập thể có tên "
            "tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        ],
        "awards": [
            {
                "stt": 1,
                "name": "Ban QLDA ĐTXD huyện",
                "achievement": "Giải ngân 100% kế hoạch vốn năm 2024",
                "amount": 1_410_000,
            },
            {
                "stt": 2,
                "name": "UBND xã Tân Đoàn",
                "achievement": "Giải ngân 100% kế hoạch vốn năm 2024",
                "amount": 1_410_000,
            },
        ],
        "total": 2_820_000,
    }


def _annex(number: str, label: str) -> dict:
    row = {
        "code": "BQLDA",
        "name": "Ban QLDA ĐTXD huyện",
        "plan": 800_000_000,
        "disbursed": 350_000_000,
        "change": 120_000_000,
        "outstanding_advance": 50_000_000,
        "rate": Decimal("43.75"),
    }
    return {
        "number": number,
        "label": label,
        "title": f"Kết quả giải ngân vốn đầu tư công quý III năm 2024 theo {label.lower()}",
        "rows": [row],
        "total": row,
    }


def _report_common() -> dict:
    return {
        **COMMON,
        "number": "03/BCQ-TCKH",
        "subject": "Tình hình thực hiện và giải ngân vốn đầu tư công quý III năm 2024",
        "signer_titles": ["Trưởng phòng"],
        "addressee": "UBND huyện Văn Quan",
        "year": 2024,
        "as_of": dt.date(2024, 9, 30),
        "period_phrase": "quý III năm 2024",
        "next_phrase": "quý IV năm 2024",
        "change_label": "Giải ngân trong quý",
        "base_label": "Kế hoạch vốn giao trong năm",
        "this_year": {
            "plan": 800_000_000,
            "disbursed": 350_000_000,
            "change": 120_000_000,
            "outstanding_advance": 50_000_000,
            "rate": Decimal("43.75"),
        },
    }


def periodic_tckh() -> dict:
    """Finance-Planning's periodic report (reporting.papers.periodic_context's keys)."""
    return {
        **_report_common(),
        "results": ["Đã giải ngân 350.000.000 đồng, đạt 43,75% kế hoạch."],
        "comparison": ["Cùng kỳ năm 2023 đạt 50,00% kế hoạch."],
        "obstacles": ["Còn 1 vướng mắc chưa tháo gỡ."],
        "proposals": ["Đề nghị chỉ đạo tháo gỡ mặt bằng."],
        "tasks": ["Phấn đấu đạt 95% kế hoạch."],
        "targets": [
            {
                "due_date": dt.date(2024, 9, 30),
                "share": "60.00",
                "required": 480_000_000,
                "disbursed": 350_000_000,
                "verdict": "Chưa đạt",
            }
        ],
        "last_year": {
            "year": 2023,
            "plan": 700_000_000,
            "disbursed": 350_000_000,
            "rate": Decimal("50.00"),
        },
        "sources": {
            "rows": [_annex("02", "Nguồn vốn")["rows"][0]],
            "total": _annex("02", "x")["total"],
        },
        "annexes": [_annex("03", "Chủ đầu tư"), _annex("04", "Cơ quan chủ quản")],
        "obstacle_groups": [
            {
                "label": "Giải phóng mặt bằng, bồi thường",
                "open": 1,
                "projects": 1,
                "plan_held": 600_000_000,
                "entries": [
                    {
                        "project_code": "DA1",
                        "project_name": "Đường Tân Đoàn",
                        "description": "Chưa bàn giao mặt bằng.",
                        "responsible": "UBND xã Tân Đoàn",
                        "due_date": dt.date(2024, 8, 31),
                        "overdue": True,
                    }
                ],
            }
        ],
    }


def kho_bac() -> dict:
    """The treasury's result tables (reporting.papers.treasury_context's keys)."""
    return {
        **_report_common(),
        "annexes": [_annex("01", "Cơ quan chủ quản"), _annex("02", "Chủ đầu tư")],
    }
