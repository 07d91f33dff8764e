"""Forms from acceptance to payment. They read the fields; the services judge the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from giaingan.capital.forms import AmountField, DayField
from giaingan.contracts.models import Acceptance, BreachKind, Measure

TEXTAREA = {"rows": 2}


class ContractorForm(forms.Form):
    tax_code = forms.CharField(label="Mã số thuế", max_length=20)
    name = forms.CharField(label="Tên nhà thầu", max_length=255)


class ContractForm(forms.Form):
    number = forms.CharField(label="Số hợp đồng", max_length=100)
    package = forms.CharField(label="Gói thầu", max_length=500)
    contractor_tax_code = forms.CharField(label="Mã số thuế nhà thầu", max_length=20)
    contractor_name = forms.CharField(
        label="Tên nhà thầu",
        max_length=255,
        required=False,
        help_text="Chỉ cần khi nhà thầu chưa có trong danh bạ.",
    )
    value = AmountField(label="Giá trị hợp đồng (đồng)")
    signed_on = DayField(label="Ngày ký")
    schedule_end = DayField(label="Ngày hoàn thành theo hợp đồng")
    advance_value = AmountField(label="Giá trị tạm ứng theo hợp đồng (đồng)", required=False)
    advance_terms = forms.CharField(label="Điều khoản tạm ứng", max_length=500, required=False)


class AcceptanceForm(forms.Form):
    number = forms.CharField(label="Số biên bản nghiệm thu", max_length=100)
    accepted_on = DayField(label="Ngày nghiệm thu")
    value = AmountField(label="Giá trị nghiệm thu (đồng)")


class DossierForm(forms.Form):
    number = forms.CharField(label="Số hồ sơ", max_length=100)
    amount = AmountField(label="Số tiền đề nghị thanh toán (đồng)")
    sent_on = DayField(label="Ngày gửi Kho bạc")
    acceptances = forms.ModelMultipleChoiceField(
        label="Biên bản nghiệm thu",
        queryset=Acceptance.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Chưa chọn biên bản nghiệm thu nào.",
            "invalid_choice": "Biên bản không thuộc hợp đồng hoặc đã có hồ sơ.",
            "invalid_pk_value": "Biên bản không hợp lệ.",
        },
    )

    def __init__(self, *args: Any, contract: Any, free: list | None = None, **kwargs: Any):
        """`free`: the contract's acceptances in no dossier, already read (a page of many
        contracts reads them all at once): the boxes are drawn from them, no query each.
        The choices are checked against the database whatever `free` says."""
        super().__init__(*args, **kwargs)
        field = self.fields["acceptances"]
        field.queryset = contract.acceptances.filter(dossier__isnull=True).order_by(
            "accepted_on", "id"
        )
        field.label_from_instance = acceptance_label
        if free is not None:
            field.widget.choices = [(a.pk, acceptance_label(a)) for a in free]


def acceptance_label(acceptance: Acceptance) -> str:
    return f"{acceptance.number} ({acceptance.accepted_on:%d/%m/%Y})"


class ReturnForm(forms.Form):
    returned_on = DayField(label="Ngày trả lại")
    reason = forms.CharField(
        label="Lý do trả lại", max_length=1000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class ResendForm(forms.Form):
    resent_on = DayField(label="Ngày gửi lại")


class LinkPaymentForm(forms.Form):
    document_number = forms.CharField(label="Số chứng từ Kho bạc", max_length=100)


class BreachForm(forms.Form):
    kind = forms.ChoiceField(label="Loại vi phạm", choices=BreachKind.choices)
    occurred_on = DayField(label="Ngày vi phạm")
    description = forms.CharField(
        label="Nội dung vi phạm", max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    evidence = forms.FileField(
        label="Tài liệu chứng minh",
        required=False,
        allow_empty_file=True,  # the service names an empty file in its own words
        help_text="pdf, docx, xlsx, jpg, png; tối đa 10 MB",
    )


class ProposalForm(forms.Form):
    measure = forms.ChoiceField(label="Hình thức xử lý đề xuất", choices=Measure.choices)
    proposed_on = DayField(label="Ngày đề xuất")
    reason = forms.CharField(
        label="Lý do, căn cứ", max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class DecisionForm(forms.Form):
    measure = forms.ChoiceField(label="Hình thức xử lý quyết định", choices=Measure.choices)
    decision_number = forms.CharField(label="Số quyết định", max_length=100)
    decided_on = DayField(label="Ngày quyết định")
    note = forms.CharField(
        label="Nội dung quyết định", max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
    )
