"""Pages of "Điều chuyển vốn" (/dieu-chuyen-von/)."""

from __future__ import annotations

from django.urls import path

from giaingan.reallocation import views

app_name = "reallocation"

urlpatterns = [
    path("", views.advisor, name="advisor"),
    path("nhu-cau/", views.needs, name="needs"),
    path("lap/", views.proposal_new, name="proposal_new"),
    path("<int:pk>/", views.proposal_detail, name="proposal"),
    path("<int:pk>/phe-duyet/", views.proposal_approve_view, name="proposal_approve"),
    path("<int:pk>/to-trinh.docx", views.proposal_paper, name="proposal_paper"),
]
