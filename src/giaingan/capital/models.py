"""The capital ledger: plan entries and treasury lines, appended and never edited."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giaingan.org.models import Unit, UnitKind


class BudgetLevel(models.TextChoices):
    CENTRAL = "trung_uong", _("Ngân sách trung ương")
    PROVINCE = "tinh", _("Ngân sách tỉnh")
    DISTRICT = "huyen", _("Ngân sách huyện")
    COMMUNE = "xa", _("Ngân sách xã")
    OTHER = "khac", _("Khác")


class FundingSource(models.Model):
    code = models.CharField(_("mã nguồn vốn"), max_length=30, unique=True)
    name = models.CharField(_("tên nguồn vốn"), max_length=255)
    budget_level = models.CharField(_("cấp ngân sách"), max_length=20, choices=BudgetLevel.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nguồn vốn")
        verbose_name_plural = _("nguồn vốn")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"


class ProjectGroup(models.TextChoices):
    NATIONAL = "QTQG", _("Quan trọng quốc gia")
    A = "A", _("Nhóm A")
    B = "B", _("Nhóm B")
    C = "C", _("Nhóm C")


class Project(models.Model):
    code = models.CharField(_("mã dự án"), max_length=50, unique=True)
    name = models.CharField(_("tên dự án"), max_length=500)
    investor = models.ForeignKey(
        Unit, verbose_name=_("chủ đầu tư"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan chủ quản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    main_commune = models.ForeignKey(
        Unit,
        verbose_name=_("địa bàn chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    communes = models.ManyToManyField(
        Unit, verbose_name=_("địa bàn"), blank=True, related_name="projects_located"
    )
    group = models.CharField(
        _("nhóm dự án"), max_length=4, choices=ProjectGroup.choices, default=ProjectGroup.C
    )
    sector = models.CharField(_("lĩnh vực"), max_length=255, blank=True)
    total_investment = models.BigIntegerField(_("tổng mức đầu tư (đồng)"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"), null=True, blank=True)
    is_key = models.BooleanField(_("dự án trọng điểm"), default=False)
    # The history is read by project (its `id`, indexed) and by date: an index of the
    # other columns' copies would only slow down writing a nation's catalogue.
    history = HistoricalRecords(
        m2m_fields=[communes], no_db_index=["code", "investor", "agency", "main_commune"]
    )

    class Meta:
        verbose_name = _("dự án")
        verbose_name_plural = _("dự án")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__isnull=True) | Q(total_investment__gte=0),
                name="project_total_investment_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Sổ chỉ được ghi thêm, không được sửa dòng đã ghi."))

    def delete(self):
        raise ValidationError(_("Sổ chỉ được ghi thêm, không được xóa dòng đã ghi."))


class AppendOnly(models.Model):
    """A ledger row: written once, corrected by a new row, never updated or deleted."""

    created_at = models.DateTimeField(_("ghi sổ lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi sổ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # No index: each of a statement's lines would pay for one, and the lines of an import
    # are found by their ids (see `ledger_months_add_batch`).
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("lần nhập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("Sổ chỉ được ghi thêm, không được sửa dòng đã ghi."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Sổ chỉ được ghi thêm, không được xóa dòng đã ghi."))


class PlanKind(models.TextChoices):
    INITIAL = "giao_dau_nam", _("Giao đầu năm")
    SUPPLEMENT = "bo_sung", _("Giao bổ sung")
    ADJUSTMENT = "dieu_chinh", _("Điều chỉnh")
    TRANSFER = "dieu_chuyen", _("Điều chuyển")
    CARRY_OVER = "keo_dai", _("Kéo dài")


SIGNED_PLAN_KINDS = (PlanKind.ADJUSTMENT, PlanKind.TRANSFER)


class PlanEntry(AppendOnly):
    """One line of a capital-plan decision: a project's amount from one source."""

    # A decision is one act of one body: the same number from two bodies is two decisions.
    issuer = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # leads the unique constraint's index
    )
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày quyết định"))
    kind = models.CharField(_("loại"), max_length=20, choices=PlanKind.choices)
    # The (project, source, plan_year) index serves project look-ups.
    project = models.ForeignKey(
        Project,
        verbose_name=_("dự án"),
        on_delete=models.PROTECT,
        related_name="plan_entries",
        db_index=False,
    )
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("nguồn vốn"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("dòng kế hoạch vốn")
        verbose_name_plural = _("kế hoạch vốn")
        ordering = ["decision_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "decision_number", "kind", "project", "source", "plan_year"],
                name="plan_entry_one_line_per_issuers_decision",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(kind__in=SIGNED_PLAN_KINDS),
                name="plan_entry_negative_only_in_adjustment_or_transfer",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PlanKind.values), name="plan_entry_kind_known"
            ),
        ]
        indexes = [
            models.Index(fields=["plan_year", "decision_date"], name="plan_year_date"),
            models.Index(fields=["project", "source", "plan_year"], name="plan_project_key"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} {self.project.code} {self.amount}"


class LineKind(models.TextChoices):
    ADVANCE = "tam_ung", _("Tạm ứng")
    PAYMENT = "thanh_toan", _("Thanh toán khối lượng hoàn thành")


class TreasuryLine(AppendOnly):
    """One treasury document: an advance, or a payment that may recover advance.

    A correction is a negative line that names the line it reverses, in the same treasury.
    Each treasury numbers its own documents: a number is unique per treasury.
    """

    # Leads the (treasury, number) unique index, which serves look-ups by number.
    treasury = models.ForeignKey(
        Unit,
        verbose_name=_("kho bạc"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        limit_choices_to={"kind": UnitKind.TREASURY},
    )
    document_number = models.CharField(_("số chứng từ"), max_length=100)
    value_date = models.DateField(_("ngày"))
    # The (project, source, plan_year) index serves project look-ups.
    project = models.ForeignKey(
        Project,
        verbose_name=_("dự án"),
        on_delete=models.PROTECT,
        related_name="treasury_lines",
        db_index=False,
    )
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("nguồn vốn"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    kind = models.CharField(_("loại"), max_length=20, choices=LineKind.choices)
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    recovered_advance = models.BigIntegerField(_("thu hồi tạm ứng (đồng)"), default=0)
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("chứng từ gốc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversals",
        db_index=False,  # indexed below, corrections only
    )

    class Meta:
        verbose_name = _("chứng từ giải ngân")
        verbose_name_plural = _("giải ngân qua Kho bạc")
        ordering = ["value_date", "id"]
        constraints = [
            # A constraint, not unique=True: PostgreSQL then builds no extra LIKE index.
            models.UniqueConstraint(
                fields=["treasury", "document_number"],
                name="treasury_line_number_unique_per_treasury",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LineKind.values), name="treasury_line_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(kind=LineKind.PAYMENT) | Q(recovered_advance=0),
                name="treasury_line_recovery_only_in_payments",
            ),
            # An ordinary line is positive; a correction is negative and names its original.
            models.CheckConstraint(
                condition=(
                    Q(reverses__isnull=True, amount__gt=0, recovered_advance__gte=0)
                    & Q(recovered_advance__lte=models.F("amount"))
                )
                | (
                    Q(reverses__isnull=False, amount__lt=0, recovered_advance__lte=0)
                    & Q(recovered_advance__gte=models.F("amount"))
                ),
                name="treasury_line_sign_follows_correction",
            ),
        ]
        indexes = [
            # Covers the figures' queries: a range scan of the index, no table look-ups.
            # (Whole months they read from LedgerMonth, which is in project order.)
            models.Index(
                fields=[
                    "plan_year",
                    "value_date",
                    "project",
                    "source",
                    "kind",
                    "amount",
                    "recovered_advance",
                ],
                name="line_year_date_covering",
            ),
            models.Index(fields=["project", "source", "plan_year"], name="line_project_key"),
            # Only corrections name an original: the others cost no index entry to write.
            models.Index(
                fields=["reverses"], condition=Q(reverses__isnull=False), name="line_reverses"
            ),
        ]

    def __str__(self) -> str:
        return self.document_number

    @property
    def disbursed(self) -> int:
        return self.amount - self.recovered_advance


class LedgerMonth(models.Model):
    """The ledger summed per plan year, project and source, by calendar month, quarter and
    year: each month is in three rows, of spans 1, 3 and 12.

    Derived, never entered (ARCHITECTURE principle 1): `PlanBook` and `TreasuryBook` add to
    it in the transaction that writes the ledger, `ledger_months_rebuild` makes it again from
    the ledger, and the tests hold it equal to the ledger. The figures as of a day read the
    whole years, quarters and months before it here (at most 2 + 3 + 2 ranges of rows) and
    only the days of an unfinished month from the ledger itself: a few rows per project
    instead of every treasury line.

    The key leads with (plan year, span, month), so each span of each period is one range of
    rows. On SQLite the table is WITHOUT ROWID (the rows are stored in key order); on
    PostgreSQL the key INCLUDEs the sums (migration 0003), so reads never touch the table.
    A later migration that remakes the table must keep that.
    """

    pk = models.CompositePrimaryKey("plan_year", "span", "month", "project", "source")
    # Derived rows carry no constraint beyond their key: they are made only from ledger rows,
    # which have theirs, and SQLite checks every constraint on each of the 10^5 upserts a
    # statement makes (it doubles their cost). A project or source with ledger rows cannot
    # be deleted (PROTECT there), and one without has no rows here.
    plan_year = models.SmallIntegerField(_("năm kế hoạch"))
    span = models.SmallIntegerField(_("số tháng (1, 3 hoặc 12)"))
    project = models.ForeignKey(
        Project,
        verbose_name=_("dự án"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("nguồn vốn"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    month = models.DateField(_("từ ngày (đầu tháng, quý hoặc năm)"))
    # Plan entries by the month of their decision date; treasury lines by their value date.
    plan = models.BigIntegerField(_("kế hoạch vốn, trừ kéo dài"), default=0)
    carried_over = models.BigIntegerField(_("kế hoạch vốn kéo dài"), default=0)
    disbursed = models.BigIntegerField(_("giải ngân (số tiền - thu hồi tạm ứng)"), default=0)
    advanced = models.BigIntegerField(_("tạm ứng"), default=0)
    recovered = models.BigIntegerField(_("thu hồi tạm ứng"), default=0)
    # How many entries and lines made the sums: a month whose amounts net to zero still
    # puts its project in a table, as the ledger's own rows would.
    plan_count = models.IntegerField(_("số dòng kế hoạch, trừ kéo dài"), default=0)
    carried_count = models.IntegerField(_("số dòng kế hoạch kéo dài"), default=0)
    line_count = models.IntegerField(_("số chứng từ"), default=0)

    class Meta:
        verbose_name = _("tổng sổ theo tháng")
        verbose_name_plural = _("tổng sổ theo tháng")
        indexes = [
            # One project's rows (its page, an investor's or a commune's scope): a range of
            # a few rows instead of every project's rows of each period.
            models.Index(
                fields=["project", "plan_year", "span", "month"],
                name="ledgermonth_by_project",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_year} {self.project_id}/{self.source_id} {self.month:%m/%Y}"


class DisbursementTarget(models.Model):
    """Share of the year's plan that should be disbursed by a date (plan 120/KH-UBND)."""

    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    due_date = models.DateField(_("đến ngày"))
    share_percent = models.DecimalField(_("tỷ lệ phải đạt (%)"), max_digits=5, decimal_places=2)
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mục tiêu giải ngân theo mốc")
        verbose_name_plural = _("mục tiêu giải ngân theo mốc")
        ordering = ["plan_year", "due_date"]
        constraints = [
            models.UniqueConstraint(fields=["plan_year", "due_date"], name="target_one_per_date"),
            models.CheckConstraint(
                condition=Q(share_percent__gte=0) & Q(share_percent__lte=100),
                name="target_share_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_year}: {self.share_percent}% đến {self.due_date:%d/%m/%Y}"
