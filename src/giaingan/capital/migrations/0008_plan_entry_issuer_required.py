"""Step 2 of 2: every entry has its issuer; a decision is one per issuer and number.

Apart from 0007 because PostgreSQL will not alter a table whose rows that transaction
updated (pending foreign-key checks)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("capital", "0007_plan_entry_issuer"),
    ]

    operations = [
        migrations.AlterField(
            model_name="planentry",
            name="issuer",
            field=models.ForeignKey(
                db_index=False,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="planentry",
            name="plan_entry_one_line_per_decision",
        ),
        migrations.AddConstraint(
            model_name="planentry",
            constraint=models.UniqueConstraint(
                fields=("issuer", "decision_number", "kind", "project", "source", "plan_year"),
                name="plan_entry_one_line_per_issuers_decision",
            ),
        ),
    ]
