"""The movement pages: the list, the live standing, the form, registration and evidence."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from giaingan.emulation.evaluation import movement_evaluate
from giaingan.emulation.models import (
    Category,
    CriterionKind,
    Evidence,
    Movement,
    Registration,
)
from giaingan.emulation.models import Criterion as CriterionRow
from giaingan.emulation.services import evidence_add, movement_register
from tests.conftest import make_project, pay, plan
from tests.emulation.conftest import evidence_dated

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def campaign(district):
    return make_campaign(district)


@pytest.fixture
def open_movement(district):
    return make_open_movement()


def make_campaign(district) -> Movement:
    """DTC-2024: investors also show an initiative; the board and Tân Đoàn take part."""
    movement = Movement.objects.create(
        code="DTC-2024",
        name="Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        plan_year=2024,
        starts_on=D(2024, 4, 15),
        ends_on=D(2025, 1, 31),
        plan_text="KẾ HOẠCH\nPhát động Phong trào thi đua",
    )
    for order, (key, kind) in enumerate(
        [("disbursed_full_plan", CriterionKind.AUTOMATIC), ("sang_kien", CriterionKind.MANUAL)]
    ):
        CriterionRow.objects.create(
            movement=movement,
            category=Category.INVESTOR,
            key=key,
            label="Có sáng kiến, giải pháp hiệu quả" if key == "sang_kien" else "Giải ngân 100%",
            kind=kind,
            order=order,
        )
    for unit, category in [
        (district["board"], Category.INVESTOR),
        (district["tandoan"], Category.COMMUNE),
    ]:
        movement_register(
            movement=movement, unit=unit, category=category, registered_on=D(2024, 4, 20)
        )
    road = make_project("DA1", district["board"], district["tandoan"])
    hall = make_project("DA2", district["tandoan"], district["tandoan"])
    plan(road, 2_000_000_000)
    plan(hall, 1_000_000_000)
    pay(road, 2_000_000_000, on=D(2024, 11, 20))
    pay(hall, 400_000_000, on=D(2024, 12, 1))
    return movement


def make_open_movement() -> Movement:
    """A movement running today, with no participant yet."""
    today = timezone.localdate()
    movement = Movement.objects.create(
        code="TD-NAY",
        name="Phong trào đang diễn ra",
        plan_year=today.year,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
    )
    CriterionRow.objects.create(
        movement=movement,
        category=Category.INVESTOR,
        key="sang_kien",
        label="Có sáng kiến",
        kind=CriterionKind.MANUAL,
    )
    return movement


def board_registration(movement) -> Registration:
    return movement.registrations.get(unit__code="BQLDA")


SENT, ASSESSED = D(2025, 1, 10), D(2025, 1, 20)  # before the deadline


def initiative(movement, **extra) -> Evidence:
    """The board's evidence of an initiative, sent on 10/01/2025."""
    registration = board_registration(movement)
    item = evidence_add(
        registration=registration,
        criterion=movement.criteria.get(key="sang_kien"),
        note=extra.pop("note", "Báo cáo sáng kiến"),
        **extra,
    )
    return evidence_dated(item, sent=SENT)


# The list


def test_the_list_shows_each_movement_with_its_participants(client_for, campaign, open_movement):
    response = client_for("tckh").get(reverse("emulation:movements"))
    assert response.status_code == 200
    rows = {movement.code: movement.participants for movement in response.context["movements"]}
    assert rows == {"DTC-2024": 2, "TD-NAY": 0}
    assert "Tạo phong trào" not in response.text
    assert "Tạo phong trào" in client_for("noivu").get(reverse("emulation:movements")).text


def test_the_menu_offers_the_movements(client_for, campaign):
    response = client_for("bqlda").get(reverse("emulation:movements"))
    assert 'href="/thi-dua/">Thi đua</a>' in response.text


# The movement and its standing


def standing_rows(response):
    return {row.evaluation.code: row for group in response.context["groups"] for row in group.rows}


