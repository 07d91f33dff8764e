"""Forms of "Điều chuyển vốn": a need, a proposal's number, its moves, the approval."""

from __future__ import annotations

from typing import Any

from django import forms

from giaingan.capital.forms import AmountField, DayField, ProjectField, SourceField, YearField
from giaingan.capital.models import FundingSource


class NeedForm(forms.Form):
    project = ProjectField(label="Mã dự án")
    plan_year = YearField(label="Năm kế hoạch")
    amount = AmountField(label="Số vốn cần thêm (đồng)")
    reason = forms.CharField(
        label="Lý do, khả năng giải ngân", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    can_finish_first = forms.BooleanField(label="Có khả năng hoàn thành trước", required=False)

    def __init__(self, *args: Any, sources: list[FundingSource], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["source"] = SourceField(label="Nguồn vốn", sources=sources)
        self.order_fields(["project", "source", "plan_year", "amount", "reason"])


class ProposalForm(forms.Form):
    number = forms.CharField(label="Số tờ trình", max_length=100)


class MoveForm(forms.Form):
    giver = ProjectField(label="Từ dự án")
    taker = ProjectField(label="Đến dự án")
    amount = AmountField(label="Số tiền (đồng)")
    reason = forms.CharField(label="Lý do", max_length=2000, required=False)

    def __init__(self, *args: Any, sources: list[FundingSource], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["source"] = SourceField(label="Nguồn vốn", sources=sources)
        # A row of a table: codes only, short boxes (the sources' names are on the advisor).
        self.fields["source"].choices = [("", "— nguồn —")] + [
            (source.code, source.code) for source in sources
        ]
        for name, size in (("giver", 10), ("taker", 10), ("amount", 15), ("reason", 40)):
            self.fields[name].widget.attrs["size"] = size
        self.order_fields(["giver", "taker", "source", "amount", "reason"])
        # The moves are a table's rows: each field is named for screen readers.
        index = (self.prefix or "").rsplit("-", 1)[-1]
        row = str(int(index) + 1) if index.isdigit() else "mới"
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label}, dòng {row}"


MoveFormSet = forms.formset_factory(MoveForm, extra=2, can_delete=True)


class ApproveForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định điều chuyển", max_length=100)
    decision_date = DayField(label="Ngày quyết định")
