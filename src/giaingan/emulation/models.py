"""The emulation movement: who takes part, and who may not be proposed for an award."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giaingan.org.models import Unit


class Movement(models.Model):
    """A movement launched by a plan, e.g. DTC-2024 "Đẩy nhanh tiến độ giải ngân..."."""

    code = models.CharField(_("mã phong trào"), max_length=30, unique=True)
    name = models.CharField(_("tên phong trào"), max_length=500)
    plan_number = models.CharField(_("số kế hoạch phát động"), max_length=100, blank=True)
    plan_date = models.DateField(_("ngày kế hoạch phát động"), null=True, blank=True)
    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch vốn"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    deadline = models.DateField(
        _("hạn hoàn thành"),
        null=True,
        blank=True,
        help_text=_("Dùng cho tiêu chí «hoàn thành trước thời hạn»; để trống là ngày kết thúc."),
    )
    award_form = models.CharField(
        _("hình thức khen thưởng"), max_length=255, default="Giấy khen của Chủ tịch UBND"
    )
    review_below_percent = models.DecimalField(
        _("kiểm điểm khi tỷ lệ giải ngân dưới (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
    )
    plan_text = models.TextField(_("toàn văn kế hoạch"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-plan_year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="movement_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"

    @property
    def completion_deadline(self):
        return self.deadline or self.ends_on


class Category(models.TextChoices):
    OFFICE = "phong", _("Phòng, ban, ngành")
    ORGANISATION = "to_chuc", _("Mặt trận, tổ chức chính trị - xã hội")
    COMMUNE = "xa", _("UBND xã, thị trấn")
    INVESTOR = "chu_dau_tu", _("Chủ đầu tư")
    CONTRACTOR = "nha_thau", _("Đơn vị thi công")


class Registration(models.Model):
    """A unit registers for the movement (đăng ký thi đua) with its pledge."""

    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("nhóm đối tượng"), max_length=20, choices=Category.choices)
    registered_on = models.DateField(_("ngày đăng ký"))
    pledge = models.TextField(_("nội dung đăng ký"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["movement", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="registration_once"),
        ]

    def __str__(self) -> str:
        return f"{self.movement.code}: {self.unit}"


class RestrictionKind(models.TextChoices):
    DISCIPLINE = "ky_luat", _("Đang bị xem xét kỷ luật")
    INVESTIGATION = "dieu_tra", _("Đang bị điều tra")
    INSPECTION = "thanh_tra", _("Đang bị thanh tra, kiểm tra")
    COMPLAINT = "khieu_nai", _("Có khiếu nại, tố cáo chưa giải quyết")


class UnitRestriction(models.Model):
    """A unit that may not be proposed for an award while this lasts (Decree 98, Art. 4)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="restrictions"
    )
    kind = models.CharField(_("lý do"), max_length=20, choices=RestrictionKind.choices)
    since = models.DateField(_("từ ngày"))
    until = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trường hợp chưa được đề nghị khen thưởng")
        verbose_name_plural = _("trường hợp chưa được đề nghị khen thưởng")
        ordering = ["-since"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_kind_display()}"
