from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    UNITS = "units", _("Đơn vị")
    PROJECTS = "projects", _("Dự án")
    PLAN = "plan", _("Kế hoạch vốn")
    TREASURY = "treasury", _("Giải ngân qua Kho bạc")


class ImportBatch(models.Model):
    """One file imported: which, by whom, when, and what it changed."""

    kind = models.CharField(_("loại"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    rows_read = models.PositiveIntegerField(_("số dòng đọc"), default=0)
    created = models.PositiveIntegerField(_("số dòng tạo mới"), default=0)
    updated = models.PositiveIntegerField(_("số dòng cập nhật"), default=0)
    skipped = models.PositiveIntegerField(_("số dòng đã có, bỏ qua"), default=0)
    ignored_columns = models.JSONField(_("cột bỏ qua"), default=list, blank=True)
    created_codes = models.JSONField(_("mã tạo mới"), default=list, blank=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"
