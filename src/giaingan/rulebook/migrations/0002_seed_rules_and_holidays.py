"""The legal parameters and the 2024-2026 days off a fresh database holds.

Kept equal to giaingan.rulebook.catalogue, which a migration cannot import (migrations are
frozen); tests/rulebook/test_seeded.py holds them equal.
"""

import datetime

from django.db import migrations

D = datetime.date
SINCE_DECREE_98 = D(2023, 12, 31)
PRIZE_DECREE = "Nghị định 98/2023/NĐ-CP"
COUNCIL_RULES = "Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng"

# (key, effective_from, value, legal_basis, note)
RULE_VALUES = [
    ("base_salary", D(2019, 7, 1), "1490000", "Nghị định 38/2019/NĐ-CP", ""),
    ("base_salary", D(2023, 7, 1), "1800000", "Nghị định 24/2023/NĐ-CP", ""),
    ("base_salary", D(2024, 7, 1), "2340000", "Nghị định 73/2024/NĐ-CP", ""),
    ("prize_coefficient_individual", SINCE_DECREE_98, "0.3", PRIZE_DECREE, ""),
    ("prize_coefficient_collective", SINCE_DECREE_98, "0.6", PRIZE_DECREE, ""),
    (
        "prize_rounding",
        SINCE_DECREE_98,
        "10000",
        PRIZE_DECREE,
        "Tiền thưởng làm tròn lên hàng chục nghìn đồng.",
    ),
    (
        "vote_threshold",
        SINCE_DECREE_98,
        "0.5",
        COUNCIL_RULES,
        "Được đề nghị khi số phiếu đồng ý lớn hơn tỷ lệ này nhân với cơ sở tính.",
    ),
    ("vote_denominator", SINCE_DECREE_98, "all", COUNCIL_RULES, ""),
    (
        "quorum",
        SINCE_DECREE_98,
        "0.5",
        COUNCIL_RULES,
        "Phiên họp hợp lệ khi số thành viên có mặt lớn hơn tỷ lệ này nhân với tổng số thành viên.",
    ),
    ("publicity_working_days", SINCE_DECREE_98, "5", COUNCIL_RULES, ""),
    ("appraisal_working_days", SINCE_DECREE_98, "10", COUNCIL_RULES, ""),
]

LABOUR_CODE = "Bộ luật Lao động 2019, Điều 112"
SWAP = "Hoán đổi ngày làm việc năm {} đối với cán bộ, công chức, viên chức"
TET = "Tết Nguyên đán"
KINGS = "Giỗ Tổ Hùng Vương"
VICTORY = "Ngày Chiến thắng 30/4"
LABOUR = "Quốc tế Lao động"
NATIONAL = "Quốc khánh"
NEW_YEAR = "Tết Dương lịch"

# (date, name, is_working_day, legal_basis)
HOLIDAYS = [
    # 2024
    (D(2024, 1, 1), NEW_YEAR, False, LABOUR_CODE),
    (D(2024, 2, 8), TET, False, LABOUR_CODE),
    (D(2024, 2, 9), TET, False, LABOUR_CODE),
    (D(2024, 2, 12), TET, False, LABOUR_CODE),
    (D(2024, 2, 13), TET, False, LABOUR_CODE),
    (D(2024, 2, 14), TET, False, LABOUR_CODE),
    (D(2024, 4, 18), KINGS, False, LABOUR_CODE),
    (D(2024, 4, 29), "Nghỉ bù (làm bù thứ Bảy 04/05/2024)", False, SWAP.format(2024)),
    (D(2024, 4, 30), VICTORY, False, LABOUR_CODE),
    (D(2024, 5, 1), LABOUR, False, LABOUR_CODE),
    (D(2024, 5, 4), "Làm bù (cho ngày nghỉ 29/04/2024)", True, SWAP.format(2024)),
    (D(2024, 9, 2), NATIONAL, False, LABOUR_CODE),
    (D(2024, 9, 3), NATIONAL, False, LABOUR_CODE),
    # 2025
    (D(2025, 1, 1), NEW_YEAR, False, LABOUR_CODE),
    (D(2025, 1, 27), TET, False, LABOUR_CODE),
    (D(2025, 1, 28), TET, False, LABOUR_CODE),
    (D(2025, 1, 29), TET, False, LABOUR_CODE),
    (D(2025, 1, 30), TET, False, LABOUR_CODE),
    (D(2025, 1, 31), TET, False, LABOUR_CODE),
    (D(2025, 4, 7), KINGS, False, LABOUR_CODE),
    (D(2025, 4, 26), "Làm bù (cho ngày nghỉ 02/05/2025)", True, SWAP.format(2025)),
    (D(2025, 4, 30), VICTORY, False, LABOUR_CODE),
    (D(2025, 5, 1), LABOUR, False, LABOUR_CODE),
    (D(2025, 5, 2), "Nghỉ bù (làm bù thứ Bảy 26/04/2025)", False, SWAP.format(2025)),
    (D(2025, 9, 1), NATIONAL, False, LABOUR_CODE),
    (D(2025, 9, 2), NATIONAL, False, LABOUR_CODE),
    # 2026
    (D(2026, 1, 1), NEW_YEAR, False, LABOUR_CODE),
    (D(2026, 1, 2), "Nghỉ bù (làm bù thứ Bảy 10/01/2026)", False, SWAP.format(2026)),
    (D(2026, 1, 10), "Làm bù (cho ngày nghỉ 02/01/2026)", True, SWAP.format(2026)),
    (D(2026, 2, 16), TET, False, LABOUR_CODE),
    (D(2026, 2, 17), TET, False, LABOUR_CODE),
    (D(2026, 2, 18), TET, False, LABOUR_CODE),
    (D(2026, 2, 19), TET, False, LABOUR_CODE),
    (D(2026, 2, 20), TET, False, LABOUR_CODE),
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (26/04/2026 là Chủ nhật)", False, LABOUR_CODE),
    (D(2026, 4, 30), VICTORY, False, LABOUR_CODE),
    (D(2026, 5, 1), LABOUR, False, LABOUR_CODE),
    (D(2026, 9, 1), NATIONAL, False, LABOUR_CODE),
    (D(2026, 9, 2), NATIONAL, False, LABOUR_CODE),
]


def seed(apps, schema_editor):
    RuleValue = apps.get_model("rulebook", "RuleValue")
    Holiday = apps.get_model("rulebook", "Holiday")
    for key, effective_from, value, legal_basis, note in RULE_VALUES:
        RuleValue.objects.get_or_create(
            key=key,
            effective_from=effective_from,
            defaults={"value": value, "legal_basis": legal_basis, "note": note},
        )
    for day, name, is_working_day, legal_basis in HOLIDAYS:
        Holiday.objects.get_or_create(
            date=day,
            defaults={"name": name, "is_working_day": is_working_day, "legal_basis": legal_basis},
        )


class Migration(migrations.Migration):
    dependencies = [("rulebook", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
