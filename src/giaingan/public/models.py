"""Figures the Finance-Planning office has published: frozen at publication, never recomputed.

The public page reads only these rows (ARCHITECTURE principle 4: "the public sees published
results only"). The figures are the `as_dict()` of `figures.selectors.disbursement_table`
taken at publish time, so they cannot drift from what the office saw and confirmed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giaingan.figures.selectors import Base

BASE_CHOICES = [(base.value, base.label) for base in Base]


class PublishedSnapshotQuerySet(models.QuerySet):
    def visible(self) -> PublishedSnapshotQuerySet:
        """What the public may see: everything published and not withdrawn."""
        return self.filter(withdrawn=False)

    def newest_first(self) -> PublishedSnapshotQuerySet:
        return self.order_by("-published_at", "-id")


class PublishedSnapshot(models.Model):
    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    as_of = models.DateField(_("số liệu đến ngày"))
    base = models.CharField(_("cơ sở tính tỷ lệ"), max_length=30, choices=BASE_CHOICES)
    title = models.CharField(_("tiêu đề"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)
    published_at = models.DateTimeField(_("thời điểm công bố"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Each is DisbursementTable.as_dict() for the same year, as_of and base.
    by_investor = models.JSONField(_("số liệu theo chủ đầu tư"))
    by_commune = models.JSONField(_("số liệu theo xã, thị trấn"))
    by_source = models.JSONField(_("số liệu theo nguồn vốn"))
    # The open-data files as published (OCDS release package, IATI activity file), frozen
    # with their SHA-256 so a download never drifts from the figures above. Empty for a
    # snapshot published before files were frozen: its first download freezes them.
    ocds = models.FileField(_("gói OCDS (.json)"), upload_to="du_lieu_mo/%Y/", blank=True)
    ocds_sha256 = models.CharField(_("SHA-256 của gói OCDS"), max_length=64, blank=True)
    iati = models.FileField(_("tệp IATI (.xml)"), upload_to="du_lieu_mo/%Y/", blank=True)
    iati_sha256 = models.CharField(_("SHA-256 của tệp IATI"), max_length=64, blank=True)
    # What the files are made of, taken in the publishing transaction and kept until the
    # background worker has written them (opendata.source); emptied once they are.
    opendata_source = models.FileField(
        _("nguồn dữ liệu mở (chờ lập tệp)"), upload_to="du_lieu_mo/nguon/", blank=True
    )
    withdrawn = models.BooleanField(_("đã thu hồi"), default=False)
    withdrawn_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_reason = models.TextField(_("lý do thu hồi"), blank=True)
    history = HistoricalRecords()

    objects = PublishedSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản số liệu công khai")
        verbose_name_plural = _("bản số liệu công khai")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["withdrawn", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def base_label(self) -> str:
        return Base(self.base).label

    @property
    def opendata_ready(self) -> bool:
        """Both open-data files are written and kept."""
        return bool(self.ocds_sha256 and self.iati_sha256)

    @property
    def opendata_pending(self) -> bool:
        """Published, its files not yet written by the background worker."""
        return bool(self.opendata_source) and not self.opendata_ready

    @property
    def opendata_preparing(self) -> bool:
        """Pending, and published less than `OPEN_DATA_WORKER_WAIT_SECONDS` ago: the worker
        is expected to write the files. After that (no worker running) the first download
        writes them, from the same source."""
        if not self.opendata_pending:
            return False
        waited = (timezone.now() - self.published_at).total_seconds()
        return waited < settings.OPEN_DATA_WORKER_WAIT_SECONDS

    @property
    def total(self) -> dict:
        """The district total (the same in every grouping; the investors' table is used)."""
        return self.by_investor["total"]

    @property
    def figures(self) -> dict[str, dict]:
        return {
            "by_investor": self.by_investor,
            "by_commune": self.by_commune,
            "by_source": self.by_source,
        }


class ThrottleBucket(models.Model):
    """The recent attempts of one client at one limited action (the public objection form,
    the API), kept in the database so that every worker process counts the same attempts."""

    key = models.CharField(_("khóa"), max_length=200, unique=True)
    # The moments of the attempts still inside the window, as ISO strings, oldest first.
    hits = models.JSONField(_("các lượt"), default=list)
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    # The last attempt plus the key's window: after it, nothing is left to count.
    expires_at = models.DateTimeField(_("hết hạn lúc"), db_index=True)

    class Meta:
        verbose_name = _("giới hạn số lượt gửi")
        verbose_name_plural = _("giới hạn số lượt gửi")

    def __str__(self) -> str:
        return self.key


class ThrottleCounter(models.Model):
    """How many requests one client made in one fixed window of a limit (the API): counted
    with one `UPDATE ... SET hits = hits + 1`, so a request costs one short write, the same
    for every worker process."""

    key = models.CharField(_("khóa"), max_length=200)
    window_start = models.DateTimeField(_("đầu khung thời gian"))
    hits = models.PositiveIntegerField(_("số lượt"), default=0)
    # The window's end: after it the row counts nothing and may be deleted.
    expires_at = models.DateTimeField(_("hết hạn lúc"), db_index=True)

    class Meta:
        verbose_name = _("bộ đếm lượt gọi")
        verbose_name_plural = _("bộ đếm lượt gọi")
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="throttle_counter_window")
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M:%S}"
