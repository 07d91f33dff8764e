"""Pages of the capital ledger: entry forms and what they recorded (under /so-von/)."""

from __future__ import annotations

from django.urls import path

from giaingan.capital import views

app_name = "capital"

# Decision and document numbers may hold slashes (1250/QĐ-UBND): the `path` converter keeps
# them, and the fixed pages come first.
urlpatterns = [
    path("du-an/goi-y/", views.project_suggest, name="project_suggest"),
    path("quyet-dinh/moi/", views.plan_decision_new, name="plan_decision_new"),
    # A decision is found by its issuer's code and its number, as a document by its treasury.
    path("quyet-dinh/<str:issuer>/<path:number>/", views.plan_decision, name="plan_decision"),
    path("chung-tu/moi/", views.treasury_line_new, name="treasury_line_new"),
    # Each treasury numbers its own documents: a document is found by its treasury's code
    # and its number.
    path(
        "chung-tu/<str:treasury>/<path:number>/dieu-chinh/",
        views.treasury_line_correct,
        name="treasury_line_correct",
    ),
    path("chung-tu/<str:treasury>/<path:number>/", views.treasury_line, name="treasury_line"),
]
