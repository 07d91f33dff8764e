"""The import pages: who may use them, and the upload, preview, confirm journey."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from giaingan.capital.models import PlanEntry, Project, TreasuryLine
from giaingan.imports.models import ImportBatch
from giaingan.org.models import Unit
from tests.conftest import ROLE_LOGINS
from tests.imports.helpers import (
    PLAN,
    PROJECTS,
    TREASURY,
    UNITS,
    csv_bytes,
    run_import,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

KINDS = ["units", "projects", "plan", "treasury"]
ROLES = [*ROLE_LOGINS, "admin"]
IMPORTS = {"tckh": set(KINDS), "admin": set(KINDS), "khobac": {"treasury"}}
SEES_HISTORY = {"tckh", "khobac", "admin"}
# The district fixture already holds these units; one more makes the first step write.
NEW_UNITS = [*UNITS, ["TT-VQ", "UBND thị trấn Văn Quan", "xa", "UBND"]]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "imports"


def upload(client: Client, kind: str, content: bytes, name: str):
    return client.post(
        reverse("imports:upload", args=[kind]), {"file": SimpleUploadedFile(name, content)}
    )


def token_of(response) -> str:
    found = re.findall(r'name="token" value="([0-9a-f]+)"', response.content.decode())
    assert found, "no confirm form on the page"
    return found[0]


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def problem_rows(response) -> list[tuple[str, str, str, str]]:
    cells = (
        r"<tr>\s*<td class=\"num\">(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>"
    )
    return [
        tuple(html.unescape(cell) for cell in row)
        for row in re.findall(cells, response.content.decode(), re.S)
    ]


def stored_files(media) -> list[str]:
    return sorted(path.name for path in media.iterdir()) if media.exists() else []


# Who may do what -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_exactly_the_pages_its_rules_allow(client_for, role, media):
    client = client_for(role)
    for kind in KINDS:
        allowed = kind in IMPORTS.get(role, set())
        expected = 200 if allowed else 403
        assert client.get(reverse("imports:upload", args=[kind])).status_code == expected
        assert client.get(reverse("imports:template", args=[kind])).status_code == expected
        posted = upload(client, kind, csv_bytes(NEW_UNITS), "don_vi.csv")
        assert posted.status_code == expected, (role, kind)
        confirmed = client.post(reverse("imports:confirm", args=[kind]), {"token": "0" * 32})
        # Someone allowed gets "no such upload"; anyone else is refused before that.
        assert confirmed.status_code == (404 if allowed else 403)
        if not allowed:
            assert "Không có quyền truy cập" in text_of(posted)
    history = client.get(reverse("imports:home"))
    assert history.status_code == (200 if role in SEES_HISTORY else 403)
    batch = ImportBatch.objects.create(kind="units", file_name="a.csv", sha256="0" * 64)
    page = client.get(reverse("imports:batch", args=[batch.pk]))
    assert page.status_code == (200 if role in SEES_HISTORY else 403)
    # Refused uploads left nothing behind, allowed ones wait for confirmation.
    assert Unit.objects.filter(code="TT-VQ").exists() is False
    assert len(stored_files(media)) == (1 if "units" in IMPORTS.get(role, set()) else 0)


def test_the_home_page_offers_only_the_kinds_the_user_may_import(client_for):
    page = text_of(client_for("khobac").get(reverse("imports:home")))
    assert 'action="/imports/treasury/"' in page
    assert "/imports/treasury/template.xlsx" in page
    for kind in ("units", "projects", "plan"):
        assert f'action="/imports/{kind}/"' not in page
    page = text_of(client_for("tckh").get(reverse("imports:home")))
    for kind in KINDS:
        assert f'action="/imports/{kind}/"' in page
        assert f"/imports/{kind}/template.xlsx" in page


@pytest.mark.parametrize(
    "url",
    [
        "/imports/",
        "/imports/units/",
        "/imports/treasury/template.xlsx",
        "/imports/batch/1/",
    ],
)
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


def test_an_anonymous_post_writes_nothing_and_asks_for_login(client, db, media):
    response = upload(client, "units", csv_bytes(NEW_UNITS), "don_vi.csv")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    confirm = client.post(reverse("imports:confirm", args=["units"]), {"token": "0" * 32})
    assert confirm.status_code == 302
    assert stored_files(media) == [] and not Unit.objects.exists()


def test_an_unknown_kind_is_not_found(client_for):
    assert client_for("admin").get("/imports/hopdong/").status_code == 404


# The journey ---------------------------------------------------------------------------


def test_the_four_sample_files_go_through_preview_and_confirm(client_for, media):
    client = client_for("tckh")
    steps = [
        ("units", csv_bytes(NEW_UNITS), "don_vi.csv", 1),
        ("projects", csv_bytes(PROJECTS), "du_an.csv", 2),
        ("plan", xlsx_bytes(PLAN), "ke_hoach_von.xlsx", 4),
        ("treasury", csv_bytes(TREASURY, delimiter=";"), "kho_bac.csv", 4),
    ]
    for kind, content, name, created in steps:
        before = (Unit.objects.count(), Project.objects.count(), PlanEntry.objects.count())
        preview = upload(client, kind, content, name)
        page = text_of(preview)
        assert preview.status_code == 200
        assert f"Sẽ tạo mới {created}," in page
        assert name in page and "Chạy thử: chưa ghi gì" in page
        assert "Xác nhận nhập</button>" in page
        # The preview wrote nothing.
        after = (Unit.objects.count(), Project.objects.count(), PlanEntry.objects.count())
        assert after == before and not TreasuryLine.objects.exists()
        assert not ImportBatch.objects.filter(kind=kind).exists()
        assert len(stored_files(media)) == 1

        done = client.post(
            reverse("imports:confirm", args=[kind]), {"token": token_of(preview)}, follow=True
        )
        batch = ImportBatch.objects.get(kind=kind)
        assert done.redirect_chain == [(reverse("imports:batch", args=[batch.pk]), 302)]
        page = text_of(done)
        assert f"Đã nhập tệp {name}. Đọc" in page and f"Đã tạo mới {created}," in page
        assert batch.sha256 in page and batch.user.username == "tckh"
        assert (batch.file_name, batch.created) == (name, created)
        assert stored_files(media) == []

    assert Unit.objects.filter(code="TT-VQ", parent__code="UBND").exists()
    assert set(Project.objects.values_list("code", flat=True)) == {"DA1", "DA2"}
    assert PlanEntry.objects.count() == 4 and TreasuryLine.objects.count() == 4
    projects = text_of(client.get(reverse("imports:batch", args=[_batch("projects").pk])))
    assert "Mã dự án tạo mới (2)" in projects and "DA1, DA2" in projects
    treasury = text_of(client.get(reverse("imports:batch", args=[_batch("treasury").pk])))
    assert re.search(r"Dòng sổ giải ngân đã ghi</div><div class=\"value\">4<", treasury)

    again = upload(client, "treasury", csv_bytes(TREASURY, delimiter=";"), "kho_bac.csv")
    page = text_of(again)
    assert "không có gì thay đổi" in page and "bỏ qua 4 dòng đã có" in page
    assert "Tệp giống hệt (cùng SHA-256) đã được nhập" in page

    history = text_of(client.get(reverse("imports:home")))
    for name in ("don_vi.csv", "du_an.csv", "ke_hoach_von.xlsx", "kho_bac.csv"):
        assert name in history
    sha = _batch("plan").sha256
    assert f'<code title="{sha}">{sha[:12]}…</code>' in history


def _batch(kind: str) -> ImportBatch:
    return ImportBatch.objects.get(kind=kind)


def test_a_bad_file_shows_every_problem_and_cannot_be_confirmed(client_for, media):
    run_import("units", csv_bytes(UNITS))
    run_import("projects", csv_bytes(PROJECTS))
    rows = [
        PLAN[0],
        ["4888/QĐ-UBND", "22/12/2023", "giao_dau_nam", "DA1", "NSDP-HUYEN", "2024", "1000000000"],
        ["4888/QĐ-UBND", "22/12/2023", "giao_dau_nam", "DA9", "NSDP-HUYEN", "2024", "1000"],
        ["4888/QĐ-UBND", "31/02/2023", "giao_dau_nam", "DA2", "NSDP-HUYEN", "2024", "1,5"],
        ["4889/QĐ-UBND", "22/12/2023", "cho_khong", "DA2", "NGUON-LA", "2024", "1000"],
    ]
    response = upload(
        client_for("tckh"), "plan", csv_bytes(rows, delimiter=";"), "ke_hoach_loi.csv"
    )
    assert response.status_code == 200
    found = {(row, column) for row, column, _value, _reason in problem_rows(response)}
    assert found == {
        ("3", "ma_du_an"),
        ("4", "ngay_quyet_dinh"),
        ("4", "so_tien"),
        ("5", "loai"),
        ("5", "nguon_von"),
    }
    page = text_of(response)
    assert "Tệp ke_hoach_loi.csv có 5 lỗi; không ghi dòng nào." in page
    assert ("3", "ma_du_an", "DA9", "không có dự án mang mã này") in problem_rows(response)
    assert reverse("imports:confirm", args=["plan"]) not in page
    assert 'name="token"' not in page
    assert not PlanEntry.objects.exists()
    assert not ImportBatch.objects.filter(kind="plan").exists()
    assert stored_files(media) == []


def test_a_broken_or_empty_file_gives_a_vietnamese_problem(client_for, media):
    client = client_for("tckh")
    broken = upload(client, "units", b"PK\x03\x04 khong phai excel", "don_vi.xlsx")
    assert broken.status_code == 200
    assert "Không đọc được tệp Excel (.xlsx)" in text_of(broken)
    latin = upload(
        client, "units", "ma_don_vi,ten_don_vi,loai\nX,Đông,xa\n".encode("cp1258"), "u.csv"
    )
    assert "không phải mã UTF-8" in text_of(latin)
    headers_only = upload(client, "units", b"ma_don_vi,ten_don_vi\n", "u.csv")
    rows = problem_rows(headers_only)
    assert ("1", "loai", "", "Thiếu cột bắt buộc.") in rows
    assert not ImportBatch.objects.exists() and stored_files(media) == []


def test_files_of_other_types_or_too_large_are_refused(client_for, media, settings):
    client = client_for("tckh")
    response = upload(client, "units", csv_bytes(NEW_UNITS), "don_vi.xls")
    assert response.status_code == 200
    assert "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)" in text_of(response)
    empty = client.post(reverse("imports:upload", args=["units"]), {})
    assert "Hãy chọn một tệp .xlsx hoặc .csv." in text_of(empty)
    settings.IMPORT_MAX_FILE_BYTES = 10
    large = upload(client, "units", csv_bytes(NEW_UNITS), "don_vi.csv")
    assert "quá giới hạn 10 byte" in text_of(large)
    assert stored_files(media) == [] and not Unit.objects.filter(code="TT-VQ").exists()


# Tokens ----------------------------------------------------------------------------------


def test_a_token_from_another_users_session_is_refused(client_for, people, media):
    owner = client_for("tckh")
    token = token_of(upload(owner, "units", csv_bytes(NEW_UNITS), "don_vi.csv"))
    stranger = Client()
    stranger.force_login(people["admin"])
    refused = stranger.post(reverse("imports:confirm", args=["units"]), {"token": token})
    assert refused.status_code == 404
    cancelled = stranger.post(reverse("imports:cancel", args=["units"]), {"token": token})
    assert cancelled.status_code == 302
    assert not Unit.objects.filter(code="TT-VQ").exists() and len(stored_files(media)) == 1
    # The owner still can.
    done = owner.post(reverse("imports:confirm", args=["units"]), {"token": token})
    assert done.status_code == 302 and Unit.objects.filter(code="TT-VQ").exists()


def test_a_token_only_confirms_its_own_kind_and_only_once(client_for, media):
    client = client_for("tckh")
    token = token_of(upload(client, "units", csv_bytes(NEW_UNITS), "don_vi.csv"))
    wrong_kind = client.post(reverse("imports:confirm", args=["projects"]), {"token": token})
    assert wrong_kind.status_code == 404
    assert (
        client.post(reverse("imports:confirm", args=["units"]), {"token": token}).status_code == 302
    )
    again = client.post(reverse("imports:confirm", args=["units"]), {"token": token})
    assert again.status_code == 404
    assert ImportBatch.objects.filter(kind="units").count() == 1


def test_cancelling_deletes_the_upload_and_writes_nothing(client_for, media):
    client = client_for("tckh")
    token = token_of(upload(client, "units", csv_bytes(NEW_UNITS), "don_vi.csv"))
    assert len(stored_files(media)) == 1
    response = client.post(reverse("imports:cancel", args=["units"]), {"token": token}, follow=True)
    assert "Đã hủy nhập tệp don_vi.csv: không ghi gì." in text_of(response)
    assert stored_files(media) == [] and not ImportBatch.objects.exists()
    assert (
        client.post(reverse("imports:confirm", args=["units"]), {"token": token}).status_code == 404
    )
    assert not Unit.objects.filter(code="TT-VQ").exists()


def test_a_confirm_shows_problems_when_the_data_changed_since_the_preview(client_for, media):
    client = client_for("tckh")
    run_import("units", csv_bytes(UNITS))
    preview = upload(client, "projects", csv_bytes(PROJECTS), "du_an.csv")
    token = token_of(preview)
    # Meanwhile a second unit arrives with the name the file uses for an investor, so the
    # name no longer identifies one unit.
    run_import("units", csv_bytes([UNITS[0], ["XA-TD2", "UBND xã Tân Đoàn", "xa", "UBND"]]))
    response = client.post(reverse("imports:confirm", args=["projects"]), {"token": token})
    assert response.status_code == 200
    page = text_of(response)
    assert "Dữ liệu đã thay đổi từ lúc xem trước" in page
    assert ("3", "chu_dau_tu") in {(row, column) for row, column, *_ in problem_rows(response)}
    assert not Project.objects.exists() and stored_files(media) == []
    assert not ImportBatch.objects.filter(kind="projects").exists()


def test_confirm_and_cancel_accept_only_post(client_for):
    client = client_for("tckh")
    assert client.get(reverse("imports:confirm", args=["units"])).status_code == 405
    assert client.get(reverse("imports:cancel", args=["units"])).status_code == 405


def test_csrf_protection_stays_on(people, media):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["tckh"])
    response = upload(client, "units", csv_bytes(NEW_UNITS), "don_vi.csv")
    assert response.status_code == 403 and stored_files(media) == []


# History ---------------------------------------------------------------------------------


def test_the_history_shows_fifty_imports_a_page(client_for):
    for number in range(51):
        ImportBatch.objects.create(kind="plan", file_name=f"tep{number}.csv", sha256="a" * 64)
    client = client_for("khobac")
    first = client.get(reverse("imports:home")).content.decode()
    second = client.get(reverse("imports:home") + "?page=2").content.decode()
    assert first.count('href="/imports/batch/') == 50
    assert second.count('href="/imports/batch/') == 1
    assert "Trang 2 / 2 (51 lần nhập)" in html.unescape(second)
    assert "tep50.csv" in first and "tep0.csv" in second  # the newest first
