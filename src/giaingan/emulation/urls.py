"""The movement pages, under /thi-dua/."""

from __future__ import annotations

from django.urls import path

from giaingan.emulation import views_movement as views

app_name = "emulation"

# The fixed pages come before `<code>/`.
urlpatterns = [
    path("", views.movement_list, name="movements"),
    path("moi/", views.movement_new, name="movement_new"),
    path("minh-chung/<int:pk>/tep/", views.evidence_file, name="evidence_file"),
    path("minh-chung/<int:pk>/tham-dinh/", views.evidence_assess_view, name="evidence_assess"),
    path("<str:code>/", views.movement_detail, name="movement"),
    path("<str:code>/sua/", views.movement_edit, name="movement_edit"),
    path("<str:code>/danh-gia.<str:fmt>", views.movement_export, name="movement_export"),
    path("<str:code>/dang-ky/", views.registration_new, name="registration_new"),
    path("<str:code>/dang-ky/<int:pk>/", views.registration_detail, name="registration"),
    path("<str:code>/dang-ky/<int:pk>/minh-chung/", views.evidence_new, name="evidence_new"),
    path(
        "<str:code>/dang-ky/<int:pk>/du-an-phu-trach/",
        views.responsibility_edit,
        name="responsibility_edit",
    ),
]
