"""The periodic reports' deadlines: the day of the month each report is due.

Kept equal to giaingan.rulebook.catalogue (tests/rulebook/test_seeded.py).
"""

import datetime

from django.db import migrations, models

LAUNCHING_PLAN = "Kế hoạch phát động phong trào thi đua, mục III (chế độ báo cáo)"
SINCE = datetime.date(2023, 12, 31)

# (key, effective_from, value, legal_basis, note)
RULE_VALUES = [
    ("report_due_day_monthly", SINCE, "25", LAUNCHING_PLAN, ""),
    ("report_due_day_quarterly", SINCE, "25", LAUNCHING_PLAN, ""),
    ("report_due_day_annual", SINCE, "15", LAUNCHING_PLAN, ""),
]


def seed(apps, schema_editor):
    RuleValue = apps.get_model("rulebook", "RuleValue")
    for key, effective_from, value, legal_basis, note in RULE_VALUES:
        RuleValue.objects.get_or_create(
            key=key,
            effective_from=effective_from,
            defaults={"value": value, "legal_basis": legal_basis, "note": note},
        )


def unseed(apps, schema_editor):
    RuleValue = apps.get_model("rulebook", "RuleValue")
    RuleValue.objects.filter(key__in=[row[0] for row in RULE_VALUES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rulebook", "0002_seed_rules_and_holidays"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalrulevalue",
            name="key",
            field=models.CharField(
                choices=[
                    ("base_salary", "Mức lương cơ sở"),
                    (
                        "prize_coefficient_individual",
                        "Hệ số tiền thưởng Giấy khen của Chủ tịch UBND cho cá nhân",
                    ),
                    (
                        "prize_coefficient_collective",
                        "Hệ số tiền thưởng Giấy khen của Chủ tịch UBND cho tập thể",
                    ),
                    ("prize_rounding", "Làm tròn lên tiền thưởng đến bội số của"),
                    ("vote_threshold", "Tỷ lệ phiếu đồng ý phải vượt quá"),
                    ("vote_denominator", "Cơ sở tính tỷ lệ phiếu"),
                    ("quorum", "Tỷ lệ thành viên có mặt để phiên họp hợp lệ phải vượt quá"),
                    (
                        "publicity_working_days",
                        "Số ngày làm việc công khai danh sách đề nghị khen thưởng",
                    ),
                    ("appraisal_working_days", "Số ngày làm việc thẩm định hồ sơ khen thưởng"),
                    ("report_due_day_monthly", "Hạn nộp báo cáo tháng (ngày của tháng báo cáo)"),
                    ("report_due_day_quarterly", "Hạn nộp báo cáo quý (ngày của tháng cuối quý)"),
                    ("report_due_day_annual", "Hạn nộp báo cáo năm (ngày của tháng 12)"),
                ],
                max_length=50,
                verbose_name="quy định",
            ),
        ),
        migrations.AlterField(
            model_name="rulevalue",
            name="key",
            field=models.CharField(
                choices=[
                    ("base_salary", "Mức lương cơ sở"),
                    (
                        "prize_coefficient_individual",
                        "Hệ số tiền thưởng Giấy khen của Chủ tịch UBND cho cá nhân",
                    ),
                    (
                        "prize_coefficient_collective",
                        "Hệ số tiền thưởng Giấy khen của Chủ tịch UBND cho tập thể",
                    ),
                    ("prize_rounding", "Làm tròn lên tiền thưởng đến bội số của"),
                    ("vote_threshold", "Tỷ lệ phiếu đồng ý phải vượt quá"),
                    ("vote_denominator", "Cơ sở tính tỷ lệ phiếu"),
                    ("quorum", "Tỷ lệ thành viên có mặt để phiên họp hợp lệ phải vượt quá"),
                    (
                        "publicity_working_days",
                        "Số ngày làm việc công khai danh sách đề nghị khen thưởng",
                    ),
                    ("appraisal_working_days", "Số ngày làm việc thẩm định hồ sơ khen thưởng"),
                    ("report_due_day_monthly", "Hạn nộp báo cáo tháng (ngày của tháng báo cáo)"),
                    ("report_due_day_quarterly", "Hạn nộp báo cáo quý (ngày của tháng cuối quý)"),
                    ("report_due_day_annual", "Hạn nộp báo cáo năm (ngày của tháng 12)"),
                ],
                max_length=50,
                verbose_name="quy định",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