def test_the_standing_is_the_evaluation_itself(client_for, campaign):
    response = client_for("tckh").get(
        reverse("emulation:movement", args=["DTC-2024"]), {"as_of": "31/12/2024"}
    )
    assert response.status_code == 200
    expected = movement_evaluate(campaign, D(2024, 12, 31))
    shown = standing_rows(response)
    assert set(shown) == {evaluation.code for evaluation in expected}
    for evaluation in expected:
        assert shown[evaluation.code].evaluation.as_dict() == evaluation.as_dict()
        assert shown[evaluation.code].evaluation.rank == evaluation.rank
    assert shown["BQLDA"].evaluation.rank == 1 and shown["XA-TD"].evaluation.rank == 2
    text = response.text
    assert "Kết quả thi đua đến ngày 31/12/2024" in text
    assert "2.000,0" in text and "100,00%" in text and "40,00%" in text
    assert "Kiểm điểm" in text  # Tân Đoàn is at 40%
    assert "Toàn văn kế hoạch phát động" in text and "Phát động Phong trào thi đua" in text


def test_the_standing_defaults_to_today_and_reads_a_bookmarked_date(client_for, campaign):
    client = client_for("tckh")
    today = client.get(reverse("emulation:movement", args=["DTC-2024"]))
    assert today.context["as_of"] == timezone.localdate()
    assert today.context["cutoff"] == D(2025, 1, 31)  # figures stop at the deadline
    early = client.get(reverse("emulation:movement", args=["DTC-2024"]), {"as_of": "30/09/2024"})
    assert standing_rows(early)["BQLDA"].evaluation.disbursed == 0


def test_a_bad_date_is_named_and_today_is_shown(client_for, campaign):
    response = client_for("tckh").get(
        reverse("emulation:movement", args=["DTC-2024"]), {"as_of": "31/13/2024"}
    )
    assert response.status_code == 200
    assert "Ngày «31/13/2024»: ngày không có thật" in response.text
    assert response.context["as_of"] == timezone.localdate()


def test_an_investor_sees_the_whole_standing_with_its_own_row_highlighted(client_for, campaign):
    response = client_for("bqlda").get(reverse("emulation:movement", args=["DTC-2024"]))
    rows = standing_rows(response)
    assert set(rows) == {"BQLDA", "XA-TD"}
    assert rows["BQLDA"].own and not rows["XA-TD"].own
    assert 'class="own" aria-current="true" data-code="BQLDA"' in response.text
    # Its own registration is a link; the other unit's is not.
    assert rows["BQLDA"].url and not rows["XA-TD"].url


def test_a_manual_criterion_shows_waiting_then_met(client_for, campaign, people):
    from giaingan.emulation.services import evidence_assess

    item = initiative(campaign)
    url = reverse("emulation:movement", args=["DTC-2024"])
    waiting = client_for("tckh").get(url, {"as_of": "31/01/2025"})
    assert [cell.status for cell in standing_rows(waiting)["BQLDA"].cells] == [
        "dat",
        "cho_tham_dinh",
    ]
    assert "Chờ thẩm định" in waiting.text
    evidence_dated(
        evidence_assess(evidence=item, accepted=True, user=people["tckh"]),
        sent=SENT,
        assessed=ASSESSED,
    )
    met = client_for("tckh").get(url, {"as_of": "31/01/2025"})
    assert standing_rows(met)["BQLDA"].evaluation.proposal == "award"
    assert "Đề nghị khen thưởng" in met.text


