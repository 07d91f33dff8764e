"""Entry forms for the ledger: a plan decision with its lines, a treasury line.

The forms only read what the user typed (amounts, dates, codes) with the same parsers as the
importers; the ledger's rules are checked by the services the importers use too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from giaingan.capital.ledger import line_shape_problems
from giaingan.capital.models import FundingSource, LineKind, PlanKind, Project
from giaingan.lib.dates import NOT_A_DATE, DateError, parse_date
from giaingan.lib.money import NOT_AN_AMOUNT, AmountError, parse_amount
from giaingan.lib.text import vietnamese_sorted
from giaingan.org.choices import VietnameseModelChoiceField
from giaingan.org.models import Unit, UnitKind

MAX_PLAN_LINES = 200
MORE_LINES = 5
PROJECT_LIST_ID = "project-codes"


class ParsedTextField(forms.CharField):
    """Text read into a value by a parser: its length is checked before parsing."""

    limit = 100

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", str(self.limit))

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if len(text) > self.limit:
            raise ValidationError(
                _("Dài quá %(limit)s ký tự."), code="too_long", params={"limit": self.limit}
            )
        return text


class AmountField(ParsedTextField):
    """Whole đồng, written `1234567` or `1.234.567` (negative where the form allows it)."""

    limit = 30

    def __init__(self, *, signed: bool = False, **kwargs: Any):
        attrs = {"autocomplete": "off", "class": "amount", "spellcheck": "false"}
        if not signed:
            # A phone's numeric keypad has no minus sign: offer it only where none is needed.
            attrs["inputmode"] = "numeric"
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_amount(text)
        except AmountError as error:
            raise ValidationError(capfirst(str(error)) + ".", code="amount") from None
        except ValueError:
            # parse_amount lets a few odd digits through to int() (superscripts, "¹").
            raise ValidationError(capfirst(NOT_AN_AMOUNT) + ".", code="amount") from None


class DayField(ParsedTextField):
    """A date as Vietnamese users write it: dd/mm/yyyy (or dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd)."""

    limit = 20

    def __init__(self, **kwargs: Any):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "class": "day"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_date(text)
        except DateError as error:
            raise ValidationError(capfirst(str(error)) + ".", code="date") from None
        except (ValueError, OverflowError):
            raise ValidationError(capfirst(NOT_A_DATE) + ".", code="date") from None

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value


class YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any):
        message = _("Năm kế hoạch phải là một năm từ 1990 đến 2100.")
        kwargs.setdefault(
            "error_messages",
            {"invalid": message, "min_value": message, "max_value": message},
        )
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(min_value=1990, max_value=2100, **kwargs)


class ProjectField(ParsedTextField):
    """A project typed by its code, with the catalogue offered as a datalist."""

    limit = 600

    def __init__(self, **kwargs: Any):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"list": PROJECT_LIST_ID, "autocomplete": "off", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Project | None:
        if isinstance(value, Project):
            return value
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        candidates = [text]
        code, separator, _name = text.partition(" - ")
        if separator:
            candidates.append(code.strip())  # "DA1 - Dự án ...", as the list shows it
        for candidate in candidates:
            project = Project.objects.filter(code=candidate).first()
            if project is not None:
                return project
        raise ValidationError(
            _("Không có dự án mang mã «%(code)s» trong danh mục."),
            code="unknown_project",
            params={"code": text[:60]},
        )

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, Project) else value


class SourceField(forms.ChoiceField):
    """A funding source from the catalogue, chosen by its code."""

    def __init__(self, *, sources: list[FundingSource], **kwargs: Any):
        self.by_code = {source.code: source for source in sources}
        choices = [("", _("— chọn nguồn vốn —"))]
        choices += [(source.code, f"{source.code} - {source.name}") for source in sources]
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Không có nguồn vốn này trong danh mục.")},
        )
        super().__init__(choices=choices, **kwargs)

    def clean(self, value: Any) -> FundingSource | None:
        code = super().clean(value)
        return self.by_code.get(code) if code else None


def funding_sources() -> list[FundingSource]:
    return vietnamese_sorted(FundingSource.objects.all(), name=lambda source: source.code)


class PlanDecisionForm(forms.Form):
    """The decision itself: number, date, kind and plan year, shared by all its lines."""

    decision_number = forms.CharField(
        label=_("Số quyết định"),
        max_length=100,
        help_text=_("Ví dụ: 1250/QĐ-UBND"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    decision_date = DayField(label=_("Ngày quyết định"), help_text=_("Dạng dd/mm/yyyy"))
    kind = forms.ChoiceField(
        label=_("Loại quyết định"),
        choices=[("", _("— chọn loại —")), *PlanKind.choices],
        help_text=_(
            "Điều chỉnh, điều chuyển: số tiền âm là giảm. Điều chuyển phải cân bằng "
            "(tổng bằng 0) trong từng nguồn vốn."
        ),
    )
    plan_year = YearField(
        label=_("Năm kế hoạch"),
        help_text=_("Vốn kéo dài: ghi năm của kế hoạch được kéo dài (năm trước)."),
    )

    def __init__(self, *args: Any, issuer: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["issuer"] = issuer_field(issuer)
        self.order_fields(["issuer", "decision_number", "decision_date", "kind", "plan_year"])
        for field in self.fields.values():
            field.error_messages["required"] = _("Chưa nhập.")


def issuer_field(default: int | None) -> forms.ModelChoiceField:
    """The people's committee that issued the decision: the user's (or the district's) by
    default, fixed when the catalogue has only one."""
    committees = Unit.objects.filter(kind=UnitKind.COMMITTEE)
    field = VietnameseModelChoiceField(
        queryset=committees,
        to_field_name="code",
        label=_("Cơ quan ban hành"),
        empty_label=_("— chọn cơ quan —"),
        help_text=_("Cùng số quyết định của hai cơ quan là hai quyết định khác nhau."),
    )
    field.label_from_instance = lambda unit: f"{unit.code} - {unit.name}"
    choices = list(committees[:2])
    if default is not None:
        field.initial = Unit.objects.filter(pk=default).values_list("code", flat=True).first()
    if len(choices) == 1:
        field.initial = choices[0].code
        field.disabled = True
        field.empty_label = None
    return field


class PlanLineForm(forms.Form):
    """One line of the decision: a project's amount from one source."""

    project = ProjectField(label=_("Mã dự án"))
    source = forms.ChoiceField(label=_("Nguồn vốn"))  # replaced in __init__
    amount = AmountField(label=_("Số tiền (đồng)"), signed=True)
    note = forms.CharField(
        label=_("Ghi chú"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, sources: list[FundingSource], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["source"] = SourceField(label=_("Nguồn vốn"), sources=sources)
        for field in self.fields.values():
            field.error_messages["required"] = _("Chưa nhập.")


class BasePlanLineFormSet(forms.BaseFormSet):
    """Lines of one decision; blank lines are left out, at least one is needed."""

    def initial_form_count(self) -> int:
        # Every line may stay blank, including those re-shown with the user's input.
        return 0

    def clean(self) -> None:
        if any(self.errors):
            return
        filled = self.filled_forms()
        if not filled:
            raise ValidationError(
                _("Quyết định phải có ít nhất một dòng (dự án, nguồn vốn, số tiền)."),
                code="no_lines",
            )
        seen: dict[tuple[int, int], int] = {}
        for form in filled:
            key = (form.cleaned_data["project"].pk, form.cleaned_data["source"].pk)
            if key in seen:
                form.add_error(
                    "project",
                    _("Trùng dự án và nguồn vốn với dòng %(line)s: gộp thành một dòng.")
                    % {"line": seen[key]},
                )
            else:
                seen[key] = self.forms.index(form) + 1

    def filled_forms(self) -> list[PlanLineForm]:
        return [form for form in self.forms if form.has_changed() and form.is_valid()]


def plan_line_formset(
    *, data: Any = None, initial: list[dict] | None = None, blank: int = MORE_LINES
) -> BasePlanLineFormSet:
    """The lines: the user's lines (re-shown), then `blank` empty ones."""
    formset_class = forms.formset_factory(
        PlanLineForm,
        formset=BasePlanLineFormSet,
        extra=len(initial or []) + blank,
        max_num=MAX_PLAN_LINES,
        absolute_max=MAX_PLAN_LINES,
        validate_max=True,
    )
    formset = formset_class(
        data=data, initial=initial, prefix="lines", form_kwargs={"sources": funding_sources()}
    )
    return formset


def raw_values(form: forms.Form) -> dict[str, Any]:
    """What the user typed in a bound form, to show it again in an unbound one."""
    return {name: form[name].value() for name in form.fields}


class TreasuryLineForm(forms.Form):
    """One treasury document, or a correction of one (negative, naming the original)."""

    document_number = forms.CharField(
        label=_("Số chứng từ"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    value_date = DayField(label=_("Ngày chứng từ"), help_text=_("Dạng dd/mm/yyyy"))
    project = ProjectField(label=_("Mã dự án"))
    source = forms.ChoiceField(label=_("Nguồn vốn"))  # replaced in __init__
    plan_year = YearField(label=_("Năm kế hoạch"), help_text=_("Năm kế hoạch vốn được chi"))
    kind = forms.ChoiceField(label=_("Loại"), choices=[("", _("— chọn loại —")), *LineKind.choices])
    amount = AmountField(
        label=_("Số tiền (đồng)"),
        signed=True,
        help_text=_("Ví dụ 1.234.567. Chứng từ điều chỉnh: số âm."),
    )
    recovered_advance = AmountField(
        label=_("Thu hồi tạm ứng (đồng)"),
        signed=True,
        required=False,
        help_text=_("Chỉ với thanh toán; để trống nếu không thu hồi."),
    )
    reverses_number = forms.CharField(
        label=_("Chứng từ gốc (nếu là điều chỉnh)"),
        max_length=100,
        required=False,
        help_text=_("Số chứng từ được điều chỉnh; khi đó số tiền là số âm."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(
        self,
        *args: Any,
        sources: list[FundingSource],
        treasuries: QuerySet[Unit],
        treasury: Unit | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["source"] = SourceField(label=_("Nguồn vốn"), sources=sources)
        self.fields["treasury"] = treasury_field(treasuries, treasury)
        # Keep the fields in the order of the treasury's statement (its kho_bac last).
        self.order_fields(
            [
                "treasury",
                "document_number",
                "value_date",
                "project",
                "source",
                "plan_year",
                "kind",
                "amount",
                "recovered_advance",
                "reverses_number",
            ]
        )
        for field in self.fields.values():
            field.error_messages["required"] = _("Chưa nhập.")
        if not self.fields["treasury"].queryset.exists():
            self.fields["treasury"].error_messages["required"] = _(
                "Bạn không được ghi chứng từ của Kho bạc nào (danh mục chưa có Kho bạc, hoặc "
                "tài khoản không thuộc Kho bạc nào)."
            )

    def clean(self) -> dict[str, Any]:
        """The checks the treasury importer makes on one row before the ledger's rules."""
        data = super().clean()
        number = data.get("document_number")
        kind = data.get("kind")
        amount = data.get("amount")
        recovered = data.get("recovered_advance")
        if recovered is None and "recovered_advance" not in self.errors:
            recovered = data["recovered_advance"] = 0
        original = data.get("reverses_number", "")
        fields = {
            "so_tien": "amount",
            "thu_hoi_tam_ung": "recovered_advance",
            "chung_tu_goc": "reverses_number",
        }
        for column, reason in line_shape_problems(
            number=number or "", kind=kind, amount=amount, recovered=recovered, original=original
        ):
            if fields[column] not in self.errors:
                self.add_error(fields[column], reason[0].upper() + reason[1:] + ".")
        return data


def treasury_field(treasuries: QuerySet[Unit], fixed: Unit | None) -> forms.ModelChoiceField:
    """The treasury that issued the document, among those the user may record for: fixed
    (shown, not editable) when there is one choice, or for a correction (its original's).
    A fixed field takes its initial value whatever is posted."""
    if fixed is not None:
        treasuries = treasuries.filter(pk=fixed.pk)
    choices = list(treasuries[:2])
    field = VietnameseModelChoiceField(
        queryset=treasuries,
        to_field_name="code",
        label=_("Kho bạc"),
        empty_label=_("— chọn Kho bạc —"),
        help_text=_("Kho bạc phát hành chứng từ; mỗi Kho bạc đánh số chứng từ riêng."),
    )
    field.label_from_instance = lambda unit: f"{unit.code} - {unit.name}"
    if len(choices) == 1:
        field.initial = choices[0].code
        field.disabled = True
        field.empty_label = None
    return field


def error_summary(form: forms.Form, line: int | None = None) -> list[tuple[str, str]]:
    """(anchor, message) for each field error of `form`, to list above the form."""
    found = []
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            anchor, place = "", ""
        else:
            anchor, place = f"#{form[name].auto_id}", str(form.fields[name].label)
        if line is not None:
            place = f"Dòng {line}" + (f", {place.lower()}" if place else "")
        for error in errors:
            found.append((anchor, f"{place}: {error}" if place else str(error)))
    return found
