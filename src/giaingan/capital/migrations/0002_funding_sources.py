"""The funding-source catalogue a fresh database holds (FORMATS.md)."""

from django.db import migrations

SOURCES = [
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


def add_sources(apps, schema_editor):
    FundingSource = apps.get_model("capital", "FundingSource")
    for code, name, level in SOURCES:
        FundingSource.objects.get_or_create(
            code=code, defaults={"name": name, "budget_level": level}
        )


class Migration(migrations.Migration):
    dependencies = [("capital", "0001_initial")]
    operations = [migrations.RunPython(add_sources, migrations.RunPython.noop)]
