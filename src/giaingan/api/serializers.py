"""What the API answers: ledger rows with codes (not database ids) for what they refer to."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from giaingan.capital.models import PlanEntry, Project, TreasuryLine
from giaingan.figures.selectors import Base, Grouping
from giaingan.lib.dates import DATE_FORMS, DateError, parse_date
from giaingan.org.models import Unit


def code_of(*, nullable: bool = False) -> serializers.SlugRelatedField:
    """The code of the row a field refers to (a unit, a project, a source), not its id."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=nullable)


class UnitSerializer(serializers.ModelSerializer):
    parent = code_of(nullable=True)

    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "parent", "tax_code"]


class ProjectSerializer(serializers.ModelSerializer):
    investor = code_of()
    agency = code_of(nullable=True)
    main_commune = code_of(nullable=True)
    communes = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "investor",
            "agency",
            "main_commune",
            "communes",
            "group",
            "sector",
            "total_investment",
            "start_year",
            "end_year",
            "is_key",
        ]


class PlanEntrySerializer(serializers.ModelSerializer):
    issuer = code_of()
    project = code_of()
    source = code_of()

    class Meta:
        model = PlanEntry
        fields = [
            "id",
            "issuer",
            "decision_number",
            "decision_date",
            "kind",
            "project",
            "source",
            "plan_year",
            "amount",
            "note",
            "created_at",
            "import_batch",
        ]


class TreasuryLineSerializer(serializers.ModelSerializer):
    treasury = code_of()
    project = code_of()
    source = code_of()
    reverses = serializers.SlugRelatedField(
        slug_field="document_number", read_only=True, allow_null=True
    )

    class Meta:
        model = TreasuryLine
        fields = [
            "id",
            "treasury",
            "document_number",
            "value_date",
            "project",
            "source",
            "plan_year",
            "kind",
            "amount",
            "recovered_advance",
            "reverses",
            "created_at",
            "import_batch",
        ]


@extend_schema_field(
    # The dates `parse_date` reads: years 1900 to 2199 (giaingan.lib.dates.FIRST_DAY/LAST_DAY).
    {"type": "string", "format": "date", "pattern": "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"}
)
class DateParameter(serializers.Field):
    """A date as the command line takes it (`parse_date`: day first with `/`, `-` or `.`, or
    yyyy-mm-dd), years 1900 to 2199."""

    def to_internal_value(self, data):
        try:
            return parse_date(data)
        except DateError as error:
            raise serializers.ValidationError(str(error)) from None

    def to_representation(self, value):
        return value.isoformat()


REQUIRED = {"required": "Thiếu tham số này.", "null": "Thiếu tham số này."}


class FigureQuery(serializers.Serializer):
    """?year=2024&as_of=2024-09-30&by=investor&base=assigned[&dia_ban=1]"""

    year = serializers.IntegerField(
        min_value=1990,
        max_value=2100,
        help_text="năm kế hoạch",
        error_messages={
            **REQUIRED,
            "invalid": "Năm phải là một số nguyên, ví dụ 2024.",
            "min_value": "Năm phải từ 1990 trở đi.",
            "max_value": "Năm phải đến 2100.",
            "max_string_length": "Năm quá dài.",
        },
    )
    as_of = DateParameter(help_text=f"tính đến ngày ({DATE_FORMS})", error_messages=REQUIRED)
    by = serializers.ChoiceField(
        choices=[g.value for g in Grouping],
        default=Grouping.PROJECT.value,
        error_messages={
            "invalid_choice": "«{input}» không phải một cách nhóm: dùng "
            + ", ".join(g.value for g in Grouping)
            + "."
        },
    )
    base = serializers.ChoiceField(
        choices=[b.value for b in Base],
        default=Base.ASSIGNED.value,
        error_messages={
            "invalid_choice": "«{input}» không phải một cơ sở tính: dùng "
            + ", ".join(b.value for b in Base)
            + "."
        },
    )
    dia_ban = serializers.BooleanField(
        default=False,
        help_text="một xã: các dự án trên địa bàn xã (ai làm chủ đầu tư), thay vì dự án của xã",
    )


class FigureRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    plan = serializers.IntegerField()
    disbursed = serializers.IntegerField()
    outstanding_advance = serializers.IntegerField()
    rate_percent = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)


class FigureTotalSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    plan = serializers.IntegerField()
    disbursed = serializers.IntegerField()
    outstanding_advance = serializers.IntegerField()
    rate_percent = serializers.FloatField(allow_null=True)


class TargetSerializer(serializers.Serializer):
    due_date = serializers.DateField()
    share_percent = serializers.FloatField()


class FigureTableSerializer(serializers.Serializer):
    """The same object as `giaingan report disbursement --format json`."""

    year = serializers.IntegerField()
    as_of = serializers.DateField()
    base = serializers.ChoiceField(choices=[b.value for b in Base])
    by = serializers.ChoiceField(choices=[g.value for g in Grouping])
    rows = FigureRowSerializer(many=True)
    total = FigureTotalSerializer()
    target = TargetSerializer(allow_null=True)
