"""The funding-source catalogue every database holds (FORMATS.md)."""

from __future__ import annotations

from giaingan.capital.models import FundingSource

# Kept equal to migration 0002, which cannot import this module (migrations are frozen).
FUNDING_SOURCES = [
    ("NSTW", "Ngân sách trung ương", "trung_uong"),
    ("NSDP-TINH", "Ngân sách địa phương - cấp tỉnh", "tinh"),
    ("NSDP-HUYEN", "Ngân sách địa phương - cấp huyện", "huyen"),
    ("NSDP-XA", "Ngân sách địa phương - cấp xã", "xa"),
    ("CTMTQG-NTM", "Chương trình MTQG xây dựng nông thôn mới", "trung_uong"),
    ("CTMTQG-GNBV", "Chương trình MTQG giảm nghèo bền vững", "trung_uong"),
    (
        "CTMTQG-DTTS",
        "Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS và miền núi",
        "trung_uong",
    ),
    ("TSDD", "Thu tiền sử dụng đất", "huyen"),
    ("ODA", "Vốn ODA và vay ưu đãi nước ngoài", "trung_uong"),
]


def funding_sources_ensure() -> None:
    """Add any missing source of the catalogue (after a test flushes the database, say)."""
    for code, name, level in FUNDING_SOURCES:
        FundingSource.objects.get_or_create(
            code=code, defaults={"name": name, "budget_level": level}
        )
