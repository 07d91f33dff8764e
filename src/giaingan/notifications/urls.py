from __future__ import annotations

from django.urls import path

from giaingan.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_note, name="open"),
    path("da-doc-het/", views.read_all, name="read_all"),
]
