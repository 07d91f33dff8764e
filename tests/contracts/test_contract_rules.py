"""The rules from acceptance to payment: each bad input refused whole, with its place."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.contracts.models import Acceptance, Contract, PaymentDossier
from giaingan.contracts.services import (
    ContractInput,
    breach_decide,
    breach_propose,
    breach_record,
    contract_record,
    dossier_link_payment,
    dossier_resend,
    dossier_return,
)
from giaingan.lib.problems import InvalidInput
from giaingan.lib.taxcode import normalise_tax_code, tax_code_problem, with_check_digit
from giaingan.org.models import Unit, UnitKind
from tests.conftest import advance, make_project, pay, plan
from tests.contracts.conftest import TAX_A, accept, send


def reasons(error: InvalidInput) -> str:
    return " | ".join(f"{p.column}: {p.reason}" for p in error.problems)


def test_tax_codes_are_checked_by_their_tenth_digit():
    assert tax_code_problem("0100109106") == ""  # a real enterprise's code
    assert tax_code_problem("0300588569-001") == ""  # a branch
    assert "chữ số kiểm tra" in tax_code_problem("0100109107")
    assert "10 chữ số" in tax_code_problem("12345")
    assert normalise_tax_code(" 0100 109 106 ") == "0100109106"
    assert normalise_tax_code("0300588569001") == "0300588569-001"


def test_a_contract_registers_its_contractor_once_by_tax_code(contract, project, people):
    assert contract.contractor.kind == UnitKind.CONTRACTOR
    assert contract.contractor.tax_code == TAX_A
    second = contract_record(
        user=people["bqlda"],
        data=ContractInput(
            project=project,
            number="02/2024/HĐTV",
            package="Tư vấn giám sát",
            value=100_000_000,
            signed_on=dt.date(2024, 2, 1),
            schedule_end=dt.date(2024, 12, 31),
            contractor_tax_code=TAX_A[:4] + " " + TAX_A[4:],
        ),
    )
    assert second.contractor == contract.contractor
    assert Unit.objects.filter(kind=UnitKind.CONTRACTOR).count() == 1


def test_a_bad_contract_is_refused_whole_naming_each_column(project, people):
    data = ContractInput(
        project=project,
        number="",
        package="",
        value=0,
        signed_on=dt.date(2024, 5, 1),
        schedule_end=dt.date(2024, 4, 1),
        contractor_tax_code="0100109107",
        advance_value=-1,
    )
    with pytest.raises(InvalidInput) as error:
        contract_record(user=people["bqlda"], data=data)
    text = reasons(error.value)
    for column in (
        "ma_so_thue",
        "so_hop_dong",
        "goi_thau",
        "gia_tri_hop_dong",
        "ngay_hoan_thanh",
        "gia_tri_tam_ung",
    ):
        assert column in text
    assert not Contract.objects.exists() and not Unit.objects.filter(kind="nha_thau").exists()


def test_acceptances_never_exceed_the_contract_value(contract, people):
    accept(contract, people["bqlda"], 4_000_000_000, dt.date(2024, 5, 1))
    with pytest.raises(InvalidInput) as error:
        accept(contract, people["bqlda"], 1_000_000_001, dt.date(2024, 6, 1))
    assert "vượt giá trị hợp đồng 5.000.000.000 đồng" in reasons(error.value)
    with pytest.raises(InvalidInput) as error:
        accept(contract, people["bqlda"], 1, dt.date(2024, 1, 1))
    assert "trước ngày ký hợp đồng" in reasons(error.value)
    assert Acceptance.objects.count() == 1


def test_a_dossier_asks_at_most_its_acceptances_and_only_once(contract, people):
    first = accept(contract, people["bqlda"], 500_000_000, dt.date(2024, 5, 1))
    with pytest.raises(InvalidInput) as error:
        send(contract, people["bqlda"], [first], 500_000_001, dt.date(2024, 5, 5))
    assert "không quá giá trị đã nghiệm thu 500.000.000" in reasons(error.value)
    with pytest.raises(InvalidInput) as error:
        send(contract, people["bqlda"], [first], 500_000_000, dt.date(2024, 4, 30))
    assert "ngày gửi trước ngày nghiệm thu" in reasons(error.value)
    send(contract, people["bqlda"], [first], 475_000_000, dt.date(2024, 5, 5))  # 5% retained
    with pytest.raises(InvalidInput) as error:
        send(contract, people["bqlda"], [first], 25_000_000, dt.date(2024, 5, 6), "HS-02")
    assert "đã nằm trong một hồ sơ thanh toán khác" in reasons(error.value)


def test_only_payment_lines_of_the_project_after_sending_pay_a_dossier(
    contract, project, district, people
):
    treasury = people["khobac"]
    first = accept(contract, people["bqlda"], 500_000_000, dt.date(2024, 5, 1))
    dossier = send(contract, people["bqlda"], [first], 500_000_000, dt.date(2024, 5, 5))
    other = make_project("DA2", district["board"])
    plan(other, 10_000_000_000)
    advance(project, 100_000_000, on=dt.date(2024, 5, 6), number="KB-TU")
    pay(other, 100_000_000, on=dt.date(2024, 5, 6), number="KB-KHAC")
    pay(project, 100_000_000, on=dt.date(2024, 5, 4), number="KB-SOM")
    pay(project, 600_000_000, on=dt.date(2024, 5, 9), number="KB-LON")
    expected = {
        "KB-TU": "không phải tạm ứng",
        "KB-KHAC": "thuộc dự án DA2",
        "KB-SOM": "trước ngày gửi hồ sơ",
        "KB-LON": "vượt số tiền hồ sơ",
        "KB-KHONG": "không có chứng từ Kho bạc số này",
    }
    for number, reason in expected.items():
        with pytest.raises(InvalidInput) as error:
            dossier_link_payment(user=treasury, dossier=dossier, document_number=number)
        assert reason in reasons(error.value)
    dossier.refresh_from_db()
    assert dossier.status == "sent" and not dossier.payments.exists()


def test_a_returned_dossier_is_sent_again_and_keeps_its_first_date(contract, project, people):
    first = accept(contract, people["bqlda"], 500_000_000, dt.date(2024, 5, 1))
    dossier = send(contract, people["bqlda"], [first], 500_000_000, dt.date(2024, 5, 5))
    with pytest.raises(InvalidInput):
        dossier_return(
            user=people["khobac"], dossier=dossier, returned_on=dt.date(2024, 5, 8), reason=" "
        )
    dossier = dossier_return(
        user=people["khobac"],
        dossier=dossier,
        returned_on=dt.date(2024, 5, 8),
        reason="Thiếu bảng xác định giá trị khối lượng hoàn thành",
    )
    pay(project, 500_000_000, on=dt.date(2024, 5, 20), number="KB-1")
    with pytest.raises(InvalidInput) as error:
        dossier_link_payment(user=people["khobac"], dossier=dossier, document_number="KB-1")
    assert "không ở trạng thái chờ thanh toán" in reasons(error.value)
    dossier = dossier_resend(user=people["bqlda"], dossier=dossier, resent_on=dt.date(2024, 5, 10))
    dossier = dossier_link_payment(user=people["khobac"], dossier=dossier, document_number="KB-1")
    assert (dossier.status, dossier.sent_on, dossier.return_count) == (
        "paid",
        dt.date(2024, 5, 5),
        1,
    )
    assert PaymentDossier.objects.get().paid_on == dt.date(2024, 5, 20)


def test_a_breach_is_proposed_then_decided_in_order(contract, people):
    breach = breach_record(
        user=people["bqlda"],
        contract=contract,
        kind="tien_do",
        occurred_on=dt.date(2024, 8, 1),
        description="Chậm tiến độ 45 ngày so với hợp đồng",
    )
    with pytest.raises(InvalidInput) as error:
        breach_decide(
            user=people["chutich"],
            breach=breach,
            measure="canh_cao",
            decision_number="12/QĐ-UBND",
            decided_on=dt.date(2024, 8, 20),
            note="Cảnh cáo",
        )
    assert "đã có đề xuất xử lý" in reasons(error.value)
    breach = breach_propose(
        user=people["tckh"],
        breach=breach,
        measure="phat_hop_dong",
        reason="Phạt 5% giá trị phần chậm theo Điều 12 hợp đồng",
        proposed_on=dt.date(2024, 8, 10),
    )
    breach = breach_decide(
        user=people["chutich"],
        breach=breach,
        measure="phat_hop_dong",
        decision_number="12/QĐ-UBND",
        decided_on=dt.date(2024, 8, 20),
        note="Phạt theo hợp đồng",
    )
    assert breach.status == "decided" and breach.decided_measure == "phat_hop_dong"


def test_demo_tax_codes_are_valid():
    assert tax_code_problem(with_check_digit("010203040")) == ""
