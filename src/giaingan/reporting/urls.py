"""Pages of the reports: /bao-cao/ (the registry), the periodic report's draft, the
treasury's tables, an issued report and its archived files."""

from __future__ import annotations

from django.urls import path

from giaingan.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.registry_page, name="registry"),
    path("lap/", views.periodic_draft, name="periodic"),
    path("kho-bac/", views.treasury_tables, name="treasury"),
    path("<int:pk>/", views.issued_detail, name="issued"),
    path("<int:pk>/tai/<str:fmt>/", views.issued_file, name="issued_file"),
]