def test_the_downloads_mirror_the_standing_as_csv_and_an_excel_sheet(client_for, campaign):
    client = client_for("tckh")
    csv_response = client.get(
        reverse("emulation:movement_export", args=["DTC-2024", "csv"]), {"as_of": "31/01/2025"}
    )
    assert csv_response.status_code == 200
    assert csv_response["Content-Disposition"].endswith('thi_dua_DTC-2024_20250131.csv"')
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "Hạng",
        "Mã đơn vị",
        "Đơn vị",
        "Nhóm đối tượng",
        "Kế hoạch (đồng)",
        "Đã giải ngân (đồng)",
        "Tỷ lệ",
        "Ngày đạt 100%",
    ]
    assert rows[0][-1] == "Đề xuất"
    # The page's groups in its order, best rank first in each: the same rows, same order.
    page = client.get(reverse("emulation:movement", args=["DTC-2024"]), {"as_of": "31/01/2025"})
    assert [row[1] for row in rows[1:]] == re.findall(r'data-code="([^"]+)"', page.text)
    assert sorted(row[1] for row in rows[1:]) == ["BQLDA", "XA-TD"]
    bqlda = next(row for row in rows if row[1] == "BQLDA")
    assert bqlda[4:8] == ["2000000000", "2000000000", "100,00%", "20/11/2024"]
    xlsx = client.get(
        reverse("emulation:movement_export", args=["DTC-2024", "xlsx"]), {"as_of": "31/01/2025"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    sheet_rows = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert sheet_rows[0] == rows[0]  # the csv's headers, the page's
    assert [row[1] for row in sheet_rows[1:]] == [row[1] for row in rows[1:]]
    assert next(row for row in sheet_rows if row[1] == "BQLDA")[4] == 2_000_000_000
    assert (
        client.get(reverse("emulation:movement_export", args=["DTC-2024", "pdf"])).status_code
        == 404
    )


def test_an_unknown_movement_is_not_found(client_for, campaign):
    assert (
        client_for("tckh").get(reverse("emulation:movement", args=["KHONG-CO"])).status_code == 404
    )


# Creating and editing a movement


def movement_post(**fields) -> dict:
    data = {
        "code": "DTC-2025",
        "name": "Đẩy nhanh giải ngân năm 2025",
        "plan_number": "45/KH-UBND",
        "plan_date": "10/03/2025",
        "plan_year": "2025",
        "starts_on": "10/03/2025",
        "ends_on": "31/01/2026",
        "deadline": "",
        "award_form": "Giấy khen của Chủ tịch UBND huyện",
        "review_below_percent": "99,5",
        "plan_text": "KẾ HOẠCH",
    }
    rows = fields.pop("rows", None)
    if rows is None:
        rows = [
            ("chu_dau_tu", "Giải ngân 100% kế hoạch", "tu_dong", "disbursed_full_plan", True),
            ("chu_dau_tu", "Có sáng kiến, giải pháp hiệu quả", "thu_cong", "", True),
            ("nha_thau", "Nộp đủ thuế", "thu_cong", "", True),
            ("", "", "thu_cong", "", True),  # a blank line, left out
        ]
    data.update(fields)
    data.update(
        {
            "criteria-TOTAL_FORMS": str(len(rows)),
            "criteria-INITIAL_FORMS": str(fields.pop("initial", 0)),
            "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "200",
        }
    )
    for number, row in enumerate(rows):
        category, label, kind, key, required = row[:5]
        data.update(
            {
                f"criteria-{number}-category": category,
                f"criteria-{number}-label": label,
                f"criteria-{number}-kind": kind,
                f"criteria-{number}-key": key,
            }
        )
        if required:
            data[f"criteria-{number}-required"] = "on"
        if len(row) > 5 and row[5]:
            data[f"criteria-{number}-DELETE"] = "on"
    return data


def test_internal_affairs_creates_a_movement_with_its_checklist(client_for, district):
    client = client_for("noivu")
    form = client.get(reverse("emulation:movement_new"))
    assert form.status_code == 200
    assert len(form.context["criteria"].forms) == 6 + 5  # the automatic lines, then blanks
    response = client.post(reverse("emulation:movement_new"), movement_post())
    assert response.status_code == 302
    assert response.url == reverse("emulation:movement", args=["DTC-2025"])
    movement = Movement.objects.get(code="DTC-2025")
    assert str(movement.review_below_percent) == "99.50"
    assert movement.plan_date == D(2025, 3, 10)
    assert list(movement.criteria.values_list("category", "key", "order")) == [
        ("chu_dau_tu", "disbursed_full_plan", 1),
        ("chu_dau_tu", "co_sang_kien_giai_phap_hieu_qua", 2),
        ("nha_thau", "nop_du_thue", 1),
    ]
    page = client.get(response.url)
    assert "Đã tạo phong trào DTC-2025: 2 nhóm đối tượng, 3 tiêu chí." in page.text


def test_a_bad_movement_form_names_each_place_and_writes_nothing(client_for, district):
    data = movement_post(
        ends_on="01/01/2025",
        rows=[
            ("chu_dau_tu", "Giải ngân nhanh", "tu_dong", "giai_ngan_nhanh", True),
            ("nha_thau", "", "thu_cong", "", True),
        ],
    )
    response = client_for("noivu").post(reverse("emulation:movement_new"), data)
    assert response.status_code == 200
    assert not Movement.objects.filter(code="DTC-2025").exists()
    rows = response.context["criteria"].forms
    assert rows[1].errors["label"] == ["Chưa nhập nội dung tiêu chí."]
    # The form's own checks come first; fix them and the service's show in place.
    data = movement_post(
        ends_on="01/01/2025",
        rows=[("chu_dau_tu", "Giải ngân nhanh", "tu_dong", "giai_ngan_nhanh", True)],
    )
    response = client_for("noivu").post(reverse("emulation:movement_new"), data)
    assert response.context["form"].errors["ends_on"] == [
        "Ngày kết thúc phải từ ngày bắt đầu (10/03/2025) trở đi."
    ]
    assert (
        "tiêu chí tự động chỉ có thể là"
        in response.context["criteria"].forms[0].errors["key"][0].lower()
    )
    assert "Chưa ghi được phong trào." in response.text
    assert not Movement.objects.filter(code="DTC-2025").exists()


def test_an_existing_code_is_refused(client_for, campaign):
    response = client_for("noivu").post(
        reverse("emulation:movement_new"), movement_post(code="DTC-2024")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Đã có phong trào mang mã này."]
    assert (
        Movement.objects.get(code="DTC-2024").name == "Đẩy nhanh tiến độ giải ngân vốn đầu tư công"
    )


def test_editing_keeps_the_code_and_removes_a_ticked_line(client_for, campaign):
    client = client_for("noivu")
    url = reverse("emulation:movement_edit", args=["DTC-2024"])
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"]["code"].field.disabled
    data = movement_post(
        code="DOI-MA",
        name="Tên mới",
        plan_year="2024",
        starts_on="15/04/2024",
        ends_on="31/01/2025",
        initial=2,
        rows=[
            ("chu_dau_tu", "Giải ngân 100%", "tu_dong", "disbursed_full_plan", True),
            ("chu_dau_tu", "Có sáng kiến", "thu_cong", "sang_kien", True, True),
        ],
    )
    response = client.post(url, data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.code, campaign.name) == ("DTC-2024", "Tên mới")
    assert list(campaign.criteria.values_list("key", flat=True)) == ["disbursed_full_plan"]


def test_a_line_with_evidence_cannot_be_removed_in_the_form(client_for, campaign):
    initiative(campaign)
    data = movement_post(
        plan_year="2024",
        starts_on="15/04/2024",
        ends_on="31/01/2025",
        initial=2,
        rows=[
            ("chu_dau_tu", "Giải ngân 100%", "tu_dong", "disbursed_full_plan", True),
            ("chu_dau_tu", "Có sáng kiến", "thu_cong", "sang_kien", True, True),
        ],
    )
    response = client_for("noivu").post(reverse("emulation:movement_edit", args=["DTC-2024"]), data)
    assert response.status_code == 200
    assert response.context["problems"] == [
        "Không bỏ được tiêu chí «sang_kien» của nhóm Chủ đầu tư vì đã có đơn vị nộp "
        "minh chứng cho tiêu chí này."
    ]
    assert campaign.criteria.filter(key="sang_kien").exists()


# Registration


def test_an_investor_registers_its_own_unit(client_for, open_movement, district):
    client = client_for("bqlda")
    url = reverse("emulation:registration_new", args=["TD-NAY"])
    form = client.get(url)
    assert form.status_code == 200
    assert list(form.context["form"].fields["unit"].queryset) == [district["board"]]
    assert form.context["form"].initial["category"] == Category.INVESTOR
    response = client.post(
        url, {"unit": district["board"].pk, "category": "chu_dau_tu", "pledge": "Giải ngân 100%"}
    )
    registration = Registration.objects.get(movement=open_movement)
    assert response.status_code == 302
    assert response.url == reverse("emulation:registration", args=["TD-NAY", registration.pk])
    assert (registration.unit, registration.registered_on) == (
        district["board"],
        timezone.localdate(),
    )


def test_an_investor_cannot_register_another_unit(client_for, open_movement, district):
    response = client_for("bqlda").post(
        reverse("emulation:registration_new", args=["TD-NAY"]),
        {"unit": district["vanan"].pk, "category": "xa"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == ["Bạn không đăng ký được cho đơn vị này."]
    assert not Registration.objects.exists()


def test_internal_affairs_registers_any_unit(client_for, open_movement, district):
    response = client_for("noivu").post(
        reverse("emulation:registration_new", args=["TD-NAY"]),
        {"unit": district["vanan"].pk, "category": "xa"},
    )
    assert response.status_code == 302
    assert Registration.objects.get().unit == district["vanan"]


def test_registering_outside_the_period_is_refused_in_vietnamese(client_for, campaign, district):
    Registration.objects.filter(unit=district["board"]).delete()
    response = client_for("bqlda").post(
        reverse("emulation:registration_new", args=["DTC-2024"]),
        {"unit": district["board"].pk, "category": "chu_dau_tu"},
    )
    assert response.status_code == 200
    assert (
        "Ngày đăng ký phải trong thời gian phong trào (15/04/2024 - 31/01/2025)." in response.text
    )
    assert not campaign.registrations.filter(unit=district["board"]).exists()


def test_a_registered_unit_is_told_so(client_for, campaign):
    response = client_for("bqlda").get(reverse("emulation:registration_new", args=["DTC-2024"]))
    assert response.status_code == 200
    assert not response.context["has_units"]
    assert "đã đăng ký ngày 20/04/2024" in response.text


# Evidence


def test_an_investor_sends_evidence_with_a_file(client_for, campaign, media):
    registration = board_registration(campaign)
    url = reverse("emulation:evidence_new", args=["DTC-2024", registration.pk])
    upload = SimpleUploadedFile("bao cáo sáng kiến.pdf", b"%PDF-1.4 sang kien", "application/pdf")
    response = client_for("bqlda").post(
        url,
        {
            "criterion": campaign.criteria.get(key="sang_kien").pk,
            "note": "Sáng kiến thanh toán theo hạng mục",
            "file": upload,
        },
    )
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert (item.accepted, item.uploaded_by.username) == (None, "bqlda")
    assert item.file.path.startswith(str(media))
    page = client_for("bqlda").get(response.url)
    assert "Chờ thẩm định" in page.text and "Sáng kiến thanh toán theo hạng mục" in page.text
    download = client_for("bqlda").get(reverse("emulation:evidence_file", args=[item.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 sang kien"
    assert "attachment" in download["Content-Disposition"]


def test_a_wrong_file_is_refused_next_to_the_field(client_for, campaign):
    registration = board_registration(campaign)
    response = client_for("bqlda").post(
        reverse("emulation:evidence_new", args=["DTC-2024", registration.pk]),
        {
            "criterion": campaign.criteria.get(key="sang_kien").pk,
            "note": "Sáng kiến",
            "file": SimpleUploadedFile("virus.exe", b"MZ"),
        },
    )
    assert response.status_code == 200
    assert "không đúng loại" in response.context["evidence_form"].errors["file"][0]
    assert not Evidence.objects.exists()


def test_an_automatic_criterion_takes_no_evidence(client_for, campaign):
    registration = board_registration(campaign)
    response = client_for("bqlda").post(
        reverse("emulation:evidence_new", args=["DTC-2024", registration.pk]),
        {"criterion": campaign.criteria.get(key="disbursed_full_plan").pk, "note": "Đã giải ngân"},
    )
    assert response.status_code == 200
    assert response.context["evidence_form"].errors["criterion"]
    assert not Evidence.objects.exists()


def test_finance_planning_accepts_evidence_and_the_standing_shows_it_met(client_for, campaign):
    item = initiative(campaign)
    client = client_for("tckh")
    response = client.post(
        reverse("emulation:evidence_assess", args=[item.pk]),
        {"decision": "accept", "note": "Đúng thực tế"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.accepted, item.assessed_by.username, item.assessment_note) == (
        True,
        "tckh",
        "Đúng thực tế",
    )
    evidence_dated(item, sent=SENT, assessed=ASSESSED)
    standing = client.get(reverse("emulation:movement", args=["DTC-2024"]), {"as_of": "31/01/2025"})
    assert [cell.met for cell in standing_rows(standing)["BQLDA"].cells] == [True, True]


def test_a_refusal_without_a_reason_is_refused_with_a_message(client_for, campaign):
    item = initiative(campaign)
    client = client_for("tckh")
    response = client.post(
        reverse("emulation:evidence_assess", args=[item.pk]), {"decision": "refuse", "note": ""}
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert (
        "Minh chứng «Có sáng kiến, giải pháp hiệu quả» của Ban QLDA ĐTXD huyện: "
        "hãy ghi lý do không công nhận minh chứng." in page.text
    )
    item.refresh_from_db()
    assert item.accepted is None


def test_uploaded_files_have_no_public_address(client, campaign):
    initiative(campaign, file=SimpleUploadedFile("sang_kien.pdf", b"%PDF"))
    item = Evidence.objects.get()
    assert client.get("/media/" + item.file.name).status_code == 404
