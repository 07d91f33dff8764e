"""Pages of the month's cycle: /bao-cao-dinh-ky/ and /vuong-mac/."""

from __future__ import annotations

from django.urls import path

from giaingan.monitoring import views, views_adhoc, views_briefings

app_name = "monitoring"

urlpatterns = [
    path("bao-cao-dinh-ky/", views.reports_home, name="reports"),
    path("bao-cao-dinh-ky/lap/", views.report_new, name="report_new"),
    path("bao-cao-dinh-ky/tong-hop/", views.board, name="board"),
    path("bao-cao-dinh-ky/tong-hop/nhac/", views.board_remind, name="board_remind"),
    path("bao-cao-dinh-ky/tong-hop.<str:fmt>", views.board_export, name="board_export"),
    path("bao-cao-dinh-ky/<int:pk>/", views.report_detail, name="report"),
    path("bao-cao-dinh-ky/<int:pk>/bao-cao.docx", views.report_docx, name="report_docx"),
    path("bao-cao-dinh-ky/<int:pk>/buoc/", views.report_step, name="report_step"),
    path("bao-cao-dinh-ky/<int:pk>/dinh-kem/", views.report_attach, name="report_attach"),
    path("bao-cao-dot-xuat/", views_adhoc.requests_list, name="requests"),
    path("bao-cao-dot-xuat/<int:pk>/", views_adhoc.request_detail, name="request"),
    path(
        "bao-cao-dot-xuat/bao-cao/<int:pk>/",
        views_adhoc.request_answer_detail,
        name="request_answer",
    ),
    path(
        "bao-cao-dot-xuat/bao-cao/<int:pk>/buoc/",
        views_adhoc.request_answer_step,
        name="request_answer_step",
    ),
    path("vuong-mac/<int:pk>/dinh-kem/", views.obstacle_attach, name="obstacle_attach"),
    path("tep-dinh-kem/<int:pk>/", views.attachment_download, name="attachment"),
    path("vuong-mac/", views.obstacles, name="obstacles"),
    path("vuong-mac/moi/", views.obstacle_new, name="obstacle_new"),
    path("vuong-mac/<int:pk>/", views.obstacle_detail, name="obstacle"),
    path("vuong-mac/<str:table>.<str:fmt>", views.obstacles_export, name="obstacles_export"),
    path("giao-ban/", views_briefings.briefings, name="briefings"),
    path("giao-ban/<int:pk>/", views_briefings.briefing_detail, name="briefing"),
    path(
        "giao-ban/<int:pk>/ket-luan/",
        views_briefings.briefing_conclusion,
        name="briefing_conclusion",
    ),
    path(
        "giao-ban/<int:pk>/nhiem-vu/", views_briefings.briefing_action_new, name="briefing_action"
    ),
    path(
        "giao-ban/<int:pk>/thong-bao-ket-luan.docx",
        views_briefings.briefing_notice_docx,
        name="briefing_notice",
    ),
    path("nhiem-vu/", views_briefings.actions, name="actions"),
    path("nhiem-vu.<str:fmt>", views_briefings.actions_export, name="actions_export"),
    path("nhiem-vu/<int:pk>/", views_briefings.action_detail, name="action"),
]
