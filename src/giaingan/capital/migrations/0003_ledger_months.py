"""LedgerMonth, the ledger summed by month, quarter and year, filled from the ledger there.

The key holds the sums: on SQLite the table is WITHOUT ROWID, so its rows are stored in key
order; on PostgreSQL the key INCLUDEs them, so reads are index-only scans and there is no
second index to keep. With it the per-project sums no longer need the treasury lines in
project order: that index goes, and every treasury line is written faster. So does the
index of reverses_id for every line: a partial one holds the corrections only.
"""

import django.db.models.deletion
from django.db import migrations, models

SUMS = (
    "plan",
    "carried_over",
    "disbursed",
    "advanced",
    "recovered",
    "plan_count",
    "carried_count",
    "line_count",
)


def create_table(apps, schema_editor):
    model = apps.get_model("capital", "LedgerMonth")
    if schema_editor.connection.vendor == "sqlite":
        sql, params = schema_editor.table_sql(model)
        schema_editor.execute(f"{sql} WITHOUT ROWID", params or None)
        return
    schema_editor.create_model(model)
    if schema_editor.connection.vendor == "postgresql":
        quote = schema_editor.quote_name
        table = model._meta.db_table
        key = ", ".join(quote(field.column) for field in model._meta.pk_fields)
        sums = ", ".join(quote(name) for name in SUMS)
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(table + '_pkey')}, "
            f"ADD PRIMARY KEY ({key}) INCLUDE ({sums})"
        )


def drop_reverses_index(apps, schema_editor):
    """The foreign key's own index on reverses_id: every line wrote an entry, NULL for all
    but corrections. Found by introspection, not by its generated name."""
    connection = schema_editor.connection
    table = apps.get_model("capital", "TreasuryLine")._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    for name, about in constraints.items():
        plain = about["index"] and not about["unique"] and not about["primary_key"]
        if plain and about["columns"] == ["reverses_id"] and name != "line_reverses":
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def add_reverses_index(apps, schema_editor):
    quote = schema_editor.quote_name
    table = apps.get_model("capital", "TreasuryLine")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX {quote(table + '_reverses_id')} ON {quote(table)} ({quote('reverses_id')})"
    )


def drop_table(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("capital", "LedgerMonth"))


def fill(apps, schema_editor):
    # Plain SQL over table and column names, the same as the command runs.
    from giaingan.capital.months import ledger_months_rebuild

    ledger_months_rebuild()


def foreign_key(to: str, name: str) -> models.ForeignKey:
    return models.ForeignKey(
        db_constraint=False,
        db_index=False,
        on_delete=django.db.models.deletion.DO_NOTHING,
        related_name="+",
        to=to,
        verbose_name=name,
    )


def amount(name: str) -> models.BigIntegerField:
    return models.BigIntegerField(default=0, verbose_name=name)


def count(name: str) -> models.IntegerField:
    return models.IntegerField(default=0, verbose_name=name)


class Migration(migrations.Migration):
    dependencies = [("capital", "0002_funding_sources")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LedgerMonth",
                    fields=[
                        (
                            "pk",
                            models.CompositePrimaryKey(
                                "plan_year",
                                "span",
                                "month",
                                "project",
                                "source",
                                blank=True,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "plan_year",
                            models.SmallIntegerField(verbose_name="năm kế hoạch"),
                        ),
                        (
                            "span",
                            models.SmallIntegerField(verbose_name="số tháng (1, 3 hoặc 12)"),
                        ),
                        (
                            "month",
                            models.DateField(verbose_name="từ ngày (đầu tháng, quý hoặc năm)"),
                        ),
                        ("plan", amount("kế hoạch vốn, trừ kéo dài")),
                        ("carried_over", amount("kế hoạch vốn kéo dài")),
                        ("disbursed", amount("giải ngân (số tiền - thu hồi tạm ứng)")),
                        ("advanced", amount("tạm ứng")),
                        ("recovered", amount("thu hồi tạm ứng")),
                        ("plan_count", count("số dòng kế hoạch, trừ kéo dài")),
                        ("carried_count", count("số dòng kế hoạch kéo dài")),
                        ("line_count", count("số chứng từ")),
                        ("project", foreign_key("capital.project", "dự án")),
                        ("source", foreign_key("capital.fundingsource", "nguồn vốn")),
                    ],
                    options={
                        "verbose_name": "tổng sổ theo tháng",
                        "verbose_name_plural": "tổng sổ theo tháng",
                    },
                ),
            ],
        ),
        migrations.RunPython(create_table, drop_table),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="treasuryline", name="line_year_project_covering"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="treasuryline",
                    name="reverses",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reversals",
                        to="capital.treasuryline",
                        verbose_name="chứng từ gốc",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_reverses_index, add_reverses_index)],
        ),
        migrations.AddIndex(
            model_name="treasuryline",
            index=models.Index(
                condition=models.Q(("reverses__isnull", False)),
                fields=["reverses"],
                name="line_reverses",
            ),
        ),
    ]
