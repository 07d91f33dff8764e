"""The award pipeline's pages, mounted at /thi-dua/ (the movement's code comes first)."""

from __future__ import annotations

from django.urls import path

from giaingan.emulation import (
    views_council,
    views_decision,
    views_pipeline,
    views_proposal,
    views_publicity,
)

app_name = "awards"

urlpatterns = [
    path("<str:code>/ho-so/", views_pipeline.pipeline, name="pipeline"),
    path("<str:code>/ho-so/lap-danh-sach/", views_proposal.proposal_new, name="proposal_new"),
    path("<str:code>/ho-so/<int:pk>/", views_proposal.dossier, name="dossier"),
    path("<str:code>/ho-so/<int:pk>/sua/", views_proposal.nomination_edit, name="nomination_edit"),
    path(
        "<str:code>/ho-so/<int:pk>/xoa/", views_proposal.nomination_delete, name="nomination_delete"
    ),
    path("<str:code>/ho-so/<int:pk>/chuyen/", views_proposal.dossier_step, name="dossier_step"),
    path(
        "<str:code>/ho-so/<int:pk>/tai-lieu/",
        views_proposal.dossier_file_new,
        name="dossier_file_new",
    ),
    path(
        "<str:code>/ho-so/<int:pk>/tai-lieu/<int:file_pk>/",
        views_proposal.dossier_file,
        name="dossier_file",
    ),
    path(
        "<str:code>/to-trinh/<int:pk>/them/", views_proposal.nomination_new, name="nomination_new"
    ),
    path("<str:code>/to-trinh/<int:pk>/trinh/", views_proposal.proposal_send, name="proposal_send"),
    path(
        "<str:code>/to-trinh/<int:pk>/chuyen/", views_proposal.dossiers_step, name="dossiers_step"
    ),
    path("<str:code>/to-trinh/<int:pk>/niem-yet/", views_publicity.posting_new, name="posting_new"),
    path(
        "<str:code>/to-trinh/<int:pk>/quyet-dinh/", views_decision.decision_new, name="decision_new"
    ),
    path(
        "<str:code>/to-trinh/<int:pk>/to-trinh.docx",
        views_proposal.proposal_document,
        name="proposal_document",
    ),
    path(
        "<str:code>/y-kien/<int:pk>/tra-loi/",
        views_publicity.objection_reply,
        name="objection_reply",
    ),
    path("<str:code>/hop/moi/", views_council.session_new, name="session_new"),
    path("<str:code>/hop/<int:pk>/", views_council.session, name="session"),
    path("<str:code>/hop/<int:pk>/bieu-quyet/", views_council.ballot, name="ballot"),
    path(
        "<str:code>/hop/<int:pk>/y-kien-van-ban/",
        views_council.written_opinion,
        name="written_opinion",
    ),
    path("<str:code>/hop/<int:pk>/ket-thuc/", views_council.session_end, name="session_end"),
    path(
        "<str:code>/hop/<int:pk>/bien-ban.docx",
        views_council.session_minutes,
        name="session_minutes",
    ),
    path("<str:code>/quyet-dinh/<int:pk>/", views_decision.decision, name="decision"),
    path(
        "<str:code>/quyet-dinh/<int:pk>/quyet-dinh.docx",
        views_decision.decision_document,
        name="decision_document",
    ),
    path(
        "<str:code>/quyet-dinh/<int:pk>/giay-khen.pdf",
        views_decision.decision_certificates,
        name="decision_certificates",
    ),
]
