"""Legal parameters with the date they take effect, and the days off and make-up days."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giaingan.rulebook.catalogue import RULE_CHOICES, SPECS, RuleValueError

_SATURDAY = 5


class RuleValue(models.Model):
    """The value of one rule from a date on; it holds until a later row of the same key."""

    key = models.CharField(_("quy định"), max_length=50, choices=RULE_CHOICES)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    value = models.CharField(
        _("giá trị"),
        max_length=100,
        help_text=_(
            "Số tiền ghi số nguyên đồng (2340000 hoặc 2.340.000); hệ số, tỷ lệ ghi 0,3 hoặc 0.3; "
            "số ngày ghi số nguyên."
        ),
    )
    legal_basis = models.CharField(
        _("căn cứ pháp lý"), max_length=255, help_text=_("Ví dụ: Nghị định 73/2024/NĐ-CP")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giá trị quy định")
        verbose_name_plural = _("giá trị quy định")
        ordering = ["key", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="rule_value_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} từ {self.effective_from:%d/%m/%Y}: {self.shown_value}"

    @property
    def shown_value(self) -> str:
        spec = SPECS.get(self.key)
        return spec.display(self.value) if spec is not None else self.value

    def clean(self) -> None:
        """Refuse a value the rule cannot take; store it in its one written form."""
        spec = SPECS.get(self.key)
        if spec is None:
            return  # the key's own choices check reports it
        try:
            self.value = spec.canonical(self.value)
        except RuleValueError as error:
            raise ValidationError({"value": str(error)}) from None


class Holiday(models.Model):
    """A weekday off (ngày nghỉ lễ, Tết, nghỉ bù), or a weekend day worked (ngày làm bù)."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày"), max_length=255)
    is_working_day = models.BooleanField(
        _("ngày làm bù"),
        default=False,
        help_text=_("Đánh dấu khi đây là thứ Bảy hoặc Chủ nhật phải đi làm bù."),
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.name}"

    def clean(self) -> None:
        if self.is_working_day and self.date is not None and self.date.weekday() < _SATURDAY:
            raise ValidationError(
                {
                    "is_working_day": _(
                        "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật; "
                        "ngày thường vốn đã là ngày làm việc."
                    )
                }
            )


class LegalBasis(models.Model):
    """A law or decree the award papers cite, in force from one day (until another, if any)."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    citation = models.CharField(
        _("trích dẫn"),
        max_length=500,
        help_text=_(
            "Như viết sau «Căn cứ», ví dụ: Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
        ),
    )
    effective_from = models.DateField(_("có hiệu lực từ ngày"))
    repealed_on = models.DateField(_("hết hiệu lực từ ngày"), null=True, blank=True)
    decision_only = models.BooleanField(
        _("chỉ căn cứ trong quyết định"),
        default=False,
        help_text=_(
            "Căn cứ thẩm quyền của người ký quyết định (ví dụ Luật Tổ chức chính quyền địa phương)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["order", "effective_from"]

    def __str__(self) -> str:
        return self.citation
