"""Each treasury line names the treasury that issued it (document numbers are unique per
treasury). Step 1 of 2: add the column and fill it for the lines already recorded.

Which treasury issued a line already in the ledger is a fact this database never held, so
it is not guessed from the project's area: with one treasury unit, every line is that
treasury's (the only one that could have issued it); with several, the operator names the
one in GIAINGAN_EXISTING_LINES_TREASURY (its unit code), or the migration stops with a
message saying so. Any choice keeps the numbers unique: they were unique in the whole
database before. A database without lines needs nothing.
"""

from __future__ import annotations

import os

from django.db import migrations, models

SETTING = "GIAINGAN_EXISTING_LINES_TREASURY"


class TreasuryUnknown(Exception):
    """The lines already recorded cannot be given a treasury without the operator."""


def lines_treasury(apps, schema_editor) -> None:
    TreasuryLine = apps.get_model("capital", "TreasuryLine")
    Unit = apps.get_model("org", "Unit")
    lines = TreasuryLine.objects.filter(treasury__isnull=True)
    if not lines.exists():
        return
    treasuries = list(Unit.objects.filter(kind="kho_bac").order_by("code"))
    chosen = os.environ.get(SETTING, "").strip()
    if chosen:
        found = [unit for unit in treasuries if unit.code == chosen]
        if not found:
            raise TreasuryUnknown(
                f"{SETTING}={chosen}: không có đơn vị kho bạc (loại kho_bac) mang mã này. "
                "Các kho bạc có trong danh mục: "
                + (", ".join(unit.code for unit in treasuries) or "không có")
                + "."
            )
        treasury = found[0]
    elif len(treasuries) == 1:
        treasury = treasuries[0]
    elif not treasuries:
        raise TreasuryUnknown(
            f"Sổ có {lines.count()} chứng từ giải ngân nhưng danh mục chưa có đơn vị kho bạc "
            "(loại kho_bac) nào: hãy thêm kho bạc đã phát hành các chứng từ này "
            "(giaingan import_units) rồi chạy lại migrate."
        )
    else:
        raise TreasuryUnknown(
            f"Sổ có {lines.count()} chứng từ giải ngân và danh mục có {len(treasuries)} kho "
            f"bạc ({', '.join(unit.code for unit in treasuries)}): không đoán chứng từ nào "
            f"của kho bạc nào. Đặt {SETTING}=<mã kho bạc đã phát hành các chứng từ hiện có> "
            "rồi chạy lại migrate."
        )
    lines.update(treasury=treasury)


class Migration(migrations.Migration):
    dependencies = [
        ("capital", "0004_import_batch_unindexed"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="treasuryline",
            name="treasury",
            field=models.ForeignKey(
                db_index=False,
                limit_choices_to={"kind": "kho_bac"},
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="kho bạc",
            ),
        ),
        migrations.RunPython(lines_treasury, migrations.RunPython.noop),
    ]
