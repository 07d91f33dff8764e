"""The pages: each role sees and posts what the rules let it, and nothing else."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from giaingan.contracts.models import Acceptance, Breach, Contract, PaymentDossier
from giaingan.contracts.services import dossier_link_payment, dossier_return
from giaingan.lib.problems import InvalidInput
from tests.conftest import pay
from tests.contracts.conftest import TAX_B, accept, send

CONTRACT_POST = {
    "number": "05/2024/HĐ",
    "package": "Gói thầu số 5: Thiết bị",
    "contractor_tax_code": TAX_B,
    "contractor_name": "Công ty CP Thiết bị Lạng Sơn",
    "value": "1.200.000.000",
    "signed_on": "01/03/2024",
    "schedule_end": "30/11/2024",
    "advance_value": "",
    "advance_terms": "",
}


@pytest.mark.parametrize(
    ("login", "status"),
    [
        ("bqlda", 200),
        ("xa.tandoan", 200),
        ("tckh", 200),
        ("khobac", 200),
        ("xem", 200),
        (None, 302),
    ],
)
def test_the_contracts_page_opens_for_who_may_read_it(client_for, contract, login, status):
    response = client_for(login).get("/hop-dong/du-an/DA1/")
    assert response.status_code == status
    if status == 200:
        assert "Gói thầu số 3: Xây lắp" in response.content.decode()


def test_an_investor_of_another_unit_is_refused(client_for, district, people, contract):
    from django.contrib.auth import get_user_model

    from giaingan.org.models import Membership

    other = get_user_model().objects.create_user("vanan", password="x")
    Membership.objects.create(user=other, unit=district["vanan"], role="investor")
    client = client_for(None)
    client.force_login(other)
    assert client.get("/hop-dong/du-an/DA1/").status_code == 403
    assert client.post("/hop-dong/du-an/DA1/hop-dong/moi/", CONTRACT_POST).status_code == 403
    assert Contract.objects.count() == 1


@pytest.mark.parametrize(
    ("login", "written"),
    [("bqlda", True), ("tckh", False), ("khobac", False), ("xa.tandoan", False)],
)
def test_only_the_investor_records_a_contract(client_for, project, login, written):
    response = client_for(login).post("/hop-dong/du-an/DA1/hop-dong/moi/", CONTRACT_POST)
    assert response.status_code == (302 if written else 403)
    assert Contract.objects.filter(number="05/2024/HĐ").exists() == written


def test_a_bad_acceptance_says_where_and_writes_nothing(client_for, contract):
    client = client_for("bqlda")
    response = client.post(
        f"/hop-dong/hop-dong/{contract.pk}/nghiem-thu/",
        {"number": "NT-01", "accepted_on": "31/02/2024", "value": "12,5"},
        follow=True,
    )
    text = response.content.decode()
    assert "Ngày nghiệm thu:" in text and "Giá trị nghiệm thu (đồng):" in text
    assert not Acceptance.objects.exists()
    response = client.post(
        f"/hop-dong/hop-dong/{contract.pk}/nghiem-thu/",
        {"number": "NT-01", "accepted_on": "10/05/2024", "value": "6.000.000.000"},
        follow=True,
    )
    assert "vượt giá trị hợp đồng" in response.content.decode()
    assert not Acceptance.objects.exists()


def test_the_treasury_links_a_line_and_the_unpaid_value_falls(
    client_for, contract, project, people
):
    first = accept(contract, people["bqlda"], 700_000_000, dt.date(2024, 5, 1))
    dossier = send(contract, people["bqlda"], [first], 700_000_000, dt.date(2024, 5, 3))
    pay(project, 700_000_000, on=dt.date(2024, 5, 10), number="KB-77")
    page = client_for("tckh").get("/du-an/DA1/?year=2024&as_of=31/05/2024").content.decode()
    assert "Nghiệm thu và thanh toán đến 31/05/2024" in page and "700,0" in page
    assert (
        client_for("bqlda")
        .post(f"/hop-dong/ho-so/{dossier.pk}/chung-tu/", {"document_number": "KB-77"})
        .status_code
        == 403
    )
    client_for("khobac").post(
        f"/hop-dong/ho-so/{dossier.pk}/chung-tu/", {"document_number": "KB-77"}
    )
    dossier.refresh_from_db()
    assert dossier.status == "paid"
    investor = client_for("bqlda").get("/hop-dong/chu-dau-tu/BQLDA/?as_of=31/05/2024")
    assert investor.status_code == 200 and "Đã thanh toán 10/05/2024" in investor.content.decode()
    export = client_for("bqlda").get("/hop-dong/chu-dau-tu/BQLDA/thanh-toan.csv?as_of=31/05/2024")
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[-1].startswith("Tổng cộng (1 dự án),700000000,700000000,0,")


def test_breach_proposal_and_decision_by_their_roles(client_for, contract, people):
    client = client_for("bqlda")
    response = client.post(
        f"/hop-dong/hop-dong/{contract.pk}/vi-pham/moi/",
        {"kind": "chat_luong", "occurred_on": "15/06/2024", "description": "Bê tông không đạt mác"},
    )
    assert response.status_code == 302
    breach = Breach.objects.get()
    proposal = {"measure": "canh_cao", "proposed_on": "20/06/2024", "reason": "Lần đầu vi phạm"}
    assert client.post(f"/hop-dong/vi-pham/{breach.pk}/de-xuat/", proposal).status_code == 403
    client_for("tckh").post(f"/hop-dong/vi-pham/{breach.pk}/de-xuat/", proposal)
    decision = {
        "measure": "canh_cao",
        "decision_number": "99/QĐ-UBND",
        "decided_on": "25/06/2024",
        "note": "Cảnh cáo nhà thầu",
    }
    assert (
        client_for("tckh").post(f"/hop-dong/vi-pham/{breach.pk}/quyet-dinh/", decision).status_code
        == 403
    )
    client_for("chutich").post(f"/hop-dong/vi-pham/{breach.pk}/quyet-dinh/", decision)
    breach.refresh_from_db()
    assert (breach.status, breach.decision_number) == ("decided", "99/QĐ-UBND")
    page = client_for("tckh").get(f"/hop-dong/nha-thau/{contract.contractor_id}/").content.decode()
    assert "Bê tông không đạt mác" in page and "99/QĐ-UBND" in page
    assert (
        client_for("bqlda").get(f"/hop-dong/nha-thau/{contract.contractor_id}/").status_code == 403
    )
    assert PaymentDossier.objects.count() == 0


def test_the_pile_up_is_of_the_pages_plan_year_on_every_page_and_file(
    client_for, contract, project, people
):
    first = accept(contract, people["bqlda"], 400_000_000, dt.date(2024, 11, 1))
    dossier = send(contract, people["bqlda"], [first], 400_000_000, dt.date(2024, 11, 5))
    pay(project, 600_000_000, on=dt.date(2024, 6, 10), number="KB-6")
    pay(project, 400_000_000, on=dt.date(2024, 12, 20), number="KB-12")
    client_for("khobac").post(
        f"/hop-dong/ho-so/{dossier.pk}/chung-tu/", {"document_number": "KB-12"}
    )
    # As of 31/01/2025 the page's plan year is 2024: 400 of its 1.000 million in December.
    query = "year=2024&as_of=31/01/2025"
    client = client_for("tckh")
    for url in ("/du-an/DA1/", "/hop-dong/du-an/DA1/", "/hop-dong/chu-dau-tu/BQLDA/"):
        assert "40,00%" in client.get(f"{url}?{query}").content.decode(), url
    export = client.get(f"/hop-dong/chu-dau-tu/BQLDA/thanh-toan.csv?{query}")
    text = export.content.decode("utf-8-sig")
    assert text.splitlines()[-1].endswith(',"40,00%"')
    book = load_workbook(
        io.BytesIO(client.get(f"/hop-dong/chu-dau-tu/BQLDA/thanh-toan.xlsx?{query}").content)
    )
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert any("kế hoạch năm 2024" in cell for cell in cells) and "40,00%" in cells


@pytest.mark.parametrize(
    ("login", "shown"), [("tckh", "250,0"), ("bqlda", "250,0"), ("xa.tandoan", "0,0")]
)
def test_the_dashboard_shows_the_unpaid_value_of_the_users_figures(
    client_for, contract, people, login, shown
):
    first = accept(contract, people["bqlda"], 250_000_000, dt.date(2024, 3, 1))
    send(contract, people["bqlda"], [first], 250_000_000, dt.date(2024, 3, 4))
    page = client_for(login).get("/tong-quan/?year=2024&as_of=31/03/2024").content.decode()
    panel = page.split('id="nghiem-thu-thanh-toan"')[1].split("</section>")[0]
    unpaid = panel.split('data-testid="accepted-unpaid">')[1].split("<")[0]
    assert unpaid == shown
    assert ("HS-01" in panel) == (shown != "0,0")


def test_finance_registers_a_contractor_by_a_valid_tax_code(client_for, district):
    client = client_for("tckh")
    response = client.post(
        "/hop-dong/nha-thau/moi/", {"tax_code": "0100109107", "name": "X"}, follow=True
    )
    assert "sai chữ số kiểm tra" in response.content.decode()
    client.post("/hop-dong/nha-thau/moi/", {"tax_code": "0100 109 106", "name": "Tập đoàn Viettel"})
    page = client.get("/hop-dong/nha-thau/").content.decode()
    assert "0100109106" in page and "Tập đoàn Viettel" in page
    assert (
        client_for("xem")
        .post("/hop-dong/nha-thau/moi/", {"tax_code": "0300588569", "name": "Y"})
        .status_code
        == 403
    )


def test_evidence_is_checked_before_it_is_kept(client_for, contract, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for("bqlda")
    url = f"/hop-dong/hop-dong/{contract.pk}/vi-pham/moi/"
    form = {"kind": "tien_do", "occurred_on": "01/07/2024", "description": "Chậm tiến độ"}
    bad = SimpleUploadedFile("bien_ban.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post(url, {**form, "evidence": bad})
    assert response.status_code == 200 and "chỉ nhận PDF" in response.content.decode()
    assert not Breach.objects.exists()
    fake = SimpleUploadedFile(
        "bien_ban.docx", b"not a zip", content_type="application/octet-stream"
    )
    response = client.post(url, {**form, "evidence": fake})
    assert "không phải tệp nén" in response.content.decode() and not Breach.objects.exists()
    good = SimpleUploadedFile("bien_ban.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    assert client.post(url, {**form, "evidence": good}).status_code == 302
    breach = Breach.objects.get()
    assert (
        breach.evidence.name.startswith("vi_pham/") and (tmp_path / breach.evidence.name).exists()
    )


def test_a_paid_dossier_whose_line_is_reversed_stops_showing_paid_everywhere(
    client_for, contract, project, people
):
    first = accept(contract, people["bqlda"], 700_000_000, dt.date(2024, 5, 1))
    dossier = send(contract, people["bqlda"], [first], 700_000_000, dt.date(2024, 5, 3))
    pay(project, 700_000_000, on=dt.date(2024, 5, 10), number="KB-77")
    client_for("khobac").post(
        f"/hop-dong/ho-so/{dossier.pk}/chung-tu/", {"document_number": "KB-77"}
    )
    pay(project, -700_000_000, on=dt.date(2024, 5, 20), number="KB-77-DC", reverses="KB-77")
    page = client_for("tckh").get("/hop-dong/du-an/DA1/?year=2024&as_of=31/05/2024")
    row = page.content.decode().split(f'data-testid="dossier-{dossier.number}"')[1]
    row = row.split("</tr>")[0]
    assert "Đã gửi Kho bạc" in row and "Đã thanh toán" not in row
    assert "đã bị điều chỉnh giảm" in row
    earlier = client_for("tckh").get("/hop-dong/du-an/DA1/?year=2024&as_of=15/05/2024")
    row = earlier.content.decode().split(f'data-testid="dossier-{dossier.number}"')[1]
    assert "Đã thanh toán ngày 10/05/2024" in row.split("</tr>")[0]
    investor = client_for("bqlda").get("/hop-dong/chu-dau-tu/BQLDA/?as_of=31/05/2024")
    text = investor.content.decode()
    assert "Đã thanh toán 10/05/2024" not in text and "Đang chờ" in text
    export = client_for("bqlda").get("/hop-dong/chu-dau-tu/BQLDA/ho-so-cham.csv?as_of=31/05/2024")
    lines = export.content.decode("utf-8-sig").splitlines()
    (row,) = [line for line in lines if dossier.number in line]
    assert "Đã gửi Kho bạc" in row and "Đã thanh toán" not in row


def test_a_refused_form_comes_back_as_the_user_typed_it(client_for, contract):
    client = client_for("bqlda")
    response = client.post(
        f"/hop-dong/hop-dong/{contract.pk}/nghiem-thu/",
        {"number": "NT-GIU-LAI", "accepted_on": "10/05/2024", "value": "6.000.000.000"},
    )
    assert response.status_code == 400 and not Acceptance.objects.exists()
    form = response.context["items"][0]["acceptance_form"]
    assert form.is_bound and form.data["number"] == "NT-GIU-LAI"
    text = response.content.decode()
    assert 'value="NT-GIU-LAI"' in text and "vượt giá trị hợp đồng" in text
    bad = dict(CONTRACT_POST, signed_on="31/02/2024")
    response = client.post("/hop-dong/du-an/DA1/hop-dong/moi/", bad)
    assert response.status_code == 400
    assert 'value="Gói thầu số 5: Thiết bị"' in response.content.decode()
    assert Contract.objects.count() == 1
    # A good one still goes back to the page with its message.
    response = client.post("/hop-dong/du-an/DA1/hop-dong/moi/", CONTRACT_POST)
    assert response.status_code == 302 and Contract.objects.count() == 2


def test_the_treasury_picks_the_paying_line_from_the_candidates(
    client_for, contract, project, people
):
    first = accept(contract, people["bqlda"], 700_000_000, dt.date(2024, 5, 1))
    dossier = send(contract, people["bqlda"], [first], 700_000_000, dt.date(2024, 5, 3))
    pay(project, 100_000_000, on=dt.date(2024, 5, 2), number="KB-TRUOC")
    pay(project, 700_000_000, on=dt.date(2024, 5, 10), number="KB-77")
    page = client_for("khobac").get("/hop-dong/du-an/DA1/").content.decode()
    assert 'data-testid="candidate-KB-77"' in page
    assert 'data-testid="candidate-KB-TRUOC"' not in page  # dated before the sending
    assert (
        'data-testid="candidate-'
        not in client_for("bqlda").get("/hop-dong/du-an/DA1/").content.decode()
    )
    client_for("khobac").post(
        f"/hop-dong/ho-so/{dossier.pk}/chung-tu/", {"document_number": "KB-77"}
    )
    dossier.refresh_from_db()
    assert dossier.status == "paid"
    page = client_for("khobac").get("/hop-dong/du-an/DA1/").content.decode()
    assert 'data-testid="candidate-' not in page


def test_a_payment_reversed_then_paid_again_reads_from_the_ledger_on_every_page(
    client_for, contract, project, people
):
    first = accept(contract, people["bqlda"], 700_000_000, dt.date(2024, 5, 1))
    dossier = send(contract, people["bqlda"], [first], 700_000_000, dt.date(2024, 5, 3))
    pay(project, 700_000_000, on=dt.date(2024, 5, 10), number="KB-77")
    treasury = client_for("khobac")
    treasury.post(f"/hop-dong/ho-so/{dossier.pk}/chung-tu/", {"document_number": "KB-77"})
    pay(project, -700_000_000, on=dt.date(2024, 5, 20), number="KB-77-DC", reverses="KB-77")

    def row(client, as_of: str) -> str:
        page = client.get(f"/hop-dong/du-an/DA1/?year=2024&as_of={as_of}").content.decode()
        return page.split(f'data-testid="dossier-{dossier.number}"')[1].split("</tr>")[0]

    # Reversed: waiting again, so the treasury may link another payment or return it.
    waiting = row(treasury, "31/05/2024")
    assert 'data-testid="link-form"' in waiting and "Trả lại" in waiting
    assert "Đã thanh toán" not in waiting
    # Paid again by a line dated before the reversed one: paid on that line's day, not on
    # the reversed line's.
    pay(project, 700_000_000, on=dt.date(2024, 5, 8), number="KB-78")
    linked = treasury.post(f"/hop-dong/ho-so/{dossier.pk}/chung-tu/", {"document_number": "KB-78"})
    assert linked.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.paid_on) == ("paid", dt.date(2024, 5, 8))
    paid = row(treasury, "31/05/2024")
    assert "Đã thanh toán ngày 08/05/2024" in paid
    assert 'data-testid="link-form"' not in paid and "Trả lại" not in paid
    investor = client_for("bqlda").get("/hop-dong/chu-dau-tu/BQLDA/?as_of=31/05/2024")
    assert "Đã thanh toán 08/05/2024" in investor.content.decode()
    export = client_for("bqlda").get("/hop-dong/chu-dau-tu/BQLDA/ho-so-cham.csv?as_of=31/05/2024")
    (line,) = [
        text for text in export.content.decode("utf-8-sig").splitlines() if dossier.number in text
    ]
    assert "Đã thanh toán" in line and "08/05/2024" in line


def test_the_treasury_returns_a_dossier_whose_only_payment_was_reversed(
    client_for, contract, project, people
):
    first = accept(contract, people["bqlda"], 700_000_000, dt.date(2024, 5, 1))
    dossier = send(contract, people["bqlda"], [first], 700_000_000, dt.date(2024, 5, 3))
    pay(project, 700_000_000, on=dt.date(2024, 5, 10), number="KB-77")
    dossier_link_payment(user=people["khobac"], dossier=dossier, document_number="KB-77")
    with pytest.raises(InvalidInput) as paid:  # paid in force: not returnable
        dossier_return(
            user=people["khobac"], dossier=dossier, returned_on=dt.date(2024, 5, 21), reason="Sai"
        )
    assert paid.value.problems[0].value == "Đã thanh toán"
    pay(project, -700_000_000, on=dt.date(2024, 5, 20), number="KB-77-DC", reverses="KB-77")
    returned = dossier_return(
        user=people["khobac"],
        dossier=dossier,
        returned_on=dt.date(2024, 5, 21),
        reason="Chứng từ thanh toán đã điều chỉnh giảm, bổ sung hồ sơ",
    )
    assert returned.status == "returned"
