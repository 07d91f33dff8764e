"""The user's inbox: what waits for them, newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from giaingan.notifications.models import Notification
from giaingan.notifications.services import notification_read


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notes = Notification.objects.filter(user=request.user)
    page = Paginator(notes, 50).get_page(request.GET.get("trang"))
    return render(request, "notifications/inbox.html", {"page": page})


@require_POST
@login_required
def open_note(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one as read and go where it points (only inside this site)."""
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    notification_read(user=request.user, notification_id=note.pk)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:inbox")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notifications:inbox")
