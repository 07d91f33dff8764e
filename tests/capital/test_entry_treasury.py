"""The treasury-line form and its correction shortcut, through the importer's service."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.audit.models import Event
from giaingan.capital.models import LineKind, TreasuryLine
from tests.capital.entry_helpers import LINE_NEW, ledger_size, line_form
from tests.conftest import advance, make_project, pay, plan

D = dt.date


@pytest.fixture
def project(district):
    project = make_project("DA1", district["board"], district["tandoan"])
    plan(project, 1_000_000_000)
    return project


@pytest.fixture
def khobac(client_for):
    return client_for("khobac")


def test_it_records_an_advance(khobac, people, project):
    response = khobac.post(LINE_NEW, line_form(), follow=True)
    assert response.redirect_chain[-1][0] == "/so-von/chung-tu/KB/KB-0001/"
    line = TreasuryLine.objects.get()
    assert (line.kind, line.amount, line.recovered_advance) == ("tam_ung", 100_000_000, 0)
    assert line.value_date == D(2024, 3, 20)
    assert line.created_by == people["khobac"]
    assert Event.objects.get(action="capital.treasury_line.recorded").actor == people["khobac"]
    assert "Đã ghi chứng từ KB-0001: 100.000.000 đồng." in response.content.decode()


def test_it_records_a_payment_that_recovers_advance(khobac, people, project):
    advance(project, 300_000_000, on=D(2024, 2, 1), number="KB-TU")
    data = line_form(
        document_number="KB-TT",
        kind="thanh_toan",
        amount="500.000.000",
        recovered_advance="200.000.000",
    )
    response = khobac.post(LINE_NEW, data, follow=True)
    assert response.status_code == 200
    line = TreasuryLine.objects.get(document_number="KB-TT")
    assert (line.kind, line.amount, line.recovered_advance) == (
        LineKind.PAYMENT,
        500_000_000,
        200_000_000,
    )
    assert line.disbursed == 300_000_000
    assert line.created_by == people["khobac"]
    page = response.content.decode()
    assert "500.000.000" in page and "200.000.000" in page and "khobac" in page


def test_recovery_above_the_outstanding_advance_is_refused(khobac, project):
    advance(project, 100_000_000, on=D(2024, 2, 1), number="KB-TU")
    data = line_form(
        document_number="KB-TT",
        kind="thanh_toan",
        amount="300.000.000",
        recovered_advance="150.000.000",
    )
    response = khobac.post(LINE_NEW, data)
    assert response.status_code == 200
    assert response.context["form"].errors["recovered_advance"] == [
        "Thu hồi tạm ứng vượt số dư ứng của dự án, nguồn vốn, năm kế hoạch (100.000.000 đồng)."
    ]
    assert TreasuryLine.objects.count() == 1
    assert 'value="150.000.000"' in response.content.decode()


def test_the_shortcut_prefills_a_correction_of_the_remaining_amount(khobac, project):
    pay(project, 500_000_000, on=D(2024, 3, 1), number="KB-1")
    pay(project, -100_000_000, on=D(2024, 3, 5), number="KB-1-DC1", reverses="KB-1")
    response = khobac.get("/so-von/chung-tu/KB/KB-1/dieu-chinh/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["amount"].value() == "-400.000.000"
    assert form["project"].value() == "DA1"
    assert form["source"].value() == "NSDP-HUYEN"
    assert form["plan_year"].value() == 2024
    assert form["kind"].value() == "thanh_toan"
    assert form["reverses_number"].value() == "KB-1"
    assert form["document_number"].value() in (None, "")


def test_a_correction_through_the_shortcut_is_recorded_and_linked(khobac, people, project):
    pay(project, 500_000_000, on=D(2024, 3, 1), number="KB-1")
    url = "/so-von/chung-tu/KB/KB-1/dieu-chinh/"
    data = {
        name: field.value() if field.value() is not None else ""
        for name, field in ((n, khobac.get(url).context["form"][n]) for n in line_form())
    }
    data.update(document_number="KB-1-DC", value_date="10/03/2024")
    data.pop("reverses_number")  # a disabled field is not posted
    response = khobac.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == "/so-von/chung-tu/KB/KB-1-DC/"
    correction = TreasuryLine.objects.get(document_number="KB-1-DC")
    original = TreasuryLine.objects.get(document_number="KB-1")
    assert correction.reverses == original
    assert correction.amount == -500_000_000
    assert correction.created_by == people["khobac"]
    assert Event.objects.filter(action="capital.treasury_line.corrected").count() == 1
    page = khobac.get("/so-von/chung-tu/KB/KB-1/").content.decode()
    assert "KB-1-DC" in page and "-500.000.000" in page
    # Fully corrected: no further correction is offered, and the shortcut says why.
    assert "/so-von/chung-tu/KB/KB-1/dieu-chinh/" not in page
    response = khobac.get(url, follow=True)
    assert "đã được điều chỉnh hết" in response.content.decode()


def test_the_shortcut_always_reverses_its_own_line(khobac, project):
    pay(project, 500_000_000, on=D(2024, 3, 1), number="KB-1")
    pay(project, 200_000_000, on=D(2024, 3, 1), number="KB-2")
    data = line_form(
        document_number="KB-1-DC",
        kind="thanh_toan",
        amount="-100.000.000",
        reverses_number="KB-2",
    )
    assert khobac.post("/so-von/chung-tu/KB/KB-1/dieu-chinh/", data).status_code == 302
    assert TreasuryLine.objects.get(document_number="KB-1-DC").reverses.document_number == "KB-1"


def test_a_correction_cannot_take_back_more_than_remains(khobac, project):
    pay(project, 500_000_000, on=D(2024, 3, 1), number="KB-1")
    data = line_form(document_number="KB-1-DC", kind="thanh_toan", amount="-600.000.000")
    response = khobac.post("/so-von/chung-tu/KB/KB-1/dieu-chinh/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "Số điều chỉnh giảm vượt số tiền còn lại của chứng từ gốc (500.000.000 đồng)."
    ]
    assert TreasuryLine.objects.count() == 1


def test_a_correction_of_a_correction_is_turned_away(khobac, project):
    pay(project, 500_000_000, on=D(2024, 3, 1), number="KB-1")
    pay(project, -100_000_000, on=D(2024, 3, 5), number="KB-1-DC1", reverses="KB-1")
    response = khobac.get("/so-von/chung-tu/KB/KB-1-DC1/dieu-chinh/", follow=True)
    assert response.redirect_chain[-1][0] == "/so-von/chung-tu/KB/KB-1-DC1/"
    assert "hãy lập điều chỉnh cho chứng từ gốc" in response.content.decode()


def test_a_correction_typed_in_the_plain_form_is_recorded(khobac, project):
    pay(project, 500_000_000, on=D(2024, 3, 1), number="KB-1")
    data = line_form(
        document_number="KB-1-DC",
        kind="thanh_toan",
        amount="-50.000.000",
        reverses_number="KB-1",
    )
    assert khobac.post(LINE_NEW, data).status_code == 302
    assert TreasuryLine.objects.get(document_number="KB-1-DC").reverses.amount == 500_000_000


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"amount": "abc"},
            "amount",
            "Không phải số tiền: hãy ghi số nguyên đồng bằng chữ số, ngăn nghìn bằng dấu chấm hoặc không ngăn: 1.000.000 hoặc 1000000.",
        ),
        (
            {"amount": "¹²"},
            "amount",
            "Không phải số tiền: hãy ghi số nguyên đồng bằng chữ số, ngăn nghìn bằng dấu chấm hoặc không ngăn: 1.000.000 hoặc 1000000.",
        ),
        ({"value_date": "¹²/03/2024"}, "value_date", None),
        ({"value_date": "٠١/٠٣/٩٩٩٩٩"}, "value_date", None),
        ({"amount": "0"}, "amount", "Số tiền phải khác 0."),
        ({"value_date": "31/02/2024"}, "value_date", "Ngày không có thật."),
        ({"project": "KHONG-CO"}, "project", "Không có dự án mang mã «KHONG-CO» trong danh mục."),
        ({"source": "XYZ"}, "source", "Không có nguồn vốn này trong danh mục."),
        ({"plan_year": "20x4"}, "plan_year", "Năm kế hoạch phải là một năm từ 1990 đến 2100."),
        ({"document_number": ""}, "document_number", "Chưa nhập."),
        ({"recovered_advance": "10"}, "recovered_advance", None),
        ({"amount": "-5"}, "reverses_number", None),
        (
            {"kind": "thanh_toan", "recovered_advance": "200.000.000"},
            "recovered_advance",
            "Thu hồi tạm ứng lớn hơn số tiền thanh toán.",
        ),
        (
            {"kind": "thanh_toan", "recovered_advance": "-1"},
            "recovered_advance",
            "Thu hồi tạm ứng không được âm.",
        ),
        ({"reverses_number": "KB-0001", "amount": "-5"}, "reverses_number", None),
        ({"reverses_number": "KHONG-CO", "amount": "-5"}, "reverses_number", None),
        (
            {"value_date": "01/03/2026"},
            "value_date",
            "Ngày không thuộc thời gian giải ngân vốn năm 2024 (01/01/2024 đến 31/12/2025).",
        ),
        ({"kind": "rut_tien"}, "kind", None),
    ],
)
def test_bad_input_gives_a_field_error_and_writes_nothing(khobac, project, changes, field, message):
    response = khobac.post(LINE_NEW, line_form(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors == [message] if message else errors
    assert ledger_size() == (0, 0)


def test_an_existing_number_with_other_content_is_refused(khobac, project):
    khobac.post(LINE_NEW, line_form())
    response = khobac.post(LINE_NEW, line_form(amount="999"))
    assert (
        "muốn sửa thì lập chứng từ điều chỉnh"
        in response.context["form"].errors["document_number"][0]
    )
    assert TreasuryLine.objects.get().amount == 100_000_000


def test_posting_the_same_line_twice_records_it_once(khobac, project):
    khobac.post(LINE_NEW, line_form())
    response = khobac.post(LINE_NEW, line_form(), follow=True)
    assert "đã có trong sổ với đúng nội dung này" in response.content.decode()
    assert TreasuryLine.objects.count() == 1


def test_numbers_with_slashes_work_in_the_pages(khobac, project):
    khobac.post(LINE_NEW, line_form(document_number="12/KB-2024", kind="thanh_toan"))
    assert khobac.get("/so-von/chung-tu/KB/12/KB-2024/").status_code == 200
    response = khobac.get("/so-von/chung-tu/KB/12/KB-2024/dieu-chinh/")
    assert response.context["original"].document_number == "12/KB-2024"


def test_correcting_a_payment_also_gives_back_its_recovery(khobac, project):
    advance(project, 300_000_000, on=D(2024, 2, 1), number="KB-TU")
    pay(project, 500_000_000, on=D(2024, 3, 1), number="KB-TT", recovered=200_000_000)
    url = "/so-von/chung-tu/KB/KB-TT/dieu-chinh/"
    form = khobac.get(url).context["form"]
    assert form["recovered_advance"].value() == "-200.000.000"
    data = {name: form[name].value() or "" for name in line_form() if name != "reverses_number"}
    data.update(document_number="KB-TT-DC", value_date="05/03/2024")
    assert khobac.post(url, data).status_code == 302
    correction = TreasuryLine.objects.get(document_number="KB-TT-DC")
    assert (correction.amount, correction.recovered_advance) == (-500_000_000, -200_000_000)


@pytest.mark.parametrize(
    ("today", "shown"),
    [(D(2024, 3, 10), "10/03/2024"), (D(2026, 2, 1), ""), (D(2024, 2, 1), "")],
)
def test_the_shortcut_offers_today_only_inside_the_lines_window(
    khobac, project, monkeypatch, today, shown
):
    pay(project, 500_000_000, on=D(2024, 3, 1), number="KB-1")
    monkeypatch.setattr("giaingan.capital.views.timezone.localdate", lambda: today)
    form = khobac.get("/so-von/chung-tu/KB/KB-1/dieu-chinh/").context["form"]
    assert form["value_date"].value() == shown
