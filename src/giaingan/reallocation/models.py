"""Capital needs registered by investors, and proposals to move capital from slow projects
to fast ones (Điều chuyển vốn) until the chairman approves them as one transfer decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from giaingan.capital.models import FundingSource, Project


class CapitalNeed(models.Model):
    """An investor asks for more of a source for a project in a plan year."""

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("nguồn vốn"), on_delete=models.PROTECT, related_name="+"
    )
    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    amount = models.BigIntegerField(_("số vốn cần thêm (đồng)"))
    reason = models.TextField(_("lý do"))
    can_finish_first = models.BooleanField(_("có khả năng hoàn thành trước"), default=False)
    registered_on = models.DateField(_("ngày đăng ký"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhu cầu vốn")
        verbose_name_plural = _("nhu cầu vốn")
        ordering = ["-registered_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="capital_need_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} cần {self.amount}"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    APPROVED = "approved", _("Đã phê duyệt")


class ReallocationProposal(models.Model):
    """A proposal of Finance-Planning to move capital (Tờ trình điều chuyển vốn)."""

    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    as_of = models.DateField(_("số liệu đến ngày"))
    number = models.CharField(_("số tờ trình"), max_length=100)
    proposed_on = models.DateField(_("ngày tờ trình"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("số quyết định điều chuyển"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)

    class Meta:
        verbose_name = _("đề xuất điều chuyển vốn")
        verbose_name_plural = _("đề xuất điều chuyển vốn")
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return self.number


class ReallocationMove(models.Model):
    """One move of a proposal: `amount` of `source` from one project to another."""

    proposal = models.ForeignKey(
        ReallocationProposal,
        verbose_name=_("đề xuất"),
        on_delete=models.CASCADE,
        related_name="moves",
    )
    giver = models.ForeignKey(
        Project, verbose_name=_("điều chuyển từ dự án"), on_delete=models.PROTECT, related_name="+"
    )
    taker = models.ForeignKey(
        Project, verbose_name=_("điều chuyển đến dự án"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("nguồn vốn"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("dòng điều chuyển")
        verbose_name_plural = _("dòng điều chuyển")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reallocation_move_positive"),
            models.CheckConstraint(
                condition=~Q(giver=models.F("taker")), name="reallocation_move_two_projects"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver.code} → {self.taker.code}: {self.amount}"
