"""Open data (no login)."""

from __future__ import annotations

from django.urls import path

from giaingan.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.datasets, name="datasets"),
    path("<int:pk>/ocds.json", views.ocds, name="ocds"),
    path("<int:pk>/iati.xml", views.iati, name="iati"),
]
