"""Per-user API tokens: only a digest is kept, so the database never holds a usable token."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One token a user (or the system acting for them) sends as `Authorization: Token ...`.

    A user may hold several (one per system that calls); revoking one leaves the others."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = models.CharField(_("dùng cho"), max_length=200, blank=True)
    # The first characters of the token, to recognise it in a list (never enough to use it).
    prefix = models.CharField(_("đầu mã"), max_length=12, editable=False)
    digest = models.CharField(_("bản băm SHA-256"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("lúc cấp"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cấp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("lúc thu hồi"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
