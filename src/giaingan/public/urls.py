"""The public page (no login) and the Finance-Planning office's publishing page."""

from __future__ import annotations

from django.urls import path

from giaingan.public import awards, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.snapshot, name="snapshot"),
    path("cong-bo/", views.publish, name="publish"),
    path("cong-bo/<int:pk>/thu-hoi/", views.withdraw, name="withdraw"),
    path("khen-thuong/", awards.awards, name="awards"),
    path("khen-thuong/niem-yet/<int:pk>/", awards.posting, name="posting"),
    path("khen-thuong/quyet-dinh/<int:pk>/", awards.decision, name="decision"),
    path(
        "khen-thuong/quyet-dinh/<int:pk>/tai-ve/",
        awards.decision_document,
        name="decision_document",
    ),
]
