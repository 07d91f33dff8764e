"""Read endpoints of the month's cycle and the emulation movement: periodic reports,
movements and their evaluation, with the permissions of their pages."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from giaingan.api.access import rule
from giaingan.api.filters import TextFilter
from giaingan.api.serializers import DateParameter, code_of
from giaingan.api.views import CODE
from giaingan.emulation.evaluation import movement_evaluate
from giaingan.emulation.models import Movement
from giaingan.lib.dates import DATE_FORMS
from giaingan.monitoring.models import Cadence, PeriodicReport, ReportStatus
from giaingan.monitoring.rules import reporting_unit_ids
from giaingan.org.rules import sees_district


def reports_seen(user) -> QuerySet[PeriodicReport]:
    """A unit's own reports, drafts too; the district's roles see every report once sent
    (a draft is the unit's until it sends it), as the board does."""
    own = Q(unit_id__in=reporting_unit_ids(user))
    if sees_district(user):
        return PeriodicReport.objects.filter(own | ~Q(status=ReportStatus.DRAFT))
    return PeriodicReport.objects.filter(own)


class PeriodicReportSerializer(serializers.ModelSerializer):
    unit = code_of()
    project = code_of(nullable=True)

    class Meta:
        model = PeriodicReport
        fields = [
            "id",
            "unit",
            "project",
            "cadence",
            "period",
            "due_date",
            "report_date",
            "status",
            "work_done_value",
            "accepted_unpaid_value",
            "progress",
            "obstacles_text",
            "proposals",
            "plan",
            "disbursed",
            "return_reason",
            "first_submitted_at",
            "submitted_at",
        ]


class PeriodicReportFilter(filters.FilterSet):
    unit = TextFilter(field_name="unit__code", label="mã đơn vị báo cáo")
    project = TextFilter(field_name="project__code", label="mã dự án")
    period = TextFilter(label="kỳ: 2024-09, 2024-Q3 hoặc 2024")
    cadence = filters.ChoiceFilter(choices=Cadence.choices)
    status = filters.ChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = PeriodicReport
        fields = ["unit", "project", "period", "cadence", "status"]


class PeriodicReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Periodic reports (báo cáo định kỳ): a unit's own, and every sent one for the
    district's roles. Plan and disbursed are those frozen when the report was sent."""

    title = "Báo cáo định kỳ"
    summary = (
        "Báo cáo định kỳ: của đơn vị mình, kể cả bản nháp; các vai trò của huyện thấy mọi "
        "báo cáo đã gửi. Kế hoạch và giải ngân là số liệu chốt khi gửi."
    )
    serializer_class = PeriodicReportSerializer
    permission_classes = [rule("monitoring.view_reports")]
    filterset_class = PeriodicReportFilter
    ordering_fields = ["period", "due_date", "id"]
    ordering = ["-period", "id"]

    def get_queryset(self):
        return reports_seen(self.request.user).select_related("unit", "project")


class MovementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Movement
        fields = [
            "code",
            "name",
            "plan_number",
            "plan_date",
            "plan_year",
            "starts_on",
            "ends_on",
            "deadline",
            "award_form",
            "review_below_percent",
            "plan_text",
        ]


class EvaluationQuery(serializers.Serializer):
    as_of = DateParameter(
        help_text=f"tính đến ngày ({DATE_FORMS})",
        error_messages={"required": "Thiếu tham số này.", "null": "Thiếu tham số này."},
    )


EVALUATION = inline_serializer(
    "MovementEvaluation",
    {
        "movement": serializers.CharField(),
        "as_of": serializers.DateField(),
        "participants": serializers.ListField(child=serializers.DictField()),
    },
)


class MovementViewSet(viewsets.ReadOnlyModelViewSet):
    """Emulation movements (phong trào thi đua) and, as of a date, each participant's
    figures, criteria and proposal (`award`, `review`, `none`)."""

    title = "Phong trào thi đua"
    summary = (
        "Các phong trào thi đua và, tính đến một ngày, số liệu, tiêu chí và đề xuất của "
        "từng đơn vị tham gia (award: khen thưởng, review: kiểm điểm, none: không)."
    )
    serializer_class = MovementSerializer
    permission_classes = [rule("emulation.view_movement")]
    queryset = Movement.objects.all()
    filterset_fields = ["plan_year"]
    ordering_fields = ["code", "plan_year"]
    ordering = ["-plan_year", "code"]
    lookup_field = "code"
    lookup_value_regex = CODE

    @extend_schema(parameters=[EvaluationQuery], responses=EVALUATION)
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        pagination_class=None,
        name="Kết quả đánh giá",
    )
    def evaluation(self, request: Request, code: str | None = None) -> Response:
        """The same object as `giaingan movement evaluate CODE --as-of DATE --format json`."""
        query = EvaluationQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        movement = self.get_object()
        as_of = query.validated_data["as_of"]
        evaluations = movement_evaluate(movement, as_of)
        return Response(
            {
                "movement": movement.code,
                "as_of": as_of.isoformat(),
                "participants": [evaluation.as_dict() for evaluation in evaluations],
            }
        )


MovementViewSet.evaluation.summary = (
    "Kết quả đánh giá phong trào tính đến một ngày: cùng nội dung với lệnh "
    "«giaingan movement evaluate MÃ --as-of NGÀY --format json»."
)
