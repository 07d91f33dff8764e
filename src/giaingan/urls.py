from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from giaingan.emulation import views_statistics

admin.site.site_header = "GiaiNgan - Giải ngân vốn đầu tư công"
admin.site.site_title = "GiaiNgan"
admin.site.index_title = "Danh mục và sổ kế hoạch vốn"
# The admin signs in through the same throttled login page as everyone else.
admin.site.login = auth_views.LoginView.as_view(template_name="registration/login.html")

# Any refusal of a visitor who has not logged in leads to the login form (with ?next=).
handler403 = "giaingan.web.access.permission_denied"

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page links; answer with the app's icon.
    path("favicon.ico", RedirectView.as_view(url=static("giaingan/favicon.svg"), permanent=True)),
    path(
        "dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("giaingan.api.urls")),
    path("imports/", include("giaingan.imports.urls")),
    path("so-von/", include("giaingan.capital.urls")),
    path("public/", include("giaingan.public.urls")),
    path("public/du-lieu-mo/", include("giaingan.opendata.urls")),
    path("dieu-chuyen-von/", include("giaingan.reallocation.urls")),
    path("thong-bao/", include("giaingan.notifications.urls")),
    path("hop-dong/", include("giaingan.contracts.urls")),
    path("bao-cao/", include("giaingan.reporting.urls")),
    path("", include("giaingan.monitoring.urls")),
    path("thi-dua/lich-su/", views_statistics.history, name="emulation_history"),
    path(
        "thi-dua/<str:code>/thong-ke/",
        views_statistics.statistics,
        name="emulation_statistics",
    ),
    path("thi-dua/", include("giaingan.emulation.urls_pipeline")),
    path("thi-dua/", include("giaingan.emulation.urls")),
    path("", include("giaingan.web.urls")),
]
