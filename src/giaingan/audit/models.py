"""The business-event log: who did what, when, with which data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaingan.audit.events import event_choices, event_label, object_type_label


class Event(models.Model):
    action = models.CharField(_("hành động"), max_length=100, db_index=True, choices=event_choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Not auto_now_add: a step replayed with its own time (the demo's year) is logged then.
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, editable=False, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=100, blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("nhật ký sự kiện")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {event_label(self.action)}"

    @property
    def object_label(self) -> str:
        return object_type_label(self.object_type)
