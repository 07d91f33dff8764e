"""Tell the next actor what waits for them: in the app always, by e-mail when SMTP is set."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from giaingan.notifications.models import Notification

logger = logging.getLogger(__name__)


def notify(
    users: Iterable,
    *,
    subject: str,
    body: str = "",
    url: str = "",
    at: dt.datetime | None = None,
) -> list[Notification]:
    """Leave a notification for each user; mail those with an address after the commit.
    `at`: when the step that tells them was taken (a replayed one's), by default now."""
    created = at or timezone.now()
    notes = [
        Notification(user=user, subject=subject[:255], body=body, url=url, created_at=created)
        for user in {user.pk: user for user in users}.values()
    ]
    Notification.objects.bulk_create(notes)
    if _mail_configured():
        addressed = [note for note in notes if note.user.email]
        # Mail after the commit: a rolled-back step must not have told anyone.
        transaction.on_commit(lambda: _mail(addressed))
    return notes


def notification_read(*, user, notification_id: int) -> Notification | None:
    note = Notification.objects.filter(user=user, pk=notification_id).first()
    if note is not None and note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def _mail_configured() -> bool:
    """SMTP needs a server to talk to; any other backend (console, file, the tests' outbox)
    was chosen on purpose and is used as it is."""
    smtp = settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    return bool(settings.EMAIL_HOST) or not smtp


def _mail(notes: list[Notification]) -> None:
    for note in notes:
        link = f"\n\n{settings.SITE_URL}{note.url}" if note.url else ""
        try:
            send_mail(
                note.subject,
                f"{note.body}{link}",
                settings.DEFAULT_FROM_EMAIL,
                [note.user.email],
            )
        except OSError:
            # The inbox already holds the notification; a mail server down loses nothing.
            logger.warning("Không gửi được thư thông báo tới %s", note.user.email)
            continue
        Notification.objects.filter(pk=note.pk).update(emailed=True)
