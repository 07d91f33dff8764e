"""The report pages, per role: who drafts, who issues, who reads; a draft's edited text in
its paper; an issued report downloads exactly its archived files."""

from __future__ import annotations

import hashlib
import io

import pytest
from openpyxl import load_workbook

from giaingan.reporting.models import IssuedReport
from tests.documents.helpers import lines, open_docx

pytestmark = pytest.mark.django_db

DRAFT = "/bao-cao/lap/?kind=quarterly&as_of=30/09/2024"
TREASURY = "/bao-cao/kho-bac/?kind=monthly&as_of=30/09/2024"
# login: may draft/issue the periodic report, may see the treasury's tables, may issue them
ROLES = {
    "tckh": (True, True, False),
    "admin": (True, True, True),
    "chutich": (False, True, False),
    "khobac": (False, True, True),
    "bqlda": (False, False, False),
    "xa.tandoan": (False, False, False),
    "noivu": (False, False, False),
    "hoidong1": (False, False, False),
    "xem": (False, False, False),
}


def texts(**changes) -> dict:
    return {
        "results": "Kết quả.",
        "comparison": "So sánh.",
        "obstacles": "Vướng mắc.",
        "proposals": "Kiến nghị.",
        "tasks": "Nhiệm vụ.",
        "signer_name": "",
        **changes,
    }


@pytest.mark.parametrize("login", ROLES)
def test_who_sees_which_page(ledger, client_for, login):
    periodic, treasury, _ = ROLES[login]
    client = client_for(login)
    assert client.get(DRAFT).status_code == (200 if periodic else 403)
    assert client.get(TREASURY).status_code == (200 if treasury else 403)
    assert client.get("/bao-cao/").status_code == (200 if periodic or treasury else 403)


@pytest.mark.parametrize("login", ROLES)
def test_who_issues_through_the_pages(ledger, client_for, login):
    periodic, _, treasury = ROLES[login]
    client = client_for(login)
    response = client.post(DRAFT, {**texts(), "action": "issue"})
    assert response.status_code == (302 if periodic else 403)
    response = client.post(TREASURY, {"signer_name": ""})
    assert response.status_code == (302 if treasury else 403)
    expected = int(periodic) + int(treasury)
    assert IssuedReport.objects.count() == expected


def test_a_visitor_is_sent_to_log_in(ledger, client_for):
    for address in (DRAFT, TREASURY, "/bao-cao/"):
        response = client_for(None).get(address)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_draft_is_prefilled_and_its_edited_text_is_in_the_paper(ledger, client_for):
    client = client_for("tckh")
    page = client.get(DRAFT).content.decode()
    assert "653.333.333 đồng, đạt 32,66%" in page  # the results block, written from figures
    response = client.post(DRAFT, {**texts(tasks="Hoàn thành dứt điểm GPMB."), "action": "docx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = lines(open_docx(response.content))
    assert "Hoàn thành dứt điểm GPMB." in text
    assert "Số:       /BCQ-TCKH" in text  # a draft has no number yet
    assert not IssuedReport.objects.exists()
    book = client.post(DRAFT, {**texts(), "action": "xlsx"})
    assert load_workbook(io.BytesIO(book.content)).sheetnames[0] == "Biểu 01"


def test_a_bad_date_is_named_on_the_page(ledger, client_for):
    response = client_for("tckh").get("/bao-cao/lap/?kind=quarterly&as_of=31/02/2024")
    assert response.status_code == 400
    assert "Số liệu tính đến ngày" in response.content.decode()


def test_an_issued_report_downloads_its_archived_files(ledger, client_for, people):
    client = client_for("tckh")
    response = client.post(DRAFT, {**texts(), "action": "issue", "signer_name": "Hoàng Thị Mai"})
    report = IssuedReport.objects.get()
    assert response["Location"] == f"/bao-cao/{report.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "01/BCQ-TCKH" in detail and report.docx_sha256 in detail
    # A new draft of the same kind and date, from today's ledger, is one link away.
    assert "/bao-cao/lap/?kind=quarterly&amp;as_of=30/09/2024&amp;base=assigned" in detail
    for fmt, digest in (("docx", report.docx_sha256), ("xlsx", report.xlsx_sha256)):
        got = client.get(f"/bao-cao/{report.pk}/tai/{fmt}/")
        assert hashlib.sha256(b"".join(got.streaming_content)).hexdigest() == digest
    # The chairman reads it; the treasury, an investor do not.
    assert client_for("chutich").get(f"/bao-cao/{report.pk}/tai/docx/").status_code == 200
    assert client_for("khobac").get(f"/bao-cao/{report.pk}/").status_code == 403
    assert client_for("khobac").get(f"/bao-cao/{report.pk}/tai/xlsx/").status_code == 403
    assert client_for("bqlda").get(f"/bao-cao/{report.pk}/tai/docx/").status_code == 403


def test_the_list_finds_past_reports(ledger, client_for):
    client = client_for("tckh")
    client.post(DRAFT, {**texts(), "action": "issue"})
    client.post("/bao-cao/lap/?kind=monthly&as_of=31/08/2024", {**texts(), "action": "issue"})
    page = client.get("/bao-cao/?kind=monthly").content.decode()
    table = page[page.index('data-testid="registry"') :]
    assert "01/BCT-TCKH" in table and "01/BCQ-TCKH" not in table
    page = client.get("/bao-cao/?from=99/99/2024").content.decode()
    assert "Từ ngày" in page  # the bad filter is named


def test_the_treasury_tables_page_and_drafts(ledger, client_for):
    client = client_for("khobac")
    page = client.get(TREASURY).content.decode()
    assert "Theo cơ quan chủ quản" in page and "Theo chủ đầu tư" in page
    assert "133.333.333" in page  # the month's change
    docx = client.get(TREASURY + "&fmt=docx")
    assert "Số:       /BCT-KBNN" in lines(open_docx(docx.content))
    xlsx = client.get(TREASURY + "&fmt=xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["Biểu 01", "Biểu 02"]
    assert client.get(TREASURY + "&fmt=pdf").status_code == 404
