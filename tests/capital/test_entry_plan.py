"""The plan-decision form records through the same service and rules as the importer."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.audit.models import Event
from giaingan.capital.models import PlanEntry, PlanKind
from tests.capital.entry_helpers import PLAN_NEW, errors_of, ledger_size, plan_form
from tests.conftest import make_project, plan


@pytest.fixture
def projects(district):
    return {
        code: make_project(code, district["board"], district["tandoan"])
        for code in ("DA1", "DA2", "DA3")
    }


@pytest.fixture
def tckh(client_for):
    return client_for("tckh")


def test_it_records_a_decision_with_three_lines(tckh, people, projects):
    data = plan_form(
        [
            ("DA1", "NSDP-HUYEN", "1.000.000.000", "Khởi công mới"),
            ("DA2", "NSDP-HUYEN", "500000000"),
            ("DA3", "NSTW", " 2.500.000 "),
        ]
    )
    response = tckh.post(PLAN_NEW, data, follow=True)
    assert response.redirect_chain[-1][0] == "/so-von/quyet-dinh/UBND/1250/Q%C4%90-UBND/"
    entries = PlanEntry.objects.order_by("id")
    assert [(e.project.code, e.source.code, e.amount) for e in entries] == [
        ("DA1", "NSDP-HUYEN", 1_000_000_000),
        ("DA2", "NSDP-HUYEN", 500_000_000),
        ("DA3", "NSTW", 2_500_000),
    ]
    assert {e.decision_number for e in entries} == {"1250/QĐ-UBND"}
    assert {e.decision_date for e in entries} == {dt.date(2024, 1, 15)}
    assert {e.kind for e in entries} == {PlanKind.INITIAL}
    assert {e.plan_year for e in entries} == {2024}
    assert {e.created_by for e in entries} == {people["tckh"]}
    assert entries[0].note == "Khởi công mới"
    event = Event.objects.get(action="capital.plan_decision.recorded")
    assert event.actor == people["tckh"]
    assert event.data["lines"] == 3
    assert event.data["amount"] == 1_502_500_000
    page = response.content.decode()
    assert "Đã ghi quyết định 1250/QĐ-UBND: 3 dòng, tổng 1.502.500.000 đồng." in page
    assert "1.000.000.000" in page and "2.500.000" in page and "Khởi công mới" in page
    assert "tckh" in page


def test_blank_lines_are_left_out_wherever_they_are(tckh, projects):
    data = plan_form([("DA1", "NSDP-HUYEN", "100")], blank=4)
    data["lines-0-project"], data["lines-3-project"] = "", "DA1"
    data["lines-0-source"], data["lines-3-source"] = "", "NSDP-HUYEN"
    data["lines-0-amount"], data["lines-3-amount"] = "", "100"
    assert tckh.post(PLAN_NEW, data).status_code == 302
    assert PlanEntry.objects.get().amount == 100


def test_a_decision_needs_a_line(tckh, projects):
    response = tckh.post(PLAN_NEW, plan_form([], blank=5))
    assert response.status_code == 200
    assert any("ít nhất một dòng" in error for error in errors_of(response))
    assert ledger_size() == (0, 0)


def test_an_unbalanced_transfer_is_shown_again_and_nothing_is_written(tckh, projects):
    plan(projects["DA1"], 500_000_000)
    data = plan_form(
        [("DA1", "NSDP-HUYEN", "-200.000.000"), ("DA2", "NSDP-HUYEN", "150.000.000")],
        number="77/QĐ-UBND",
        date="15/10/2024",
        kind="dieu_chuyen",
    )
    response = tckh.post(PLAN_NEW, data)
    assert response.status_code == 200
    assert PlanEntry.objects.filter(kind=PlanKind.TRANSFER).count() == 0
    assert not Event.objects.filter(data__decision_number="77/QĐ-UBND").exists()
    page = response.content.decode()
    assert "Quyết định điều chuyển phải cân bằng (tổng bằng 0) trong từng nguồn vốn" in page
    assert "lệch -50.000.000 đồng" in page
    # The user's input is kept for correction.
    assert 'value="-200.000.000"' in page and 'value="150.000.000"' in page
    assert 'value="77/QĐ-UBND"' in page


def test_a_balanced_transfer_is_recorded(tckh, projects):
    plan(projects["DA1"], 500_000_000)
    data = plan_form(
        [("DA1", "NSDP-HUYEN", "-200.000.000"), ("DA2", "NSDP-HUYEN", "200.000.000")],
        number="78/QĐ-UBND",
        date="15/10/2024",
        kind="dieu_chuyen",
    )
    assert tckh.post(PLAN_NEW, data).status_code == 302
    moved = PlanEntry.objects.filter(kind=PlanKind.TRANSFER).order_by("amount")
    assert [(e.project.code, e.amount) for e in moved] == [
        ("DA1", -200_000_000),
        ("DA2", 200_000_000),
    ]


def test_a_negative_initial_allocation_is_refused(tckh, projects):
    data = plan_form([("DA1", "NSDP-HUYEN", "100"), ("DA2", "NSDP-HUYEN", "-5.000.000")])
    response = tckh.post(PLAN_NEW, data)
    assert response.status_code == 200
    line_two = response.context["lines"].forms[1]
    assert line_two.errors["amount"] == ["Số tiền âm chỉ dùng cho điều chỉnh hoặc điều chuyển."]
    assert not response.context["lines"].forms[0].errors
    assert ledger_size() == (0, 0)


def test_a_plan_going_below_zero_is_refused(tckh, projects):
    plan(projects["DA1"], 100_000_000)
    data = plan_form(
        [("DA1", "NSDP-HUYEN", "-150.000.000")], number="90/QĐ-UBND", kind="dieu_chinh"
    )
    response = tckh.post(PLAN_NEW, data)
    assert response.status_code == 200
    errors = response.context["lines"].forms[0].errors["amount"]
    assert errors == [
        "Kế hoạch vốn của dự án DA1, nguồn NSDP-HUYEN, năm 2024 sẽ âm (-50.000.000 đồng) "
        "vào ngày 15/01/2024."
    ]
    assert PlanEntry.objects.count() == 1


def test_a_downward_adjustment_within_the_plan_is_recorded(tckh, projects):
    plan(projects["DA1"], 100_000_000)
    data = plan_form([("DA1", "NSDP-HUYEN", "-40.000.000")], number="91/QĐ-UBND", kind="dieu_chinh")
    assert tckh.post(PLAN_NEW, data).status_code == 302
    assert PlanEntry.objects.get(decision_number="91/QĐ-UBND").amount == -40_000_000


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "amount",
            "abc",
            "Không phải số tiền: hãy ghi số nguyên đồng bằng chữ số, ngăn nghìn bằng dấu chấm hoặc không ngăn: 1.000.000 hoặc 1000000.",
        ),
        ("amount", "1.234,5", "Số tiền phải là số nguyên đồng, không có phần lẻ."),
        ("amount", "9" * 16, "Số tiền vượt quá 15 chữ số."),
        ("amount", "1" * 40, "Dài quá 30 ký tự."),
        ("project", "KHONG-CO", "Không có dự án mang mã «KHONG-CO» trong danh mục."),
        ("source", "XYZ", "Không có nguồn vốn này trong danh mục."),
        ("source", "", "Chưa nhập."),
    ],
)
def test_bad_line_input_gives_a_field_error_and_writes_nothing(
    tckh, projects, field, value, message
):
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000"), ("DA2", "NSDP-HUYEN", "2.000")])
    data[f"lines-1-{field}"] = value
    response = tckh.post(PLAN_NEW, data)
    assert response.status_code == 200
    assert response.context["lines"].forms[1].errors[field] == [message]
    assert ledger_size() == (0, 0)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("decision_date", "31/02/2024", "Ngày không có thật."),
        (
            "decision_date",
            "hôm qua",
            "Không phải ngày (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy hoặc yyyy-mm-dd).",
        ),
        ("plan_year", "abc", "Năm kế hoạch phải là một năm từ 1990 đến 2100."),
        ("plan_year", "3024", "Năm kế hoạch phải là một năm từ 1990 đến 2100."),
        ("decision_number", "", "Chưa nhập."),
        ("decision_number", "x" * 101, None),
    ],
)
def test_bad_decision_input_gives_a_field_error_and_writes_nothing(
    tckh, projects, field, value, message
):
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000")])
    data[field] = value
    response = tckh.post(PLAN_NEW, data)
    assert response.status_code == 200
    errors = response.context["header"].errors[field]
    assert errors == [message] if message else errors
    assert ledger_size() == (0, 0)


def test_nonsense_kind_and_tampered_management_data_give_errors_not_a_crash(tckh, projects):
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000")], kind="xoa_het")
    assert tckh.post(PLAN_NEW, data).status_code == 200
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000")])
    data["lines-TOTAL_FORMS"] = "abc"
    response = tckh.post(PLAN_NEW, data)
    assert response.status_code == 200
    assert response.context["lines"].non_form_errors()
    data["lines-TOTAL_FORMS"] = "100000"
    assert tckh.post(PLAN_NEW, data).status_code == 200
    assert ledger_size() == (0, 0)


def test_the_same_project_and_source_twice_is_one_line_too_many(tckh, projects):
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000"), ("DA1", "NSDP-HUYEN", "2.000")])
    response = tckh.post(PLAN_NEW, data)
    assert response.context["lines"].forms[1].errors["project"] == [
        "Trùng dự án và nguồn vốn với dòng 1: gộp thành một dòng."
    ]
    assert ledger_size() == (0, 0)


def test_posting_the_same_decision_twice_records_it_once(tckh, projects):
    data = plan_form([("DA1", "NSDP-HUYEN", "1.000"), ("DA2", "NSDP-HUYEN", "2.000")])
    tckh.post(PLAN_NEW, data)
    response = tckh.post(PLAN_NEW, data, follow=True)
    assert "đã có trong sổ với đúng các dòng này" in response.content.decode()
    assert PlanEntry.objects.count() == 2


def test_reusing_a_decision_number_with_other_amounts_is_refused(tckh, projects):
    tckh.post(PLAN_NEW, plan_form([("DA1", "NSDP-HUYEN", "1.000")]))
    response = tckh.post(PLAN_NEW, plan_form([("DA1", "NSDP-HUYEN", "9.000")]))
    assert response.status_code == 200
    line = response.context["lines"].forms[0]
    assert "muốn sửa thì nhập một quyết định điều chỉnh" in line.non_field_errors()[0]
    assert "Dòng 1: Dòng này của quyết định đã có trong sổ" in response.content.decode()
    assert PlanEntry.objects.get().amount == 1_000


def test_add_lines_shows_the_form_again_with_more_lines_and_the_input_kept(tckh, projects):
    data = plan_form([("DA1", "NSDP-HUYEN", "abc")], blank=4)
    del data["save"]
    data["more"] = "1"
    response = tckh.post(PLAN_NEW, data)
    assert response.status_code == 200
    lines = response.context["lines"]
    assert lines.total_form_count() == 10
    page = response.content.decode()
    assert 'value="abc"' in page and 'value="1250/QĐ-UBND"' in page
    # Nothing is checked or written until the user records the decision.
    assert not errors_of(response)
    assert ledger_size() == (0, 0)


def test_the_form_offers_the_project_codes_and_the_kinds(tckh, projects):
    page = tckh.get(PLAN_NEW).content.decode()
    assert '<option value="DA2">Dự án DA2</option>' in page
    for label in ("Giao đầu năm", "Giao bổ sung", "Điều chỉnh", "Điều chuyển", "Kéo dài"):
        assert label in page
    assert "plan_form.js" in page
