"""Forms of the month's cycle: a report's own fields, an obstacle, a return's reason."""

from __future__ import annotations

from django import forms

from giaingan.capital.forms import AmountField, DayField, ProjectField
from giaingan.monitoring.models import ObstacleKind, ObstacleStatus
from giaingan.org.models import Unit


class ReportForm(forms.Form):
    work_done_value = AmountField(label="Giá trị khối lượng thực hiện (đồng)", required=False)
    accepted_unpaid_value = AmountField(
        label="Giá trị đã nghiệm thu, chưa thanh toán (đồng)", required=False
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
