"""Forms of the award pipeline's pages: they read what the user typed, nothing more.

The rules (who may, what is allowed when) live in the services; a form only turns text into
values (dates as dd/mm/yyyy, a unit from a list) and says in Vietnamese what it cannot read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from giaingan.capital.forms import DayField
from giaingan.emulation.models import (
    Category,
    DossierFileKind,
    DossierStatus,
    Nomination,
    ObjectionOutcome,
)
from giaingan.org.choices import VietnameseModelChoiceField
from giaingan.org.models import Unit, UnitKind

REQUIRED = _("Chưa nhập.")
TEXT = {"autocomplete": "off"}


class PipelineForm(forms.Form):
    """Every field says "Chưa nhập." when left empty."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED


class UnitChoiceField(VietnameseModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class DraftForm(PipelineForm):
    as_of = DayField(
        label=_("Số liệu giải ngân đến ngày"),
        help_text=_("Dạng dd/mm/yyyy; mặc định là hạn hoàn thành"),
    )


class NominationAddForm(PipelineForm):
    category = forms.ChoiceField(
        label=_("Nhóm đối tượng"), choices=[("", _("— chọn nhóm —")), *Category.choices]
    )
    unit = UnitChoiceField(
        label=_("Đơn vị (nơi công tác của cá nhân)"),
        queryset=Unit.objects.exclude(kind=UnitKind.COUNCIL).order_by("name"),
        empty_label=_("— chọn đơn vị —"),
        error_messages={"invalid_choice": _("Không có đơn vị này trong danh mục.")},
    )
    person_name = forms.CharField(
        label=_("Họ và tên cá nhân"),
        max_length=255,
        required=False,
        help_text=_("Chỉ ghi khi đề nghị khen cá nhân"),
        widget=forms.TextInput(attrs=TEXT),
    )
    person_position = forms.CharField(
        label=_("Chức vụ"), max_length=255, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    achievement = forms.CharField(
        label=_("Thành tích"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    women_priority = forms.BooleanField(
        label=_("Nữ, hoặc tập thể có từ 70% nữ (được ưu tiên khi cùng thành tích)"), required=False
    )


class NominationUpdateForm(PipelineForm):
    achievement = forms.CharField(
        label=_("Thành tích"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    women_priority = forms.BooleanField(label=_("Nữ, hoặc tập thể có từ 70% nữ"), required=False)

    @classmethod
    def for_nomination(cls, nomination: Nomination, prefix: str) -> NominationUpdateForm:
        return cls(
            initial={
                "achievement": nomination.achievement,
                "women_priority": nomination.women_priority,
            },
            prefix=prefix,
        )


class SubmitForm(PipelineForm):
    number = forms.CharField(
        label=_("Số tờ trình"),
        max_length=100,
        help_text=_("Ví dụ: 12/TTr-TCKH"),
        widget=forms.TextInput(attrs={**TEXT, "spellcheck": "false"}),
    )
    submitted_on = DayField(label=_("Ngày trình"), help_text=_("Dạng dd/mm/yyyy"))


class StepForm(PipelineForm):
    to_status = forms.ChoiceField(
        label=_("Chuyển sang"),
        choices=DossierStatus.choices,
        error_messages={"invalid_choice": _("Bước chuyển không có trong quy trình.")},
    )
    reason = forms.CharField(
        label=_("Lý do"), max_length=2000, required=False, widget=forms.TextInput(attrs=TEXT)
    )


class BulkStepForm(StepForm):
    dossiers = forms.TypedMultipleChoiceField(
        label=_("Hồ sơ"),
        coerce=int,
        error_messages={"required": _("Chưa chọn hồ sơ nào.")},
    )

    def __init__(self, *args: Any, dossier_ids: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["dossiers"]
        field.choices = [(str(pk), str(pk)) for pk in dossier_ids]
        field.error_messages["required"] = _("Chưa chọn hồ sơ nào.")
        field.error_messages["invalid_choice"] = _("Hồ sơ không có trong tờ trình này.")


class DossierFileForm(PipelineForm):
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"), choices=[("", _("— chọn loại —")), *DossierFileKind.choices]
    )
    file = forms.FileField(
        label=_("Tệp"),
        help_text=_("pdf, doc, docx, xls, xlsx, jpg, png; tối đa 5 MB"),
        allow_empty_file=True,  # the service names an empty file in its own words
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = _("Chưa chọn tệp.")


class SessionOpenForm(PipelineForm):
    council = VietnameseModelChoiceField(
        label=_("Hội đồng"),
        queryset=Unit.objects.filter(kind=UnitKind.COUNCIL).order_by("name"),
        empty_label=_("— chọn hội đồng —"),
        error_messages={"invalid_choice": _("Không có hội đồng này.")},
    )
    held_on = DayField(label=_("Ngày họp"), help_text=_("Dạng dd/mm/yyyy"))
    held_time = forms.TimeField(
        label=_("Giờ họp"),
        input_formats=["%H:%M", "%Hh%M", "%H:%M:%S"],
        help_text=_("Dạng giờ:phút, ví dụ 08:30"),
        error_messages={"invalid": _("Không phải giờ (giờ:phút, ví dụ 08:30).")},
        widget=forms.TimeInput(format="%H:%M", attrs={**TEXT, "placeholder": "08:30"}),
    )
    venue = forms.CharField(label=_("Địa điểm"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    chair_name = forms.CharField(
        label=_("Chủ trì"), max_length=255, widget=forms.TextInput(attrs=TEXT)
    )
    secretary_name = forms.CharField(
        label=_("Thư ký"), max_length=255, widget=forms.TextInput(attrs=TEXT)
    )


# The roll call: one radio group per member of the chosen council.
PRESENT, WRITTEN, ABSENT = "co_mat", "van_ban", "vang"
ROLL_CALL = [
    (PRESENT, _("Có mặt")),
    (WRITTEN, _("Vắng, có ý kiến bằng văn bản")),
    (ABSENT, _("Vắng")),
]


class PostingForm(PipelineForm):
    posted_on = DayField(label=_("Ngày niêm yết"), help_text=_("Dạng dd/mm/yyyy"))
    past_place = forms.CharField(
        label=_("Nơi đã niêm yết"),
        max_length=255,
        required=False,
        help_text=_("Chỉ ghi khi danh sách đã được niêm yết từ trước hôm nay"),
        widget=forms.TextInput(attrs=TEXT),
    )


FOUNDED = {"co": True, "khong": False}


class ObjectionAnswerForm(PipelineForm):
    answer = forms.CharField(
        label=_("Trả lời"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    founded = forms.ChoiceField(
        label=_("Kết luận"),
        choices=[("khong", _("Phản ánh không có cơ sở")), ("co", _("Phản ánh có cơ sở"))],
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("Xử lý hồ sơ (khi phản ánh có cơ sở)"),
        choices=[("", _("— chọn —")), *ObjectionOutcome.choices],
        required=False,
    )
    nomination = forms.TypedChoiceField(
        label=_("Hồ sơ bị phản ánh"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, dossiers: list[Nomination] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [
            ("", _("— hồ sơ người gửi đã chọn —")),
            *((n.pk, n.nominee) for n in dossiers),
        ]


class DecisionForm(PipelineForm):
    number = forms.CharField(
        label=_("Số quyết định"),
        max_length=100,
        help_text=_("Ví dụ: 25/QĐ-UBND"),
        widget=forms.TextInput(attrs={**TEXT, "spellcheck": "false"}),
    )
    decided_on = DayField(label=_("Ngày quyết định"), help_text=_("Dạng dd/mm/yyyy"))


def day_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
