"""The emulation movement: who takes part, and who may not be proposed for an award."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
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
    INDIVIDUAL = "ca_nhan", _("Cá nhân")

    @classmethod
    def is_collective(cls, category: str) -> bool:
        return category != cls.INDIVIDUAL


class CriterionKind(models.TextChoices):
    AUTOMATIC = "tu_dong", _("Tự động, từ số liệu giải ngân")
    MANUAL = "thu_cong", _("Thủ công, có minh chứng")


class Criterion(models.Model):
    """One line of a category's checklist: computed by `figures` or shown by evidence."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="criteria"
    )
    category = models.CharField(_("nhóm đối tượng"), max_length=20, choices=Category.choices)
    key = models.SlugField(_("mã tiêu chí"), max_length=60)
    label = models.CharField(_("tiêu chí"), max_length=500)
    kind = models.CharField(_("cách đánh giá"), max_length=10, choices=CriterionKind.choices)
    required = models.BooleanField(_("bắt buộc để được đề nghị khen"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["movement", "category", "order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "category", "key"], name="criterion_once_per_category"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Registration(models.Model):
    """A unit registers for the movement (đăng ký thi đua) with its pledge; an individual
    registers with the unit they work in, whose figures they are responsible for."""

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
    person_name = models.CharField(
        _("họ và tên cá nhân"),
        max_length=255,
        blank=True,
        help_text=_("Chỉ với cá nhân: đơn vị là nơi công tác, có số liệu cá nhân phụ trách."),
    )
    person_position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["movement", "unit__name", "person_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "unit", "person_name"], name="registration_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.movement.code}: {self.participant}"

    @property
    def participant(self) -> str:
        """The unit's name, or "Họ và tên, chức vụ, đơn vị" of an individual."""
        if self.person_name:
            return ", ".join(
                part for part in (self.person_name, self.person_position, self.unit.name) if part
            )
        return self.unit.name


class ResponsibleProject(models.Model):
    """A project an individual answers for in the movement (dự án được giao phụ trách): a
    person with such a list is judged on those projects' figures, not their unit's. Kept
    by the person's unit or Internal Affairs; every change is in the row history."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("đăng ký của cá nhân"),
        on_delete=models.CASCADE,
        related_name="responsible_projects",
    )
    project = models.ForeignKey(
        "capital.Project",
        verbose_name=_("dự án"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    added_at = models.DateTimeField(_("ngày ghi"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dự án cá nhân phụ trách")
        verbose_name_plural = _("dự án cá nhân phụ trách")
        ordering = ["registration", "project__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "project"], name="responsible_project_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.project_id}"


class Evidence(models.Model):
    """A file or note that shows a manual criterion is met; Finance-Planning accepts it."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("đăng ký"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("nội dung minh chứng"))
    file = models.FileField(_("tệp đính kèm"), upload_to="minh_chung/%Y/", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    uploaded_at = models.DateTimeField(_("ngày gửi"), auto_now_add=True)
    accepted = models.BooleanField(_("được công nhận"), null=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    assessment_note = models.CharField(_("ý kiến thẩm định"), max_length=500, blank=True)
    assessed_at = models.DateTimeField(_("ngày thẩm định"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["registration", "criterion__order", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.registration}: {self.criterion.key}"


class RestrictionKind(models.TextChoices):
    DISCIPLINE = "ky_luat", _("Đang bị xem xét kỷ luật")
    INVESTIGATION = "dieu_tra", _("Đang bị điều tra")
    INSPECTION = "thanh_tra", _("Đang bị thanh tra, kiểm tra")
    COMPLAINT = "khieu_nai", _("Có khiếu nại, tố cáo chưa giải quyết")


class UnitRestriction(models.Model):
    """A unit, or a person of it, that may not be proposed for an award while this lasts
    (Decree 98, Art. 4)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="restrictions"
    )
    person_name = models.CharField(
        _("họ và tên cá nhân"),
        max_length=255,
        blank=True,
        help_text=_("Để trống khi chính đơn vị là trường hợp chưa được đề nghị khen thưởng."),
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
        return f"{self.person_name or self.unit}: {self.get_kind_display()}"


# The award pipeline: proposal -> dossiers -> council -> public posting -> decision.


class ProposalStatus(models.TextChoices):
    DRAFT = "nhap", _("Dự thảo")
    SUBMITTED = "da_trinh", _("Đã trình Phòng Nội vụ")


class Proposal(models.Model):
    """Finance-Planning's list of awards and reviews, sent with a Tờ trình to Internal Affairs."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="proposals"
    )
    number = models.CharField(_("số tờ trình"), max_length=100, blank=True)
    as_of = models.DateField(_("số liệu đến ngày"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    drafted_at = models.DateTimeField(_("ngày lập"), auto_now_add=True)
    submitted_on = models.DateField(_("ngày trình"), null=True, blank=True)
    document = models.FileField(_("tờ trình"), upload_to="to_trinh/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tờ trình đề nghị khen thưởng")
        verbose_name_plural = _("tờ trình đề nghị khen thưởng")
        ordering = ["-drafted_at"]

    def __str__(self) -> str:
        return f"{self.movement.code}: {self.number or _('dự thảo')}"

    @property
    def provisional(self) -> bool:
        """Figures taken before the movement's deadline are provisional (tạm tính): the list
        is not final and cannot be submitted."""
        return self.as_of < self.movement.completion_deadline


class Purpose(models.TextChoices):
    AWARD = "award", _("Đề nghị khen thưởng")
    REVIEW = "review", _("Kiểm điểm trách nhiệm")


class DossierStatus(models.TextChoices):
    DRAFT = "nhap", _("Đang chuẩn bị")
    SUBMITTED = "da_trinh", _("Đã trình")
    RECEIVED = "da_tiep_nhan", _("Đã tiếp nhận")
    RETURNED = "tra_lai", _("Trả lại")
    ELIGIBLE = "du_dieu_kien", _("Thẩm định: đủ điều kiện")
    INELIGIBLE = "khong_du_dieu_kien", _("Thẩm định: không đủ điều kiện")
    AT_COUNCIL = "trinh_hoi_dong", _("Trình Hội đồng")
    AWARDED = "duoc_khen", _("Được khen thưởng")
    NOT_AWARDED = "khong_khen", _("Không được khen thưởng")


# The order of every list of nominees (the council's, the posted list, the decision, the
# proposal): women (or collectives of 70% women) first at equal merit, then by group, unit
# and name (selectors.award_order for nominees already in memory).
AWARD_ORDER = ("-women_priority", "category", "unit__name", "person_name", "id")


class Nomination(models.Model):
    """One line of a proposal: a nominee's dossier (award) or an entry of the review list."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("tờ trình"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    purpose = models.CharField(_("đề nghị"), max_length=10, choices=Purpose.choices)
    category = models.CharField(_("nhóm đối tượng"), max_length=20, choices=Category.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị (hoặc nơi công tác của cá nhân)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_name = models.CharField(_("họ và tên cá nhân"), max_length=255, blank=True)
    person_position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    women_priority = models.BooleanField(
        _("nữ, hoặc tập thể có từ 70% nữ"),
        default=False,
        help_text=_("Cùng thành tích thì được ưu tiên (Luật Thi đua, khen thưởng 2022)."),
    )
    achievement = models.TextField(_("thành tích"))
    plan = models.BigIntegerField(_("kế hoạch vốn (đồng)"), default=0)
    disbursed = models.BigIntegerField(_("đã giải ngân (đồng)"), default=0)
    rate_percent = models.DecimalField(
        _("tỷ lệ giải ngân (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    completion_date = models.DateField(_("ngày đạt 100%"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái hồ sơ"),
        max_length=20,
        choices=DossierStatus.choices,
        default=DossierStatus.DRAFT,
    )
    status_reason = models.TextField(_("lý do"), blank=True)
    status_changed_at = models.DateTimeField(_("ngày chuyển trạng thái"), null=True, blank=True)
    council_session = models.ForeignKey(
        "CouncilSession",
        verbose_name=_("phiên họp Hội đồng"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hồ sơ đề nghị")
        verbose_name_plural = _("hồ sơ đề nghị")
        ordering = ["proposal", "purpose", *AWARD_ORDER]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "purpose", "unit", "person_name"],
                name="nomination_once_per_proposal",
            ),
        ]

    def __str__(self) -> str:
        return self.nominee

    @property
    def nominee(self) -> str:
        if self.person_name:
            return f"{self.person_name}, {self.person_position}, {self.unit.name}".replace(
                ", ,", ","
            )
        return self.unit.name

    @property
    def is_collective(self) -> bool:
        return not self.person_name

    @property
    def editable(self) -> bool:
        """Finance-Planning may change the dossier only before it is sent or once returned;
        a line of the review list only while the proposal is a draft."""
        if self.purpose == Purpose.REVIEW:
            return self.proposal.status == ProposalStatus.DRAFT
        return self.status in (DossierStatus.DRAFT, DossierStatus.RETURNED)


class DossierFileKind(models.TextChoices):
    SUBMISSION = "to_trinh", _("Tờ trình")
    ACHIEVEMENT_REPORT = "bao_cao_thanh_tich", _("Báo cáo thành tích")
    REVIEW_MINUTES = "bien_ban_hop_xet", _("Biên bản họp xét của đơn vị")
    EVIDENCE = "minh_chung", _("Minh chứng")


class DossierFile(models.Model):
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="files"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=30, choices=DossierFileKind.choices)
    file = models.FileField(_("tệp"), upload_to="ho_so/%Y/")
    name = models.CharField(_("tên tệp"), max_length=255)
    generated = models.BooleanField(_("do hệ thống lập"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đính kèm"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    uploaded_at = models.DateTimeField(_("ngày đính kèm"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["nomination", "kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.name


class DossierTransition(models.Model):
    """Every change of a dossier's status: who, when, from what to what, and why."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="transitions"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=DossierStatus.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=DossierStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("chuyển trạng thái hồ sơ")
        verbose_name_plural = _("chuyển trạng thái hồ sơ")
        ordering = ["nomination", "at", "id"]

    def __str__(self) -> str:
        return f"{self.nomination}: {self.from_status} -> {self.to_status}"


class SessionStatus(models.TextChoices):
    OPEN = "dang_hop", _("Đang họp")
    CLOSED = "da_ket_thuc", _("Đã kết thúc")


class CouncilSession(models.Model):
    """A meeting of the Emulation & Commendation Council on a movement's dossiers."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="sessions"
    )
    council = models.ForeignKey(
        Unit, verbose_name=_("hội đồng"), on_delete=models.PROTECT, related_name="+"
    )
    held_at = models.DateTimeField(_("thời gian họp"))
    venue = models.CharField(_("địa điểm"), max_length=255)
    chair_name = models.CharField(_("chủ trì"), max_length=255)
    secretary_name = models.CharField(_("thư ký"), max_length=255)
    status = models.CharField(
        _("trạng thái"), max_length=15, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    minutes = models.FileField(_("biên bản"), upload_to="bien_ban/%Y/", blank=True)
    ended_at = models.DateTimeField(_("thời gian kết thúc"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở phiên họp"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"{self.council.name} {self.held_at:%d/%m/%Y}"


class Attendance(models.Model):
    """A council member at a session: present, or absent with or without a written opinion."""

    session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("phiên họp"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    present = models.BooleanField(_("có mặt"))
    written_opinion = models.BooleanField(_("có ý kiến bằng văn bản"), default=False)

    class Meta:
        verbose_name = _("thành viên dự họp")
        verbose_name_plural = _("thành viên dự họp")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once"),
            models.CheckConstraint(
                condition=~(Q(present=True) & Q(written_opinion=True)),
                name="attendance_written_only_when_absent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.member}"


class VoteChoice(models.TextChoices):
    AGREE = "dong_y", _("Đồng ý")
    DISAGREE = "khong_dong_y", _("Không đồng ý")
    ABSTAIN = "khong_bieu_quyet", _("Không biểu quyết")


class Vote(models.Model):
    """One member's vote on one nominee; `written` when it came as an absent member's opinion."""

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("phiên họp"), on_delete=models.CASCADE, related_name="votes"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="votes"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    choice = models.CharField(_("biểu quyết"), max_length=20, choices=VoteChoice.choices)
    written = models.BooleanField(_("bằng văn bản"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiếu biểu quyết")
        verbose_name_plural = _("phiếu biểu quyết")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nomination", "member"], name="vote_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.nomination} - {self.get_choice_display()}"


class Posting(models.Model):
    """The proposed list posted on the public page for objections before the decision."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("tờ trình"), on_delete=models.PROTECT, related_name="postings"
    )
    posted_on = models.DateField(_("ngày niêm yết"))
    ends_on = models.DateField(_("hết hạn niêm yết"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người niêm yết"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    recorded_on = models.DateField(_("ngày ghi nhận"), null=True)
    past_place = models.CharField(
        _("nơi đã niêm yết"),
        max_length=255,
        blank=True,
        help_text=_("Chỉ ghi khi danh sách đã được niêm yết từ trước ngày ghi nhận."),
    )

    class Meta:
        verbose_name = _("niêm yết công khai")
        verbose_name_plural = _("niêm yết công khai")
        ordering = ["-posted_on"]

    def __str__(self) -> str:
        return f"{self.proposal} ({self.posted_on:%d/%m/%Y} - {self.ends_on:%d/%m/%Y})"

    @property
    def recorded_late(self) -> bool:
        """A past posting: recorded after the day it started, at the place it names."""
        return bool(self.past_place)

    def state_on(self, day) -> str:
        """ "sap_niem_yet", "dang_niem_yet" or "da_niem_yet" on `day`."""
        if day < self.posted_on:
            return "sap_niem_yet"
        return "dang_niem_yet" if day <= self.ends_on else "da_niem_yet"


class ObjectionOutcome(models.TextChoices):
    """What a founded objection does to the dossier it is about."""

    REAPPRAISE = "tham_dinh_lai", _("Trả về Phòng Nội vụ thẩm định lại")
    NOT_AWARDED = "khong_khen", _("Không khen thưởng")


class Objection(models.Model):
    """A citizen's objection to the posted list; it must be answered before the decision."""

    posting = models.ForeignKey(
        Posting, verbose_name=_("đợt niêm yết"), on_delete=models.PROTECT, related_name="objections"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("về hồ sơ"),
        on_delete=models.PROTECT,
        related_name="objections",
        null=True,
        blank=True,
    )
    sender_name = models.CharField(_("họ và tên người gửi"), max_length=255)
    sender_contact = models.CharField(_("điện thoại hoặc thư điện tử"), max_length=255)
    text = models.TextField(_("nội dung phản ánh"))
    received_at = models.DateTimeField(_("ngày nhận"), auto_now_add=True)
    answer = models.TextField(_("trả lời"), blank=True)
    founded = models.BooleanField(_("phản ánh có cơ sở"), null=True)
    outcome = models.CharField(
        _("xử lý hồ sơ"), max_length=20, choices=ObjectionOutcome.choices, blank=True
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("ngày trả lời"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ý kiến phản ánh")
        verbose_name_plural = _("ý kiến phản ánh")
        ordering = ["received_at"]

    def __str__(self) -> str:
        return f"{self.sender_name}: {self.text[:60]}"


class AwardDecision(models.Model):
    """The chairman's Quyết định khen thưởng for a movement, with its document and certificates."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="decisions"
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("tờ trình"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("số quyết định"), max_length=100, unique=True)
    decided_on = models.DateField(_("ngày quyết định"))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_titles = models.CharField(_("chức danh ký"), max_length=255)
    document = models.FileField(_("quyết định"), upload_to="quyet_dinh/%Y/", blank=True)
    certificates = models.FileField(_("giấy khen"), upload_to="giay_khen/%Y/", blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.number} ({self.decided_on:%d/%m/%Y})"

    @property
    def prize_total(self) -> int:
        """The prize money of all its recipients, in đồng."""
        return self.awards.aggregate(total=models.Sum("prize_amount"))["total"] or 0

    @property
    def signer_title_lines(self) -> list[str]:
        return [line for line in self.signer_titles.split("\n") if line]


class Award(models.Model):
    """A recipient of a decision with the prize paid; one achievement is awarded once."""

    decision = models.ForeignKey(
        AwardDecision, verbose_name=_("quyết định"), on_delete=models.PROTECT, related_name="awards"
    )
    nomination = models.OneToOneField(
        Nomination, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="award"
    )
    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="awards"
    )
    person_name = models.CharField(_("họ và tên cá nhân"), max_length=255, blank=True)
    prize_amount = models.BigIntegerField(_("tiền thưởng (đồng)"))
    coefficient = models.DecimalField(_("hệ số"), max_digits=4, decimal_places=2)
    base_salary = models.BigIntegerField(_("mức lương cơ sở (đồng)"))
    gold_book_number = models.CharField(_("số sổ vàng"), max_length=50)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["decision", "gold_book_number"]
        constraints = [
            # One achievement (this movement, this nominee) is awarded once.
            models.UniqueConstraint(
                fields=["movement", "unit", "person_name"], name="award_once_per_achievement"
            ),
            models.CheckConstraint(condition=Q(prize_amount__gte=0), name="award_prize_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.decision.number}: {self.nomination}"
