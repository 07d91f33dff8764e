"""The public page (no login) and the Finance-Planning office's publishing page."""

from __future__ import annotations

from django.urls import path

from giaingan.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.snapshot, name="snapshot"),
    path("cong-bo/", views.publish, name="publish"),
    path("cong-bo/<int:pk>/thu-hoi/", views.withdraw, name="withdraw"),
]
