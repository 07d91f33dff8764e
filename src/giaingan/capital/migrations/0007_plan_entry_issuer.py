"""Each plan entry names the body that issued its decision. Step 1 of 2: add the column
and fill it for the entries already recorded.

Until now every decision was taken as the district committee's: the entries get the only
people's committee with no committee below it (a district's under its province), or the
unit named in GIAINGAN_EXISTING_DECISIONS_ISSUER; with neither, the migration stops with a
message saying so rather than guess. A database without entries needs nothing.
"""

from __future__ import annotations

import os

from django.db import migrations, models

SETTING = "GIAINGAN_EXISTING_DECISIONS_ISSUER"


class IssuerUnknown(Exception):
    """The entries already recorded cannot be given an issuer without the operator."""


def entries_issuer(apps, schema_editor) -> None:
    PlanEntry = apps.get_model("capital", "PlanEntry")
    Unit = apps.get_model("org", "Unit")
    entries = PlanEntry.objects.filter(issuer__isnull=True)
    if not entries.exists():
        return
    chosen = os.environ.get(SETTING, "").strip()
    if chosen:
        issuer = Unit.objects.filter(code=chosen).first()
        if issuer is None:
            raise IssuerUnknown(f"{SETTING}={chosen}: không có đơn vị mang mã này.")
    else:
        lowest = list(
            Unit.objects.filter(kind="ubnd")
            .exclude(children__kind="ubnd")
            .distinct()
            .order_by("code")
        )
        if len(lowest) != 1:
            raise IssuerUnknown(
                f"Sổ có {entries.count()} dòng kế hoạch vốn nhưng không xác định được UBND "
                f"đã ban hành các quyết định ({len(lowest)} UBND cấp dưới cùng: "
                + (", ".join(unit.code for unit in lowest) or "không có")
                + f"). Đặt {SETTING}=<mã cơ quan ban hành> rồi chạy lại migrate."
            )
        issuer = lowest[0]
    entries.update(issuer=issuer)


class Migration(migrations.Migration):
    dependencies = [
        ("capital", "0006_treasury_line_number_per_treasury"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="planentry",
            name="issuer",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.RunPython(entries_issuer, migrations.RunPython.noop),
    ]
