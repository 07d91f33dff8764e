"""The forms of the reports: which report, as of which date; the text blocks to edit."""

from __future__ import annotations

from django import forms

from giaingan.capital.forms import DayField
from giaingan.figures.selectors import BASE_LABELS, Base
from giaingan.reporting.content import TEXT_BLOCKS, TEXT_LIMIT, ReportRequest
from giaingan.reporting.periods import TREASURY_KINDS, ReportKind


class RequestForm(forms.Form):
    """The report's kind, its date and the base of its rates (read from the address)."""

    kind = forms.ChoiceField(label="Loại báo cáo", choices=ReportKind.choices)
    as_of = DayField(label="Số liệu tính đến ngày")
    base = forms.ChoiceField(
        label="Cơ sở tính tỷ lệ",
        choices=[(base.value, BASE_LABELS[base]) for base in Base],
        initial=Base.ASSIGNED.value,
        required=False,
    )

    def __init__(self, *args, treasury: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if treasury:
            self.fields["kind"].choices = [(kind.value, kind.label) for kind in TREASURY_KINDS]

    def request(self) -> ReportRequest:
        data = self.cleaned_data
        return ReportRequest(
            kind=ReportKind(data["kind"]),
            as_of=data["as_of"],
            base=Base(data.get("base") or Base.ASSIGNED),
        )


class TextsForm(forms.Form):
    """The text blocks, pre-filled from the figures, and the signer's name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in TEXT_BLOCKS.items():
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=TEXT_LIMIT,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.fields["signer_name"] = forms.CharField(
            label="Người ký (họ và tên)", max_length=200, required=False
        )

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in TEXT_BLOCKS}
