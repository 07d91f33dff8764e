from __future__ import annotations

from django.urls import path

from giaingan.web import exports, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("du-an/", views.projects, name="projects"),
    path("du-an/<str:code>/", views.project_detail, name="project"),
    path(
        "du-an/<str:code>/<str:ledger>.<str:fmt>",
        exports.export_project_ledger,
        name="project_ledger",
    ),
    path("xuat/<str:table>.<str:fmt>", exports.export_table, name="export"),
]
