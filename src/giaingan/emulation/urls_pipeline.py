"""The award pipeline's pages, mounted at /thi-dua/ (the movement's code comes first)."""

from __future__ import annotations

from django.urls import path

from giaingan.emulation import views_pipeline as views

app_name = "awards"

urlpatterns = [
    path("<str:code>/ho-so/", views.pipeline, name="pipeline"),
    path("<str:code>/ho-so/lap-danh-sach/", views.proposal_new, name="proposal_new"),
    path("<str:code>/ho-so/<int:pk>/", views.dossier, name="dossier"),
    path("<str:code>/ho-so/<int:pk>/sua/", views.nomination_edit, name="nomination_edit"),
    path("<str:code>/ho-so/<int:pk>/xoa/", views.nomination_delete, name="nomination_delete"),
    path("<str:code>/ho-so/<int:pk>/chuyen/", views.dossier_step, name="dossier_step"),
    path("<str:code>/ho-so/<int:pk>/tai-lieu/", views.dossier_file_new, name="dossier_file_new"),
    path(
        "<str:code>/ho-so/<int:pk>/tai-lieu/<int:file_pk>/",
        views.dossier_file,
        name="dossier_file",
    ),
    path("<str:code>/to-trinh/<int:pk>/them/", views.nomination_new, name="nomination_new"),
    path("<str:code>/to-trinh/<int:pk>/trinh/", views.proposal_send, name="proposal_send"),
    path("<str:code>/to-trinh/<int:pk>/chuyen/", views.dossiers_step, name="dossiers_step"),
    path("<str:code>/to-trinh/<int:pk>/niem-yet/", views.posting_new, name="posting_new"),
    path("<str:code>/to-trinh/<int:pk>/quyet-dinh/", views.decision_new, name="decision_new"),
    path(
        "<str:code>/to-trinh/<int:pk>/to-trinh.docx",
        views.proposal_document,
        name="proposal_document",
    ),
    path("<str:code>/y-kien/<int:pk>/tra-loi/", views.objection_reply, name="objection_reply"),
    path("<str:code>/hop/moi/", views.session_new, name="session_new"),
    path("<str:code>/hop/<int:pk>/", views.session, name="session"),
    path("<str:code>/hop/<int:pk>/bieu-quyet/", views.ballot, name="ballot"),
    path("<str:code>/hop/<int:pk>/y-kien-van-ban/", views.written_opinion, name="written_opinion"),
    path("<str:code>/hop/<int:pk>/ket-thuc/", views.session_end, name="session_end"),
    path("<str:code>/hop/<int:pk>/bien-ban.docx", views.session_minutes, name="session_minutes"),
    path("<str:code>/quyet-dinh/<int:pk>/", views.decision, name="decision"),
    path(
        "<str:code>/quyet-dinh/<int:pk>/quyet-dinh.docx",
        views.decision_document,
        name="decision_document",
    ),
    path(
        "<str:code>/quyet-dinh/<int:pk>/giay-khen.pdf",
        views.decision_certificates,
        name="decision_certificates",
    ),
]
