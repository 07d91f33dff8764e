"""Step 2 of 2: every line has its treasury; a document number is unique per treasury.

Apart from 0005 because PostgreSQL will not alter a table whose rows that transaction
updated (pending foreign-key checks)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("capital", "0005_treasury_line_treasury"),
    ]

    operations = [
        migrations.AlterField(
            model_name="treasuryline",
            name="treasury",
            field=models.ForeignKey(
                db_index=False,
                limit_choices_to={"kind": "kho_bac"},
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="kho bạc",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="treasuryline",
            name="treasury_line_number_unique",
        ),
        migrations.AddConstraint(
            model_name="treasuryline",
            constraint=models.UniqueConstraint(
                fields=("treasury", "document_number"),
                name="treasury_line_number_unique_per_treasury",
            ),
        ),
    ]
