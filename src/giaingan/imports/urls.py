"""Pages of the imports app: /imports/ and one upload, preview and confirm per kind."""

from __future__ import annotations

from django.urls import path

from giaingan.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.home, name="home"),
    path("batch/<int:pk>/", views.batch, name="batch"),
    path("job/<int:pk>/", views.job, name="job"),
    path("job/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/confirm/", views.confirm, name="confirm"),
    path("<slug:kind>/cancel/", views.cancel, name="cancel"),
    path("<slug:kind>/template.xlsx", views.template, name="template"),
]
