from __future__ import annotations

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "GiaiNgan - Giải ngân vốn đầu tư công"
admin.site.site_title = "GiaiNgan"
admin.site.index_title = "Danh mục và sổ kế hoạch vốn"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
]
