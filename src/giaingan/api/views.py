"""Read endpoints of /api/v1/: the catalogue, the ledger and the figures as of any date.

Each checks the same permission as the page that shows the same thing, and lists only what
that page would show the user (`api.access`)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from giaingan.api.access import (
    plan_entries_seen,
    projects_seen,
    rule,
    treasury_lines_seen,
    units_seen,
)
from giaingan.api.errors import MESSAGES
from giaingan.api.filters import PlanEntryFilter, ProjectFilter, TreasuryLineFilter, UnitFilter
from giaingan.api.serializers import (
    FigureQuery,
    FigureTableSerializer,
    PlanEntrySerializer,
    ProjectSerializer,
    TreasuryLineSerializer,
    UnitSerializer,
)
from giaingan.figures.selectors import disbursement_table
from giaingan.ops.replica import reading_replica
from giaingan.org.rules import located_project_scope, own_project_scope

# Codes may hold dots and dashes; never a control character (PostgreSQL refuses NUL).
CODE = r"[^/\x00-\x1f\x7f]+"


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units (đơn vị): the whole tree for the district's roles; an investor or a commune sees
    its own units and those its projects name."""

    title = "Đơn vị"
    summary = (
        "Các đơn vị: cả cây đơn vị với các vai trò của huyện; chủ đầu tư, xã thấy đơn vị "
        "mình và các đơn vị mà dự án của mình nêu tên."
    )
    serializer_class = UnitSerializer
    permission_classes = [rule("capital.view_project_list")]
    filterset_class = UnitFilter
    ordering_fields = ["code", "name"]
    ordering = ["code"]
    lookup_field = "code"
    lookup_value_regex = CODE

    def get_queryset(self):
        return units_seen(self.request.user).select_related("parent")


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Projects (dự án) the user may open on the site."""

    title = "Dự án"
    summary = "Các dự án người dùng được xem trên trang."
    serializer_class = ProjectSerializer
    permission_classes = [rule("capital.view_project_list")]
    filterset_class = ProjectFilter
    ordering_fields = ["code", "name", "total_investment"]
    ordering = ["code"]
    lookup_field = "code"
    lookup_value_regex = CODE

    def get_queryset(self):
        return (
            projects_seen(self.request.user)
            .select_related("investor", "agency", "main_commune")
            .prefetch_related("communes")
        )


class PlanEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Capital plan entries (kế hoạch vốn) of the projects the user may open."""

    title = "Kế hoạch vốn"
    summary = "Các dòng kế hoạch vốn của những dự án người dùng được xem."
    serializer_class = PlanEntrySerializer
    permission_classes = [rule("capital.view_project_list")]
    filterset_class = PlanEntryFilter
    ordering_fields = ["decision_date", "amount", "id"]
    ordering = ["decision_date", "id"]

    def get_queryset(self):
        return plan_entries_seen(self.request.user).select_related("issuer", "project", "source")


class TreasuryLineViewSet(viewsets.ReadOnlyModelViewSet):
    """Treasury lines (chứng từ giải ngân qua Kho bạc) of the projects the user may open."""

    title = "Chứng từ Kho bạc"
    summary = "Các chứng từ giải ngân qua Kho bạc của những dự án người dùng được xem."
    serializer_class = TreasuryLineSerializer
    permission_classes = [rule("capital.view_project_list")]
    filterset_class = TreasuryLineFilter
    ordering_fields = ["value_date", "amount", "id"]
    ordering = ["value_date", "id"]

    def get_queryset(self):
        return treasury_lines_seen(self.request.user).select_related(
            "treasury", "project", "source", "reverses"
        )


def query_of(request: Request, serializer_class) -> dict:
    """The query string, checked; a bad parameter answers 400 naming it, in Vietnamese."""
    query = serializer_class(data=request.query_params)
    if not query.is_valid():
        raise ValidationError(query.errors)
    return query.validated_data


class FiguresView(APIView):
    """Plan, disbursed, outstanding advance, rate and rank per group, as of a date: the
    same object as `giaingan report disbursement --format json` (same keys, same rows).
    An investor or a commune gets its own projects' figures, as on its dashboard."""

    title = "Số liệu giải ngân"
    summary = (
        "Kế hoạch, giải ngân, tạm ứng còn dư, tỷ lệ và thứ hạng theo nhóm, tính đến một ngày: "
        "cùng số liệu với lệnh «giaingan report disbursement --format json». Chủ đầu tư, xã "
        "nhận số liệu các dự án của mình."
    )
    permission_classes = [rule("web.view_dashboard")]

    @extend_schema(
        parameters=[FigureQuery],
        responses=FigureTableSerializer,
        operation_id="figures_retrieve",
    )
    def get(self, request: Request) -> Response:
        query = query_of(request, FigureQuery)
        scope = own_project_scope(request.user)
        if query["dia_ban"]:
            located = located_project_scope(request.user)
            scope = located if located is not None else scope
        with reading_replica():  # the figures may come from the read replica
            table = disbursement_table(
                year=query["year"],
                as_of=query["as_of"],
                by=query["by"],
                base=query["base"],
                scope=scope,
            )
        return Response(table.as_dict())


@csrf_exempt  # it writes nothing; a token client's POST must get this 404, not a CSRF page
def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any other address under /api/: JSON, as the API answers, not the site's page. A plain
    view, so the browsable pages' breadcrumbs do not show it."""
    return JsonResponse({"detail": MESSAGES[NotFound]}, status=404)
