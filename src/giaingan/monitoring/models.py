"""The month's cycle: periodic reports from investors and communes, and the obstacles that
hold capital up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giaingan.capital.models import Project
from giaingan.monitoring.periods import period_parse
from giaingan.org.models import Unit


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Báo cáo tháng")
    QUARTERLY = "quarterly", _("Báo cáo quý")
    ANNUAL = "annual", _("Báo cáo năm")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class PeriodicReport(models.Model):
    """A unit's report for one period, on one of its projects or for the unit as a whole.

    The ledger's figures (plan, disbursed) are read live from `figures` while it is a
    draft, and written here when it is submitted: the paper says what the unit sent.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("dự án"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="periodic_reports",
        help_text=_("Để trống khi báo cáo chung cho cả đơn vị."),
    )
    cadence = models.CharField(_("loại báo cáo"), max_length=20, choices=Cadence.choices)
    period = models.CharField(_("kỳ báo cáo"), max_length=10)  # 2024-09, 2024-Q3, 2024
    due_date = models.DateField(_("hạn nộp"))
    report_date = models.DateField(_("số liệu tính đến ngày"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    work_done_value = models.BigIntegerField(_("giá trị khối lượng thực hiện (đồng)"), default=0)
    accepted_unpaid_value = models.BigIntegerField(
        _("giá trị đã nghiệm thu chưa thanh toán (đồng)"), default=0
    )
    # What the unit's own books say it has disbursed, set beside the treasury's figure.
    reported_disbursed = models.BigIntegerField(
        _("giá trị giải ngân theo số liệu đơn vị (đồng)"), null=True, blank=True
    )
    progress = models.TextField(_("tiến độ thực hiện"), blank=True)
    obstacles_text = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    # Written at submission from `figures` (ARCHITECTURE principle 1: computed there only).
    plan = models.BigIntegerField(_("kế hoạch vốn (đồng)"), null=True, blank=True)
    disbursed = models.BigIntegerField(_("đã giải ngân (đồng)"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-period", "unit__code", "project__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "project", "cadence", "period"],
                condition=Q(project__isnull=False),
                name="report_once_per_project",
            ),
            models.UniqueConstraint(
                fields=["unit", "cadence", "period"],
                condition=Q(project__isnull=True),
                name="report_once_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(work_done_value__gte=0)
                & Q(accepted_unpaid_value__gte=0)
                & (Q(reported_disbursed__isnull=True) | Q(reported_disbursed__gte=0)),
                name="report_values_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["cadence", "period", "unit"], name="report_period")]

    def __str__(self) -> str:
        subject = self.project.code if self.project_id else self.unit.name
        return f"{self.title} - {subject}"

    @property
    def phrase(self) -> str:
        """Its name inside a sentence: "báo cáo tháng 09/2024", "báo cáo quý III/2024",
        "báo cáo năm 2024" (never the stored code "2024-09")."""
        return f"báo cáo {period_parse(self.period).phrase}"

    @property
    def title(self) -> str:
        """Its name as a heading: "Báo cáo tháng 09/2024"."""
        return "B" + self.phrase[1:]


class ObstacleKind(models.TextChoices):
    SITE_CLEARANCE = "site_clearance", _("Giải phóng mặt bằng, bồi thường")
    PROCEDURES = "procedures", _("Thủ tục đầu tư")
    DESIGN = "design", _("Thẩm định thiết kế, dự toán")
    CONTRACTOR = "contractor", _("Năng lực nhà thầu")
    MATERIALS = "materials", _("Vật liệu, giá cả")
    WEATHER = "weather", _("Thời tiết, thiên tai")
    CAPITAL = "capital", _("Vốn, tạm ứng")
    SETTLEMENT = "settlement", _("Quyết toán, tất toán tài khoản")
    OTHER = "other", _("Khác")


class ObstacleStatus(models.TextChoices):
    OPEN = "open", _("Chưa xử lý")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    CLEARED = "cleared", _("Đã tháo gỡ")
    ESCALATED = "escalated", _("Đã báo cáo tỉnh")


# An escalated obstacle still holds the capital up: only clearing it frees the project.
STILL_OPEN = (ObstacleStatus.OPEN, ObstacleStatus.IN_PROGRESS, ObstacleStatus.ESCALATED)


class Obstacle(models.Model):
    """A difficulty holding a project's disbursement up, registered from a report or directly."""

    project = models.ForeignKey(
        Project, verbose_name=_("dự án"), on_delete=models.PROTECT, related_name="obstacles"
    )
    report = models.ForeignKey(
        PeriodicReport,
        verbose_name=_("từ báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obstacles",
    )
    kind = models.CharField(_("loại vướng mắc"), max_length=20, choices=ObstacleKind.choices)
    description = models.TextField(_("nội dung vướng mắc"))
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị chịu trách nhiệm tháo gỡ"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("ngày phát sinh"))
    due_date = models.DateField(_("hạn tháo gỡ"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN
    )
    cleared_on = models.DateField(_("ngày tháo gỡ"), null=True, blank=True)
    resolution = models.TextField(_("cách tháo gỡ"), blank=True)
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vướng mắc")
        verbose_name_plural = _("vướng mắc")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ObstacleStatus.CLEARED, cleared_on__isnull=False)
                | (~Q(status=ObstacleStatus.CLEARED) & Q(cleared_on__isnull=True)),
                name="obstacle_cleared_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status"], name="obstacle_kind_status"),
            # The register as of a date, by kind: counted and its distinct projects read from
            # this index alone (SQLite, without statistics, would otherwise walk a date index
            # and fetch each of 10^4 rows).
            models.Index(
                fields=["kind", "project", "opened_on", "cleared_on", "due_date"],
                name="obstacle_kind_project",
            ),
            # The register lists the open ones most overdue first, a page at a time: read in
            # this order, the first page stops after its rows instead of sorting 10^4.
            models.Index(fields=["due_date", "id"], name="obstacle_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} - {self.project.code}"


class Briefing(models.Model):
    """A periodic briefing (giao ban) on disbursement: its agenda is read from the figures as
    of the day it is held; the chair's conclusions become action items."""

    held_on = models.DateField(_("ngày họp"))
    chair = models.CharField(_("người chủ trì"), max_length=200)
    attendees = models.TextField(_("thành phần dự họp"), help_text=_("Mỗi dòng một người/đơn vị."))
    scope_unit = models.ForeignKey(
        Unit,
        verbose_name=_("phạm vi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: toàn địa bàn; hoặc một chủ đầu tư, một xã."),
    )
    venue = models.CharField(_("địa điểm"), max_length=200, blank=True)
    conclusion = models.TextField(_("ý kiến kết luận chung"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc họp giao ban")
        verbose_name_plural = _("cuộc họp giao ban")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Giao ban ngày {self.held_on:%d/%m/%Y}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")


class ActionItem(models.Model):
    """A task the chair assigned at a briefing: a unit does it by a deadline, then says done."""

    briefing = models.ForeignKey(
        Briefing, verbose_name=_("cuộc họp"), on_delete=models.PROTECT, related_name="actions"
    )
    task = models.TextField(_("nội dung nhiệm vụ"))
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("thời hạn"))
    project = models.ForeignKey(
        Project,
        verbose_name=_("dự án"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    obstacle = models.ForeignKey(
        Obstacle,
        verbose_name=_("vướng mắc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    done_note = models.TextField(_("kết quả thực hiện"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo hoàn thành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm vụ sau giao ban")
        verbose_name_plural = _("nhiệm vụ sau giao ban")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ActionStatus.DONE, done_on__isnull=False)
                | (~Q(status=ActionStatus.DONE) & Q(done_on__isnull=True)),
                name="action_done_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="action_status_due"),
            models.Index(fields=["responsible_unit", "status"], name="action_unit_status"),
        ]

    def __str__(self) -> str:
        return self.task[:80]

    def overdue_on(self, day) -> bool:
        """Still open after its deadline on `day` (done late is not overdue any more)."""
        return action_overdue(status=self.status, due_date=self.due_date, day=day)


def action_overdue(*, status: str, due_date, day) -> bool:
    """An action item still open after its deadline on `day`: the rule on plain values,
    for lists read without a model object per row."""
    return status == ActionStatus.OPEN and due_date < day


class Attachment(models.Model):
    """A file sent with a periodic report or an ad hoc report's answer, or kept on an
    obstacle (minutes, photos, papers)."""

    report = models.ForeignKey(
        PeriodicReport,
        verbose_name=_("báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    obstacle = models.ForeignKey(
        Obstacle,
        verbose_name=_("vướng mắc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    answer = models.ForeignKey(
        "RequestAnswer",
        verbose_name=_("báo cáo đột xuất"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("tệp"), upload_to="bao_cao_dinh_ky/%Y/")
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False, obstacle__isnull=True, answer__isnull=True)
                | Q(report__isnull=True, obstacle__isnull=False, answer__isnull=True)
                | Q(report__isnull=True, obstacle__isnull=True, answer__isnull=False),
                name="attachment_on_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReportRequest(models.Model):
    """An ad hoc report (báo cáo đột xuất): Finance-Planning asks some units for a report on
    a subject by a deadline, with the ledger's figures as of the day it asks."""

    subject = models.CharField(_("nội dung yêu cầu báo cáo"), max_length=255)
    details = models.TextField(_("yêu cầu cụ thể"), blank=True)
    requested_on = models.DateField(_("ngày yêu cầu (số liệu tính đến ngày)"))
    due_date = models.DateField(_("hạn báo cáo"))
    recipients = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phải báo cáo"), related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("yêu cầu báo cáo đột xuất")
        verbose_name_plural = _("yêu cầu báo cáo đột xuất")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("requested_on")),
                name="report_request_due_after_asked",
            )
        ]

    def __str__(self) -> str:
        return f"Báo cáo đột xuất: {self.subject}"


class RequestAnswer(models.Model):
    """A unit's answer to an ad hoc report request: its text and the ledger's figures of its
    projects as of the request date (from `figures`, frozen each time it is sent).

    It follows the periodic report's workflow from "submitted": Finance-Planning returns it
    with a reason or accepts it; a returned answer is edited and sent again. The deadline
    was met or not by its first sending (`first_submitted_at`).
    """

    request = models.ForeignKey(
        ReportRequest, verbose_name=_("yêu cầu"), on_delete=models.PROTECT, related_name="answers"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("nội dung báo cáo"))
    plan = models.BigIntegerField(_("kế hoạch vốn (đồng)"))
    disbursed = models.BigIntegerField(_("đã giải ngân (đồng)"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.SUBMITTED,
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"))
    submitted_at = models.DateTimeField(_("gửi lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo đột xuất")
        verbose_name_plural = _("báo cáo đột xuất")
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="request_answered_once"),
            models.CheckConstraint(
                condition=Q(plan__gte=0) & Q(disbursed__gte=0), name="request_answer_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.subject} - {self.unit.name}"

    @property
    def review_label(self) -> str:
        """Where the answer stands, as its unit and Finance-Planning read it."""
        return str(ANSWER_REVIEW_LABELS.get(self.status, self.get_status_display()))


ANSWER_REVIEW_LABELS = {
    ReportStatus.SUBMITTED: _("Đã gửi, chờ xem xét"),
    ReportStatus.RETURNED: _("Bị trả lại, cần sửa và gửi lại"),
    ReportStatus.ACCEPTED: _("Đã tiếp nhận"),
}
