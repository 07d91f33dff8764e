"""Forms of the movement pages: the movement and its checklist, a registration, evidence and
its assessment. They read what the user typed; the rules are the services' own."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from giaingan.capital.forms import DayField, YearField
from giaingan.emulation.evaluation import AUTOMATIC_KEYS, automatic_criteria
from giaingan.emulation.models import Category, Criterion, CriterionKind, Movement
from giaingan.emulation.services import (
    DEFAULT_AWARD_FORM,
    EVIDENCE_SUFFIXES,
    MOVEMENT_FIELDS,
    CategoryInput,
    CriterionInput,
    MovementInput,
    evidence_file_problem,
)
from giaingan.lib.money import DecimalError, parse_decimal
from giaingan.lib.text import strip_diacritics
from giaingan.org.choices import VietnameseModelChoiceField
from giaingan.org.models import UnitKind

MAX_CRITERIA = 200
BLANK_ROWS = 5
AUTOMATIC_KEYS_LIST = "automatic-keys"

# The group a unit most likely registers in, from what it is.
CATEGORY_OF_KIND = {
    UnitKind.COMMUNE: Category.COMMUNE,
    UnitKind.PROJECT_BOARD: Category.INVESTOR,
    UnitKind.OFFICE: Category.OFFICE,
    UnitKind.ORGANISATION: Category.ORGANISATION,
    UnitKind.CONTRACTOR: Category.CONTRACTOR,
}


def _required_messages(form: forms.Form) -> None:
    for field in form.fields.values():
        field.error_messages["required"] = _("Chưa nhập.")


class PercentField(forms.CharField):
    """A percentage written 100, 99,5 or 99.5."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.widget.attrs.update({"maxlength": "10", "inputmode": "decimal"})

    def to_python(self, value: Any) -> Decimal | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > 10:
            raise ValidationError(_("Không phải tỷ lệ phần trăm, ví dụ 100 hoặc 99,5."))
        try:
            return parse_decimal(text)
        except DecimalError:
            raise ValidationError(_("Không phải tỷ lệ phần trăm, ví dụ 100 hoặc 99,5.")) from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value.normalize():f}".replace(".", ",")
        return value


