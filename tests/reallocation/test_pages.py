"""The pages of "Điều chuyển vốn", the dashboard's forecast and the project page's
explanation: each role allowed and refused, on the server."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from giaingan.capital.models import PlanEntry, PlanKind
from giaingan.org.models import Membership
from giaingan.reallocation.models import CapitalNeed, ReallocationProposal
from giaingan.reallocation.services import proposal_draft
from tests.conftest import finance_office

AS_OF = dt.date(2024, 10, 15)
QUERY = "?year=2024&as_of=15/10/2024"
DISTRICT = ("chutich", "tckh", "khobac", "noivu", "hoidong1", "xem", "admin")


@pytest.mark.parametrize("who", DISTRICT)
def test_the_district_sees_the_advisor(slow_and_fast, client_for, who):
    response = client_for(who).get("/dieu-chuyen-von/" + QUERY)
    assert response.status_code == 200
    assert "Gợi ý điều chuyển" in response.content.decode()


@pytest.mark.parametrize("who", ["bqlda", "xa.tandoan"])
def test_investors_do_not_see_the_advisor(slow_and_fast, client_for, who):
    assert client_for(who).get("/dieu-chuyen-von/" + QUERY).status_code == 403


def test_a_visitor_is_sent_to_log_in(slow_and_fast, client_for):
    response = client_for(None).get("/dieu-chuyen-von/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("tckh", True), ("admin", True), ("chutich", False), ("khobac", False), ("bqlda", False)],
)
def test_only_finance_planning_drafts_a_proposal(slow_and_fast, client_for, who, allowed):
    response = client_for(who).post("/dieu-chuyen-von/lap/" + QUERY, {"number": "1/TTr"})
    assert (response.status_code == 302) is allowed
    assert ReallocationProposal.objects.exists() is allowed


def test_an_investor_registers_a_need_on_the_page(slow_and_fast, client_for):
    client = client_for("bqlda")
    page = client.get("/dieu-chuyen-von/nhu-cau/")
    assert page.status_code == 200 and "Đăng ký nhu cầu vốn" in page.content.decode()
    form = {
        "project": "SLOW",
        "source": "NSDP-HUYEN",
        "plan_year": "2024",
        "amount": "1.500.000.000",
        "reason": "Khối lượng đã thực hiện vượt kế hoạch",
        "can_finish_first": "on",
    }
    assert client.post("/dieu-chuyen-von/nhu-cau/", form).status_code == 302
    need = CapitalNeed.objects.get()
    assert (need.amount, need.can_finish_first) == (1_500_000_000, True)
    # Another investor's project: refused on the server.
    assert client.post("/dieu-chuyen-von/nhu-cau/", {**form, "project": "FAST"}).status_code == 403
    assert client_for("khobac").post("/dieu-chuyen-von/nhu-cau/", form).status_code == 403
    assert CapitalNeed.objects.count() == 1


def test_a_bad_amount_is_named_and_nothing_written(slow_and_fast, client_for):
    response = client_for("bqlda").post(
        "/dieu-chuyen-von/nhu-cau/",
        {
            "project": "SLOW",
            "source": "NSDP-HUYEN",
            "plan_year": "2024",
            "amount": "1,5",
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert not CapitalNeed.objects.exists()
    assert "field has-error" in response.content.decode()


def test_finance_planning_edits_and_the_chairman_approves_on_the_pages(
    slow_and_fast, client_for, people
):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="5/TTr")
    url = f"/dieu-chuyen-von/{proposal.pk}/"
    page = client_for("tckh").get(url).content.decode()
    assert "Lưu các dòng điều chuyển" in page and "Phê duyệt và ghi" not in page
    form = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-giver": "SLOW",
        "form-0-taker": "FAST",
        "form-0-source": "NSDP-HUYEN",
        "form-0-amount": "400.000.000",
        "form-0-reason": "Ưu tiên dự án trọng điểm",
    }
    assert client_for("chutich").post(url, form).status_code == 403
    assert client_for("tckh").post(url, form).status_code == 302
    assert list(proposal.moves.values_list("amount", flat=True)) == [400_000_000]
    chairman_page = client_for("chutich").get(url).content.decode()
    assert "Phê duyệt và ghi" in chairman_page and "Lưu các dòng" not in chairman_page
    approve = {"decision_number": "2200/QĐ-UBND", "decision_date": "20/10/2024"}
    assert client_for("tckh").post(url + "phe-duyet/", approve).status_code == 403
    assert client_for("chutich").post(url + "phe-duyet/", approve).status_code == 302
    entries = PlanEntry.objects.filter(decision_number="2200/QĐ-UBND", kind=PlanKind.TRANSFER)
    assert sorted(entries.values_list("amount", flat=True)) == [-400_000_000, 400_000_000]
    assert "Đã phê duyệt" in client_for("xem").get(url).content.decode()


def test_the_to_trinh_downloads_for_the_district_only(slow_and_fast, client_for, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="6/TTr")
    url = f"/dieu-chuyen-von/{proposal.pk}/to-trinh.docx"
    response = client_for("chutich").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for("bqlda").get(url).status_code == 403


def test_the_dashboard_shows_the_forecast_beside_the_target(slow_and_fast, client_for):
    page = client_for("tckh").get("/tong-quan/" + QUERY).content.decode()
    assert 'data-testid="forecast-rate"' in page
    assert "Dự báo đến 31/01/2025" in page
    assert 'data-testid="flagged"' in page and "TINH" in page


def test_the_project_page_explains_its_forecast(slow_and_fast, client_for):
    page = client_for("bqlda").get("/du-an/SLOW/" + QUERY).content.decode()
    assert "Dự báo giải ngân đến 31/01/2025" in page
    assert "theo số liệu các năm 2023 của huyện" in page
    assert "không vượt kế hoạch vốn" in page


def test_the_administration_shows_needs_and_proposals_read_only(slow_and_fast, client_for, people):
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="7/TTr")
    admin = client_for("admin")
    assert admin.get("/admin/reallocation/capitalneed/").status_code == 200
    assert (
        admin.get(f"/admin/reallocation/reallocationproposal/{proposal.pk}/change/").status_code
        == 200
    )
    assert admin.get("/admin/reallocation/reallocationproposal/add/").status_code == 403
    assert (
        admin.post(f"/admin/reallocation/reallocationproposal/{proposal.pk}/delete/").status_code
        == 403
    )


def test_a_refused_row_names_its_place_on_the_page_and_the_amount_typed_there(
    slow_and_fast, client_for, people
):
    """Row 1 deleted, rows 2 and 3 take 6 bn and 3,579 bn from SLOW (9,5 bn left to give):
    the refusal names row 2 and the 6 bn typed on it, never the total as its value."""
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="7/TTr")
    kept = list(proposal.moves.values_list("amount", flat=True))
    rows = [("FAST", "SLOW", "1.000", "on"), ("SLOW", "FAST", "6.000.000.000", "")]
    rows.append(("SLOW", "FAST", "3.579.000.000", ""))
    form = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, (giver, taker, amount, delete) in enumerate(rows):
        form |= {
            f"form-{index}-giver": giver,
            f"form-{index}-taker": taker,
            f"form-{index}-source": "NSDP-HUYEN",
            f"form-{index}-amount": amount,
            f"form-{index}-DELETE": delete,
        }
    response = client_for("tckh").post(f"/dieu-chuyen-von/{proposal.pk}/", form, follow=True)
    page = response.content.decode()
    assert "Dòng 2, số tiền: Dòng 2, 3 cùng chuyển đi 9.579.000.000 đồng" in page
    assert "(giá trị: «6.000.000.000»)" in page
    assert "«9.579.000.000»" not in page
    assert list(proposal.moves.values_list("amount", flat=True)) == kept


def signature_lines(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    return [cell.text for table in document.tables[-1:] for row in table.rows for cell in row.cells]


def test_the_to_trinh_is_signed_by_the_head_of_finance_planning_by_name(
    slow_and_fast, client_for, people, district
):
    """The office's head, recorded on the unit, signs under his own title; where the
    drafter's staff sit on the committee, the committee's Finance-Planning office signs."""
    office = finance_office(district["committee"], head="Nông Văn Hải")
    Membership.objects.filter(user=people["tckh"]).update(unit=office)
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="8/TTr")
    response = client_for("chutich").get(f"/dieu-chuyen-von/{proposal.pk}/to-trinh.docx")
    signature = "\n".join(signature_lines(response.content))
    assert "Trưởng phòng".upper() in signature.upper() and "Nông Văn Hải" in signature
    Membership.objects.filter(user=people["tckh"]).update(unit=district["committee"])
    signature = "\n".join(
        signature_lines(
            client_for("tckh").get(f"/dieu-chuyen-von/{proposal.pk}/to-trinh.docx").content
        )
    )
    assert "Nông Văn Hải" in signature


def test_a_to_trinh_with_no_one_to_sign_it_answers_why_in_vietnamese(
    slow_and_fast, client_for, people
):
    """No office head recorded and a drafter with no name: a page naming what to record,
    never a paper signed by an empty line, never a server error."""
    proposal = proposal_draft(user=people["tckh"], year=2024, as_of=AS_OF, number="9/TTr")
    url = f"/dieu-chuyen-von/{proposal.pk}/to-trinh.docx"
    assert "tckh" in "\n".join(signature_lines(client_for("chutich").get(url).content))
    people["tckh"].first_name = ""
    people["tckh"].save()
    response = client_for("chutich").get(url)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Chưa tạo được tờ trình điều chuyển vốn" in page and "người ký" in page
