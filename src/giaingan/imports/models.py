from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    UNITS = "units", _("Đơn vị")
    PROJECTS = "projects", _("Dự án")
    PLAN = "plan", _("Kế hoạch vốn")
    TREASURY = "treasury", _("Giải ngân qua Kho bạc")
    CONTRACTS = "contracts", _("Hợp đồng")
    ACCEPTANCES = "acceptances", _("Nghiệm thu")


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


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("đang chờ")
    RUNNING = "running", _("đang chạy")
    DONE = "done", _("xong")
    FAILED = "failed", _("thất bại")


class ImportJob(models.Model):
    """A preview or an import of a large file, run by the background worker.

    Its status is written outside the import's transaction (before it and after it), so a
    worker killed part way leaves a job that says "running" with nothing written; a job whose
    progress has not moved for a while is then shown, and saved, as failed."""

    token = models.CharField(_("mã tệp chờ"), max_length=32, db_index=True)
    kind = models.CharField(_("loại"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    suffix = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField(_("cỡ tệp"), default=0)
    dry_run = models.BooleanField(_("xem trước"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    rows_expected = models.PositiveIntegerField(_("số dòng ước tính"), default=0)
    created_at = models.DateTimeField(_("lúc tải lên"), auto_now_add=True)
    started_at = models.DateTimeField(_("lúc bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("việc nhập chạy nền")
        verbose_name_plural = _("việc nhập chạy nền")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
