"""Contracts, stage acceptances and payment dossiers: from acceptance to payment.

A contractor is a unit of kind `nha_thau` (FORMATS' units, with its `ma_so_thue`): the
units import and the contractors' register keep one list, and a contractor's page is its
unit's record across projects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giaingan.capital.models import Project, TreasuryLine
from giaingan.org.models import Unit, UnitKind


class Recorded(models.Model):
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class Contract(Recorded):
    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.PROTECT, related_name="contracts"
    )
    contractor = models.ForeignKey(
        Unit,
        verbose_name=_("nhà thầu"),
        on_delete=models.PROTECT,
        related_name="contracts",
        limit_choices_to={"kind": UnitKind.CONTRACTOR},
    )
    number = models.CharField(_("số hợp đồng"), max_length=100)
    package = models.CharField(_("gói thầu"), max_length=500)
    value = models.BigIntegerField(_("giá trị hợp đồng (đồng)"))
    signed_on = models.DateField(_("ngày ký"))
    schedule_end = models.DateField(_("ngày hoàn thành theo hợp đồng"))
    advance_value = models.BigIntegerField(_("giá trị tạm ứng theo hợp đồng (đồng)"), default=0)
    advance_terms = models.CharField(_("điều khoản tạm ứng"), max_length=500, blank=True)
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("lần nhập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hợp đồng")
        verbose_name_plural = _("hợp đồng")
        ordering = ["project__code", "signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="contract_number_per_project"
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="contract_value_positive"),
            models.CheckConstraint(
                condition=Q(advance_value__gte=0) & Q(advance_value__lte=F("value")),
                name="contract_advance_within_value",
            ),
            models.CheckConstraint(
                condition=Q(schedule_end__gte=F("signed_on")),
                name="contract_schedule_after_signing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} - {self.package}"


class DossierStatus(models.TextChoices):
    SENT = "sent", _("Đã gửi Kho bạc")
    RETURNED = "returned", _("Kho bạc trả lại")
    PAID = "paid", _("Đã thanh toán")


class PaymentDossier(Recorded):
    """A payment dossier sent to the treasury for one or more acceptances of a contract,
    paid by one or more treasury payment lines whose amounts sum to its amount.

    `status` and `paid_on` record the treasury's acts (sent, returned, paid in full on that
    day); whether a dossier stands paid on a date is the ledger's to say, since a paying
    line may be reversed later: every reader asks `figures.payables.dossier_standings`,
    never `status` alone."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("hợp đồng"), on_delete=models.PROTECT, related_name="dossiers"
    )
    number = models.CharField(_("số hồ sơ"), max_length=100)
    amount = models.BigIntegerField(_("số tiền đề nghị thanh toán (đồng)"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.SENT
    )
    # First sending: the days from dossier to payment count from here, as the investor
    # waited them, returns included.
    sent_on = models.DateField(_("ngày gửi Kho bạc"))
    resent_on = models.DateField(_("ngày gửi lại"), null=True, blank=True)
    returned_on = models.DateField(_("ngày Kho bạc trả lại"), null=True, blank=True)
    return_reason = models.CharField(_("lý do trả lại"), max_length=1000, blank=True)
    return_count = models.PositiveSmallIntegerField(_("số lần bị trả lại"), default=0)
    paid_on = models.DateField(_("ngày thanh toán"), null=True, blank=True)
    obstacle = models.ForeignKey(
        "monitoring.Obstacle",
        verbose_name=_("vướng mắc đã ghi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hồ sơ thanh toán")
        verbose_name_plural = _("hồ sơ thanh toán")
        ordering = ["sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="dossier_number_per_contract"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dossier_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=DossierStatus.values), name="dossier_status_known"
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(paid_on__gte=F("sent_on")),
                name="dossier_paid_after_sent",
            ),
        ]
        indexes = [models.Index(fields=["status", "sent_on"], name="dossier_status_sent")]

    def __str__(self) -> str:
        return self.number


class Acceptance(Recorded):
    """A stage acceptance (nghiệm thu) of a contract's works: its date and value."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("hợp đồng"), on_delete=models.PROTECT, related_name="acceptances"
    )
    number = models.CharField(_("số biên bản nghiệm thu"), max_length=100)
    accepted_on = models.DateField(_("ngày nghiệm thu"))
    value = models.BigIntegerField(_("giá trị nghiệm thu (đồng)"))
    dossier = models.ForeignKey(
        PaymentDossier,
        verbose_name=_("hồ sơ thanh toán"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("lần nhập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nghiệm thu")
        verbose_name_plural = _("nghiệm thu")
        ordering = ["accepted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="acceptance_number_per_contract"
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="acceptance_value_positive"),
        ]
        indexes = [models.Index(fields=["accepted_on"], name="acceptance_date")]

    def __str__(self) -> str:
        return self.number


class DossierPayment(Recorded):
    """A treasury payment line that paid (part of) a dossier; a line pays one dossier."""

    dossier = models.ForeignKey(
        PaymentDossier,
        verbose_name=_("hồ sơ thanh toán"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    treasury_line = models.OneToOneField(
        TreasuryLine,
        verbose_name=_("chứng từ Kho bạc"),
        on_delete=models.PROTECT,
        related_name="dossier_payment",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chứng từ thanh toán hồ sơ")
        verbose_name_plural = _("chứng từ thanh toán hồ sơ")

    def __str__(self) -> str:
        return f"{self.dossier} ← {self.treasury_line}"


class BreachKind(models.TextChoices):
    SCHEDULE = "tien_do", _("Vi phạm tiến độ")
    QUALITY = "chat_luong", _("Vi phạm chất lượng")
    LATE_DOSSIER = "cham_ho_so", _("Chậm hồ sơ thanh toán")
    TERMS = "dieu_khoan", _("Vi phạm điều khoản hợp đồng")


class Measure(models.TextChoices):
    WARNING = "canh_cao", _("Cảnh cáo")
    PENALTY = "phat_hop_dong", _("Phạt theo hợp đồng")
    TERMINATION = "cham_dut", _("Chấm dứt hợp đồng")
    BAN = "khong_cho_du_thau", _("Không cho dự thầu sau")


class BreachStatus(models.TextChoices):
    RECORDED = "recorded", _("Đã ghi nhận")
    PROPOSED = "proposed", _("Đã đề xuất xử lý")
    DECIDED = "decided", _("Đã quyết định xử lý")


class Breach(Recorded):
    """A contractor's breach on one contract, the handling Finance-Planning proposes, and
    the decision taken."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("hợp đồng"), on_delete=models.PROTECT, related_name="breaches"
    )
    kind = models.CharField(_("loại vi phạm"), max_length=20, choices=BreachKind.choices)
    occurred_on = models.DateField(_("ngày vi phạm"))
    description = models.TextField(_("nội dung vi phạm"))
    evidence = models.FileField(_("tài liệu chứng minh"), upload_to="vi_pham/%Y/", blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=BreachStatus.choices, default=BreachStatus.RECORDED
    )
    proposed_measure = models.CharField(
        _("hình thức đề xuất"), max_length=30, choices=Measure.choices, blank=True
    )
    proposal_reason = models.TextField(_("lý do đề xuất"), blank=True)
    proposed_on = models.DateField(_("ngày đề xuất"), null=True, blank=True)
    decided_measure = models.CharField(
        _("hình thức quyết định"), max_length=30, choices=Measure.choices, blank=True
    )
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_note = models.TextField(_("nội dung quyết định"), blank=True)
    obstacle = models.ForeignKey(
        "monitoring.Obstacle",
        verbose_name=_("vướng mắc đã ghi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vi phạm của nhà thầu")
        verbose_name_plural = _("vi phạm của nhà thầu")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BreachKind.values), name="breach_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} - {self.contract}"