class MovementForm(forms.Form):
    """The movement's own fields, named as in the movement file."""

    code = forms.CharField(
        label=_("Mã phong trào"),
        max_length=30,
        help_text=_("Ví dụ DTC-2025: chữ không dấu, chữ số, dấu «-»; không đổi được sau khi tạo."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    name = forms.CharField(label=_("Tên phong trào"), max_length=500)
    plan_number = forms.CharField(
        label=_("Số kế hoạch phát động"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ 273/KH-UBND"),
    )
    plan_date = DayField(label=_("Ngày kế hoạch"), required=False, help_text=_("dd/mm/yyyy"))
    plan_year = YearField(label=_("Năm kế hoạch vốn được đánh giá"))
    starts_on = DayField(label=_("Từ ngày"), help_text=_("dd/mm/yyyy"))
    ends_on = DayField(label=_("Đến ngày"), help_text=_("dd/mm/yyyy"))
    deadline = DayField(
        label=_("Hạn hoàn thành"),
        required=False,
        help_text=_("Cho tiêu chí «hoàn thành trước thời hạn»; để trống là ngày kết thúc."),
    )
    award_form = forms.CharField(
        label=_("Hình thức khen thưởng"), max_length=255, initial=DEFAULT_AWARD_FORM
    )
    review_below_percent = PercentField(
        label=_("Kiểm điểm khi tỷ lệ giải ngân dưới (%)"), initial=Decimal("100")
    )
    plan_text = forms.CharField(
        label=_("Toàn văn kế hoạch phát động"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _required_messages(self)
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Mã phong trào không đổi được.")

    @staticmethod
    def initial_for(movement: Movement) -> dict[str, Any]:
        return {name: getattr(movement, name) for name in ("code", *MOVEMENT_FIELDS)}


class CriterionRowForm(forms.Form):
    """One line of a checklist. A blank line is left out; a line ticked «Bỏ» is removed."""

    category = forms.ChoiceField(
        label=_("Nhóm đối tượng"),
        choices=[("", _("— chọn nhóm —")), *Category.choices],
        required=False,
    )
    label = forms.CharField(label=_("Tiêu chí"), max_length=500, required=False)
    kind = forms.ChoiceField(
        label=_("Cách đánh giá"),
        choices=CriterionKind.choices,
        initial=CriterionKind.MANUAL,
        required=False,
    )
    key = forms.CharField(
        label=_("Mã tiêu chí"),
        max_length=60,
        required=False,
        widget=forms.TextInput(
            attrs={"list": AUTOMATIC_KEYS_LIST, "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    required = forms.BooleanField(label=_("Bắt buộc"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.is_blank(data):
            return data
        if not data.get("category") and "category" not in self.errors:
            self.add_error("category", _("Chưa chọn nhóm đối tượng."))
        kind = data.get("kind") or CriterionKind.MANUAL
        data["kind"] = kind
        key = (data.get("key") or "").strip()
        label = (data.get("label") or "").strip()
        if kind == CriterionKind.AUTOMATIC:
            if not key:
                self.add_error(
                    "key",
                    _("Tiêu chí tự động: ghi một trong các mã %(keys)s.")
                    % {"keys": ", ".join(AUTOMATIC_KEYS)},
                )
            elif not label and key in AUTOMATIC_KEYS:
                label = automatic_criteria()[key]
        if not label and "label" not in self.errors:
            self.add_error("label", _("Chưa nhập nội dung tiêu chí."))
        data["key"], data["label"] = key, label
        return data

    @staticmethod
    def is_blank(data: dict[str, Any]) -> bool:
        return not any((data.get(name) or "").strip() for name in ("category", "label", "key"))


class BaseCriterionFormSet(forms.BaseFormSet):
    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        """(form index, cleaned data) of the lines kept, in order."""
        kept = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", None)
            if data and not CriterionRowForm.is_blank(data):
                kept.append((index, data))
        return kept


def criterion_formset(*, data: Any = None, initial: list[dict] | None = None):
    formset_class = forms.formset_factory(
        CriterionRowForm,
        formset=BaseCriterionFormSet,
        extra=BLANK_ROWS,
        can_delete=True,
        can_delete_extra=False,
        max_num=MAX_CRITERIA,
        absolute_max=MAX_CRITERIA,
        validate_max=True,
    )
    # Every line is checked as a whole in `clean` (a blank one is left out), so none is
    # "empty permitted": that would skip the check of a line left as it was shown.
    return formset_class(
        data=data, initial=initial, prefix="criteria", form_kwargs={"empty_permitted": False}
    )


def criteria_initial(movement: Movement | None) -> list[dict[str, Any]]:
    """The lines shown: the movement's checklist, or for a new one the automatic criteria
    of investors and communes (the seed plan's collective standard)."""
    if movement is not None:
        return [
            {
                "category": row.category,
                "label": row.label,
                "kind": row.kind,
                "key": row.key,
                "required": row.required,
            }
            for row in Criterion.objects.filter(movement=movement).order_by(
                "category", "order", "key"
            )
        ]
    labels = automatic_criteria()
    return [
        {"category": category, "label": label, "kind": CriterionKind.AUTOMATIC, "key": key}
        for category in (Category.INVESTOR, Category.COMMUNE)
        for key, label in labels.items()
    ]


def criterion_key(label: str, taken: set[str]) -> str:
    """A key made from a label: "Nộp đủ thuế" -> "nop_du_thue", unique among `taken`."""
    base = re.sub(r"[^a-z0-9]+", "_", strip_diacritics(label).lower()).strip("_")[:50]
    base = base.strip("_") or "tieu_chi"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def movement_input(form: MovementForm, rows: list[tuple[int, dict[str, Any]]]):
    """The service's input from the forms, and where each criterion came from: for path
    `categories[i].criteria[j]` the form index of that line."""
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, data in rows:
        groups.setdefault(data["category"], []).append((index, data))
    categories, places = [], {}
    for position, (category, lines) in enumerate(groups.items()):
        taken = {data["key"] for _, data in lines if data["key"]}
        criteria = []
        for number, (index, data) in enumerate(lines):
            key = data["key"] or criterion_key(data["label"], taken)
            taken.add(key)
            criteria.append(
                CriterionInput(
                    key=key, label=data["label"], kind=data["kind"], required=data["required"]
                )
            )
            places[(position, number)] = index
        categories.append(CategoryInput(category=category, criteria=criteria))
    cleaned = form.cleaned_data
    data = MovementInput(
        code=cleaned["code"].strip(),
        name=cleaned["name"],
        plan_number=cleaned.get("plan_number") or "",
        plan_date=cleaned.get("plan_date"),
        plan_year=cleaned["plan_year"],
        starts_on=cleaned["starts_on"],
        ends_on=cleaned["ends_on"],
        deadline=cleaned.get("deadline"),
        award_form=cleaned["award_form"],
        review_below_percent=cleaned["review_below_percent"],
        plan_text=(cleaned.get("plan_text") or "").replace("\r\n", "\n"),
        categories=categories,
    )
    return data, places


class RegistrationForm(forms.Form):
    unit = VietnameseModelChoiceField(
        label=_("Đơn vị đăng ký"),
        queryset=None,
        empty_label=_("— chọn đơn vị —"),
        error_messages={"invalid_choice": _("Bạn không đăng ký được cho đơn vị này.")},
    )
    category = forms.ChoiceField(
        label=_("Nhóm đối tượng"), choices=[("", _("— chọn nhóm —")), *Category.choices]
    )
    pledge = forms.CharField(
        label=_("Nội dung đăng ký thi đua"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ví dụ: giải ngân 100% kế hoạch vốn được giao trước ngày 31/12."),
    )
    person_name = forms.CharField(
        label=_("Họ và tên (chỉ với cá nhân)"),
        required=False,
        max_length=255,
        help_text=_(
            "Cá nhân đăng ký cùng đơn vị công tác, được xét trên số liệu đơn vị phụ trách."
        ),
    )
    person_position = forms.CharField(label=_("Chức vụ"), required=False, max_length=255)

    def __init__(self, *args: Any, units, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        _required_messages(self)


class EvidenceForm(forms.Form):
    criterion = forms.ModelChoiceField(
        label=_("Tiêu chí"),
        queryset=None,
        empty_label=_("— chọn tiêu chí —"),
        error_messages={"invalid_choice": _("Tiêu chí này không nhận minh chứng của đơn vị.")},
    )
    note = forms.CharField(
        label=_("Nội dung minh chứng"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tóm tắt: sáng kiến, giải pháp, văn bản xác nhận (số, ngày, nơi cấp)."),
    )
    file = forms.FileField(
        label=_("Tệp đính kèm (không bắt buộc)"),
        required=False,
        help_text=_("PDF, Word (.docx), Excel (.xlsx) hoặc ảnh (.jpg, .png), tối đa 5 MB."),
        error_messages={
            "empty": _("Tệp rỗng (0 byte)."),
            "invalid": _("Không nhận được tệp: hãy chọn lại."),
            "missing": _("Không nhận được tệp: hãy chọn lại."),
        },
    )

    def __init__(self, *args: Any, criteria, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria
        self.fields["criterion"].label_from_instance = lambda criterion: criterion.label
        self.fields["file"].widget.attrs["accept"] = ",".join(EVIDENCE_SUFFIXES)
        _required_messages(self)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            reason = evidence_file_problem(upload.name, upload.size, upload)
            if reason:
                raise ValidationError(reason[0].upper() + reason[1:] + ".")
        return upload


class AssessmentForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Công nhận")), ("refuse", _("Không công nhận"))]
    )
    note = forms.CharField(label=_("Ý kiến thẩm định"), max_length=500, required=False)


class ResponsibilityForm(forms.Form):
    """The projects a registered person answers for (dự án được giao phụ trách)."""

    projects = forms.ModelMultipleChoiceField(
        label=_("Dự án cá nhân phụ trách"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Cá nhân được xét trên số liệu các dự án này; bỏ trống thì xét trên số liệu "
            "của đơn vị công tác."
        ),
        error_messages={
            "invalid_choice": _("Dự án «%(value)s» không thuộc danh sách được chọn."),
            "invalid_pk_value": _("«%(pk)s» không phải là một dự án."),
        },
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        self.fields["projects"].label_from_instance = lambda p: f"{p.code} - {p.name}"
