from __future__ import annotations

from django.urls import path

from giaingan.contracts import views

app_name = "contracts"

urlpatterns = [
    path("du-an/<str:code>/", views.project_page, name="project"),
    path("du-an/<str:code>/hop-dong/moi/", views.contract_new, name="contract_new"),
    path("hop-dong/<int:pk>/nghiem-thu/", views.acceptance_new, name="acceptance_new"),
    path("hop-dong/<int:pk>/ho-so/", views.dossier_new, name="dossier_new"),
    path("hop-dong/<int:pk>/vi-pham/moi/", views.breach_new, name="breach_new"),
    path("ho-so/<int:pk>/tra-lai/", views.dossier_return, name="dossier_return"),
    path("ho-so/<int:pk>/gui-lai/", views.dossier_resend, name="dossier_resend"),
    path("ho-so/<int:pk>/chung-tu/", views.dossier_link, name="dossier_link"),
    path("ho-so/<int:pk>/vuong-mac/", views.dossier_obstacle, name="dossier_obstacle"),
    path("vi-pham/<int:pk>/vuong-mac/", views.breach_obstacle, name="breach_obstacle"),
    path("nha-thau/", views.contractor_list, name="contractors"),
    path("nha-thau/moi/", views.contractor_new, name="contractor_new"),
    path("nha-thau/<int:pk>/", views.contractor_page, name="contractor"),
    path("vi-pham/<int:pk>/de-xuat/", views.breach_propose, name="breach_propose"),
    path("vi-pham/<int:pk>/quyet-dinh/", views.breach_decide, name="breach_decide"),
    path("chu-dau-tu/<str:code>/", views.investor_page, name="investor"),
    path(
        "chu-dau-tu/<str:code>/<str:table>.<str:fmt>",
        views.investor_export,
        name="investor_export",
    ),
]
