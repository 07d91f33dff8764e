"""The entry forms read dates and amounts as the importers do: `20-03-2024` and
`20.03.2024` are 20 March; `100,000,000` is refused saying what to type."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from giaingan.capital.models import PlanEntry, TreasuryLine
from tests.capital.entry_helpers import LINE_NEW, PLAN_NEW, ledger_size, line_form, plan_form
from tests.conftest import make_project, plan


@pytest.fixture
def project(district):
    project = make_project("DA1", district["board"], district["tandoan"])
    plan(project, 1_000_000_000)
    return project


@pytest.mark.parametrize("typed", ["20-03-2024", "20.03.2024", "20/3/2024", "2024-03-20"])
def test_the_treasury_form_reads_a_date_day_first_whatever_the_mark(client_for, project, typed):
    response = client_for("khobac").post(LINE_NEW, line_form(value_date=typed))
    assert response.status_code == 302
    assert TreasuryLine.objects.get().value_date == dt.date(2024, 3, 20)


def test_the_plan_form_reads_a_dotted_decision_date(client_for, project):
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000")], number="77/QĐ-UBND", date="15.01.2024")
    assert client_for("tckh").post(PLAN_NEW, data).status_code == 302
    assert PlanEntry.objects.get(decision_number="77/QĐ-UBND").decision_date == dt.date(2024, 1, 15)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            "amount",
            "100,000,000",
            "Số tiền có dấu phẩy: theo cách ghi số của Việt Nam dấu phẩy là dấu thập phân, "
            "không dùng để ngăn nghìn (kiểu tiếng Anh), và số tiền là số nguyên đồng. Nếu dấu "
            "phẩy là để ngăn nghìn, hãy ghi 100.000.000 hoặc 100000000.",
        ),
        ("amount", "100.000.000,5", "Số tiền phải là số nguyên đồng, không có phần lẻ."),
        ("recovered_advance", "5,000", "hãy ghi 5.000 hoặc 5000."),
        (
            "value_date",
            "20-03/2024",
            "Không phải ngày (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy hoặc yyyy-mm-dd).",
        ),
    ],
)
def test_the_treasury_form_refuses_saying_why(client_for, project, field, typed, message):
    data = line_form(**{field: typed, "kind": "thanh_toan"})
    response = client_for("khobac").post(LINE_NEW, data)
    assert response.status_code == 200
    [error] = response.context["form"].errors[field]
    assert error.endswith(message)
    assert ledger_size() == (0, 0)


def test_the_plan_form_refuses_english_thousands_on_its_line(client_for, project):
    data = plan_form([("DA1", "NSDP-HUYEN", "2,000,000")], number="78/QĐ-UBND")
    response = client_for("tckh").post(PLAN_NEW, data)
    assert response.status_code == 200
    [error] = response.context["lines"].forms[0].errors["amount"]
    assert error.endswith("hãy ghi 2.000.000 hoặc 2000000.")
    assert not PlanEntry.objects.filter(decision_number="78/QĐ-UBND").exists()


def test_the_project_admin_reads_total_investment_as_every_form_does(client_for, district):
    project = make_project("DA7", district["board"], district["tandoan"])
    admin = client_for("admin")
    page = admin.get(f"/admin/capital/project/{project.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    field = form.fields["total_investment"]
    assert field.clean("1.500.000.000") == 1_500_000_000
    assert field.clean("") is None
    with pytest.raises(ValidationError) as refused:
        field.clean("1,000,000")
    [message] = refused.value.messages
    assert message.endswith("hãy ghi 1.000.000 hoặc 1000000.")
