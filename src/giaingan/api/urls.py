"""/api/v1/ and the schema: /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI, served
from this site's own files)."""

from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from giaingan.api import cycle, docs, root, statements, views

router = DefaultRouter()
router.APIRootView = root.Root
router.register("units", views.UnitViewSet, basename="unit")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("plan-entries", views.PlanEntryViewSet, basename="plan-entry")
router.register("treasury-lines", views.TreasuryLineViewSet, basename="treasury-line")
router.register("periodic-reports", cycle.PeriodicReportViewSet, basename="periodic-report")
router.register("movements", cycle.MovementViewSet, basename="movement")

app_name = "api"

urlpatterns = [
    path("v1/figures/", views.FiguresView.as_view(), name="figures"),
    path(
        "v1/treasury-statements/",
        statements.StatementUpload.as_view(),
        name="statement-upload",
    ),
    path(
        "v1/treasury-statements/<int:pk>/",
        statements.StatementDetail.as_view(),
        name="statement-detail",
    ),
    path(
        "v1/treasury-statements/<int:pk>/confirm/",
        statements.StatementConfirm.as_view(),
        name="statement-confirm",
    ),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Any other address under /api/ answers as the API does: JSON, not the site's page.
    re_path(r"^", views.not_found),
]
