"""Units as a tree of any depth, and the roles people hold in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UnitKind(models.TextChoices):
    COMMITTEE = "ubnd", _("Ủy ban nhân dân")
    OFFICE = "phong", _("Phòng, ban, ngành")
    COMMUNE = "xa", _("Xã, phường, thị trấn")
    PROJECT_BOARD = "ban_qlda", _("Ban quản lý dự án")
    TREASURY = "kho_bac", _("Kho bạc")
    COUNCIL = "hoi_dong", _("Hội đồng")
    ORGANISATION = "to_chuc", _("Mặt trận, tổ chức chính trị - xã hội")
    CONTRACTOR = "nha_thau", _("Nhà thầu")
    OTHER = "khac", _("Khác")


class Unit(models.Model):
    """Any body in the tree: a committee, an office, a commune, a treasury, a contractor.

    Levels are not fixed: a unit has a parent, so the tree outlives the 2025 reform.
    """

    code = models.CharField(_("mã đơn vị"), max_length=50, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cha"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True)
    # Who signs the papers the unit issues (Decree 30 types the signer's name under the
    # signature): `org.signers`.
    head_name = models.CharField(
        _("họ và tên người đứng đầu"),
        max_length=255,
        blank=True,
        # Set by the database too: rows written by older code (a migration's) get "".
        default="",
        db_default="",
        help_text=_("Người ký các văn bản của đơn vị, ví dụ: Nông Văn Hải."),
    )
    head_title = models.CharField(
        _("chức danh người đứng đầu"),
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=_("Ví dụ: Trưởng phòng, Giám đốc, Chủ tịch. Để trống: chức danh thông thường."),
    )
    # Read by unit (its `id`, indexed) and by date, as a project's history is.
    history = HistoricalRecords(no_db_index=["code", "parent"])

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Unit]:
        chain, unit = [], self.parent
        while unit is not None and unit not in chain:
            chain.append(unit)
            unit = unit.parent
        return chain


class Role(models.TextChoices):
    CHAIRMAN = "chairman", _("Chủ tịch")
    VICE_CHAIRMAN = "vice_chairman", _("Phó Chủ tịch")
    FINANCE_PLANNING = "finance_planning", _("Cán bộ Tài chính - Kế hoạch")
    TREASURY = "treasury", _("Cán bộ Kho bạc")
    INVESTOR = "investor", _("Cán bộ chủ đầu tư")
    COMMUNE = "commune", _("Cán bộ UBND xã")
    INTERNAL_AFFAIRS = "internal_affairs", _("Cán bộ Nội vụ")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng")
    VIEWER = "viewer", _("Người xem")


class Membership(models.Model):
    """A user holds a role in a unit: the ground of every permission."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vai trò trong đơn vị")
        verbose_name_plural = _("vai trò trong đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.unit}"
