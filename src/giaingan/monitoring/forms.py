"""Forms of the month's cycle: a report's own fields, an obstacle, a return's reason."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from giaingan.capital.forms import AmountField, DayField, ProjectField
from giaingan.capital.models import Project
from giaingan.lib.uploads import ATTACHMENT_MAX_BYTES, size_text
from giaingan.monitoring.models import Obstacle, ObstacleKind, ObstacleStatus
from giaingan.org.context import area_level
from giaingan.org.models import Unit, UnitKind


class ReportForm(forms.Form):
    work_done_value = AmountField(label="Giá trị khối lượng thực hiện (đồng)", required=False)
    accepted_unpaid_value = AmountField(
        label="Giá trị đã nghiệm thu, chưa thanh toán (đồng)", required=False
    )
    reported_disbursed = AmountField(
        label="Giá trị đã giải ngân theo sổ sách đơn vị (đồng)",
        required=False,
        help_text="Để đối chiếu với số liệu Kho bạc cùng ngày.",
    )
    progress = forms.CharField(
        label="Tiến độ thực hiện", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    obstacles_text = forms.CharField(
        label="Khó khăn, vướng mắc", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposals = forms.CharField(
        label="Đề xuất, kiến nghị", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Lý do trả lại", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ObstacleForm(forms.Form):
    project = ProjectField(label="Mã dự án")
    kind = forms.ChoiceField(label="Loại vướng mắc", choices=ObstacleKind.choices)
    description = forms.CharField(
        label="Nội dung vướng mắc", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    responsible_unit = forms.ModelChoiceField(
        label="Đơn vị chịu trách nhiệm tháo gỡ",
        queryset=Unit.objects.order_by("code"),
        empty_label="-- chọn đơn vị --",
    )
    opened_on = DayField(label="Ngày phát sinh")
    due_date = DayField(label="Hạn tháo gỡ")


class ObstacleUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=ObstacleStatus.choices)
    resolution = forms.CharField(
        label="Cách tháo gỡ", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cleared_on = DayField(label="Ngày tháo gỡ", required=False)


class BriefingForm(forms.Form):
    held_on = DayField(label="Ngày họp")
    chair = forms.CharField(label="Người chủ trì", max_length=200)
    venue = forms.CharField(label="Địa điểm", max_length=200, required=False)
    attendees = forms.CharField(
        label="Thành phần dự họp",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi dòng một người hoặc một đơn vị.",
        max_length=4000,
    )
    scope_unit = forms.ModelChoiceField(
        label="Phạm vi",
        queryset=Unit.objects.order_by("code"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        """The scope's empty choice and the examples name the area's own level."""
        super().__init__(*args, **kwargs)
        level = area_level()
        scope, chair = self.fields["scope_unit"], self.fields["chair"]
        scope.empty_label = f"Toàn {level}"
        scope.help_text = f"Để trống: toàn {level}; hoặc một chủ đầu tư, một xã."
        chair.help_text = f"Ví dụ: Đồng chí Nguyễn Văn A, Chủ tịch UBND {level}."


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(
        label="Ý kiến kết luận chung",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=8000,
    )


class ActionForm(forms.Form):
    task = forms.CharField(
        label="Nội dung nhiệm vụ", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    responsible_unit = forms.ModelChoiceField(
        label="Đơn vị thực hiện",
        queryset=Unit.objects.order_by("code"),
        empty_label="-- chọn đơn vị --",
    )
    due_date = DayField(label="Thời hạn")
    project = ProjectField(label="Mã dự án (nếu có)", required=False)
    obstacle = forms.ModelChoiceField(
        label="Vướng mắc liên quan (nếu có)",
        queryset=None,
        required=False,
        empty_label="-- không --",
    )

    # Past this many open obstacles a list is too long to choose from: the number is typed.
    LISTED = 200

    def __init__(self, *args, obstacles=None, **kwargs):
        super().__init__(*args, **kwargs)
        from_register = obstacles if obstacles is not None else Obstacle.objects.none()
        field = self.fields["obstacle"]
        field.queryset = from_register
        field.label_from_instance = lambda obstacle: (
            f"{obstacle.project.code}: {obstacle.get_kind_display()} - {obstacle.description[:60]}"
        )
        if from_register.count() > self.LISTED:
            field.widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 8})
            field.label = "Số hiệu vướng mắc liên quan (nếu có)"
            field.help_text = "Số ghi cạnh vướng mắc trong chương trình họp và sổ vướng mắc."
            field.error_messages["invalid_choice"] = (
                "Không có vướng mắc chưa tháo gỡ mang số hiệu này trong phạm vi cuộc họp."
            )


class ActionDoneForm(forms.Form):
    done_on = DayField(label="Ngày hoàn thành")
    done_note = forms.CharField(
        label="Kết quả thực hiện", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Tệp đính kèm",
        help_text="PDF, Word (.docx), Excel (.xlsx) hoặc ảnh (.jpg, .png), tối đa 5 MB.",
    )


class RequestForm(forms.Form):
    subject = forms.CharField(label="Nội dung yêu cầu báo cáo", max_length=255)
    details = forms.CharField(
        label="Yêu cầu cụ thể", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    requested_on = DayField(label="Số liệu tính đến ngày")
    due_date = DayField(label="Hạn báo cáo")
    recipients = forms.ModelMultipleChoiceField(
        label="Đơn vị phải báo cáo",
        # Every investor (a board, a commune, an office that invests) and every commune.
        queryset=Unit.objects.filter(
            Q(kind__in=[UnitKind.COMMUNE, UnitKind.PROJECT_BOARD])
            | Q(pk__in=Project.objects.values("investor_id"))
        ).order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented way): a list, empty when none."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(file, initial) for file in files if file]
        if self.required and not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="Nội dung báo cáo", widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    files = MultipleFileField(
        label="Tệp đính kèm (nếu có)",
        required=False,
        help_text=(
            "Văn bản, biên bản, ảnh hiện trường: PDF, Word (.docx), Excel (.xlsx) hoặc ảnh "
            f"(.jpg, .png), mỗi tệp tối đa {size_text(ATTACHMENT_MAX_BYTES)}; chọn được nhiều tệp."
        ),
    )
