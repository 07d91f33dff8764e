"""The registry of issued reports: Finance-Planning's periodic reports and the treasury's
result tables, numbered, with the archived files, their SHA-256 and the figures they hold.

An issued report never changes: its files and figures are written once, when it is issued,
and the ledger moving later does not touch them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from giaingan.reporting.periods import ReportKind


class Paper(models.TextChoices):
    PERIODIC = "periodic", _("Báo cáo tình hình thực hiện, giải ngân vốn đầu tư công")
    TREASURY = "treasury", _("Biểu kết quả giải ngân của Kho bạc")


class IssuedReport(models.Model):
    paper = models.CharField(_("loại văn bản"), max_length=20, choices=Paper.choices)
    kind = models.CharField(_("kỳ báo cáo"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveIntegerField(_("năm số văn bản"))  # numbers run per calendar year
    sequence = models.PositiveIntegerField(_("số thứ tự"))
    number = models.CharField(_("số, ký hiệu"), max_length=50)
    plan_year = models.PositiveIntegerField(_("năm kế hoạch"))
    period = models.CharField(_("kỳ"), max_length=20)  # 2024-09, 2024-Q3, 2024-H1, 2024
    period_phrase = models.CharField(_("tên kỳ"), max_length=100)
    as_of = models.DateField(_("số liệu tính đến ngày"))
    base = models.CharField(_("cơ sở tính tỷ lệ"), max_length=20)
    issued_on = models.DateField(_("ngày ban hành"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("phát hành lúc"), auto_now_add=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    texts = models.JSONField(_("nội dung các mục"), default=dict)
    content = models.JSONField(_("số liệu"), default=dict)
    docx = models.FileField(_("văn bản (.docx)"), upload_to="bao_cao/%Y/")
    docx_sha256 = models.CharField(_("SHA-256 của .docx"), max_length=64)
    xlsx = models.FileField(_("biểu số liệu (.xlsx)"), upload_to="bao_cao/%Y/")
    xlsx_sha256 = models.CharField(_("SHA-256 của .xlsx"), max_length=64)

    class Meta:
        verbose_name = _("báo cáo đã phát hành")
        verbose_name_plural = _("báo cáo đã phát hành")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "kind", "year", "sequence"], name="issued_report_number_once"
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="issued_report_sequence"),
        ]
        indexes = [models.Index(fields=["paper", "kind", "as_of"], name="issued_report_find")]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()} {self.period})"
