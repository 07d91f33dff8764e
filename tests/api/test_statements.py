"""A treasury statement posted through the API: preview, confirm, all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giaingan.capital.models import TreasuryLine
from giaingan.imports.models import ImportBatch
from tests.conftest import ROLE_LOGINS
from tests.imports.helpers import PLAN, PROJECTS, TREASURY, csv_bytes, run_import, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = "/api/v1/treasury-statements/"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WRITERS = {"tckh", "khobac", "admin"}


@pytest.fixture
def catalogue(district):
    for kind, rows in [("projects", PROJECTS), ("plan", PLAN)]:
        assert run_import(kind, csv_bytes(rows)).ok


def post_file(api, content: bytes, name: str = "kho_bac.csv"):
    return api.post(UPLOAD, {"file": SimpleUploadedFile(name, content)}, format="multipart")


def test_a_statement_is_previewed_then_confirmed_once(api_for, catalogue, tmp_path):
    api = api_for("khobac")
    preview = post_file(api, xlsx_bytes(TREASURY), "kho_bac.xlsx")
    assert preview.status_code == 201
    data = preview.json()
    assert data["preview"] is True and data["ok"] is True and data["status"] == "done"
    assert data["problems"] == [] and data["rows_read"] == 4 and data["created"] == 4
    assert data["summary"].startswith("Đọc 4 dòng. Sẽ tạo mới 4,")
    assert "Chạy thử: chưa ghi gì" in data["summary"]
    # The preview wrote nothing.
    assert (
        not TreasuryLine.objects.exists()
        and not ImportBatch.objects.filter(kind="treasury").exists()
    )

    confirmed = api.post(data["confirm_url"])
    assert confirmed.status_code == 201
    done = confirmed.json()
    assert done["preview"] is False and done["ok"] is True and done["created"] == 4
    batch = ImportBatch.objects.get(pk=done["batch"])
    assert batch.user.username == "khobac" and batch.file_name == "kho_bac.xlsx"
    assert batch.sha256 == data["sha256"]
    assert TreasuryLine.objects.filter(import_batch=batch).count() == 4
    assert list(tmp_path.joinpath("imports").glob("*.xlsx*")) == []

    again = api.post(data["confirm_url"])
    assert again.status_code == 409
    assert again.json()["detail"].startswith("Tệp chờ nhập không còn")
    assert TreasuryLine.objects.count() == 4
    # The same file again changes nothing and says so, as the importer does.
    repeat = post_file(api, xlsx_bytes(TREASURY), "kho_bac.xlsx").json()
    assert "không có gì thay đổi" in repeat["summary"] and repeat["skipped"] == 4


def test_a_bad_statement_lists_every_problem_and_cannot_be_confirmed(api_for, catalogue):
    rows = [row[:] for row in TREASURY]
    rows[2][2] = "DA9"  # an unknown project
    rows[3][6] = "ba trăm"  # not an amount
    answer = post_file(api_for("tckh"), csv_bytes(rows))
    assert answer.status_code == 201
    data = answer.json()
    assert data["ok"] is False and data["confirm_url"] is None
    # The correction on row 5 names row 4's document, which is not written either.
    assert data["problems_total"] == 3
    assert [(p["row"], p["column"]) for p in data["problems"]] == [
        (3, "ma_du_an"),
        (4, "so_tien"),
        (5, "chung_tu_goc"),
    ]
    assert data["problems"][0]["message"].startswith("Dòng 3, cột ma_du_an: ")
    assert "không ghi dòng nào" in data["summary"]
    refused = api_for("tckh").post(f"{UPLOAD}{data['id']}/confirm/")
    assert refused.status_code == 409
    assert (
        not TreasuryLine.objects.exists()
        and not ImportBatch.objects.filter(kind="treasury").exists()
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kho_bac.xls", b"x", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)"),
        ("kho_bac.csv", b"", "Tệp rỗng (0 byte)."),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_before_reading(
    api_for, catalogue, name, content, message
):
    answer = post_file(api_for("tckh"), content, name)
    assert answer.status_code == 400
    assert answer.json()["file"][0].startswith(message)


def test_no_file_is_refused_in_vietnamese(api_for, catalogue):
    answer = api_for("tckh").post(UPLOAD, {}, format="multipart")
    assert answer.status_code == 400
    assert answer.json() == {"file": ["Hãy chọn một tệp .xlsx hoặc .csv."]}


@pytest.mark.parametrize("login", [*ROLE_LOGINS, "admin"])
def test_only_who_may_import_the_treasurys_lines_posts_them(api_for, catalogue, login):
    answer = post_file(api_for(login), csv_bytes(TREASURY))
    assert answer.status_code == (201 if login in WRITERS else 403)
    assert not TreasuryLine.objects.exists()


def test_only_the_uploader_confirms_and_others_do_not_see_it(api_for, catalogue):
    preview = post_file(api_for("khobac"), csv_bytes(TREASURY)).json()
    url = f"{UPLOAD}{preview['id']}/"
    # Finance-Planning follows the treasury's imports but confirms only its own uploads.
    assert api_for("tckh").get(url).status_code == 200
    assert api_for("tckh").post(url + "confirm/").status_code == 403
    assert api_for("bqlda").get(url).status_code == 403
    assert not TreasuryLine.objects.exists()
    assert api_for("khobac").post(url + "confirm/").status_code == 201


def test_the_data_changed_since_the_preview_writes_nothing(api_for, catalogue):
    api = api_for("tckh")
    preview = post_file(api, csv_bytes(TREASURY)).json()
    # Someone imports the first line meanwhile, with other content: the confirm now fails.
    changed = [TREASURY[0], [*TREASURY[1][:6], "90000000", "", ""]]
    assert run_import("treasury", csv_bytes(changed)).ok
    answer = api.post(preview["confirm_url"])
    assert answer.status_code == 409
    assert answer.json()["detail"].startswith("Dữ liệu đã thay đổi từ lúc xem trước")
    assert answer.json()["problems"][0]["row"] == 2
    assert TreasuryLine.objects.count() == 1


def test_a_large_statement_goes_to_the_background_worker(
    api_for, catalogue, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_BYTES = 1
    settings.TASKS = IMMEDIATE
    api = api_for("khobac")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        answer = post_file(api, csv_bytes(TREASURY))
    assert answer.status_code == 202 and answer.json()["status"] == "queued"
    assert answer.json()["confirm_url"] is None
    for callback in queued:
        callback()
    preview = api.get(f"{UPLOAD}{answer.json()['id']}/").json()
    assert preview["status"] == "done" and preview["ok"] is True
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = api.post(preview["confirm_url"])
    assert confirmed.status_code == 202
    final = api.get(f"{UPLOAD}{confirmed.json()['id']}/").json()
    assert final["status"] == "done" and final["created"] == 4
    assert TreasuryLine.objects.count() == 4


def test_a_control_character_in_a_json_body_is_refused_as_json_naming_the_field(api_for, catalogue):
    api = api_for("tckh")
    body = api.post(
        "/api/v1/treasury-statements/1/confirm/",
        {"note": "a\u0000b", "lines": [{"x": "ok"}, {"y": "\u0007"}]},
        format="json",
    )
    assert body.status_code == 400
    assert body.json()["problems"] == [
        "Trường «note» có ký tự điều khiển không hợp lệ (U+0000, thường do dán từ phần mềm "
        "khác): hãy xóa ký tự đó rồi nhập lại.",
        "Trường «lines[1].y» có ký tự điều khiển không hợp lệ (U+0007, thường do dán từ phần "
        "mềm khác): hãy xóa ký tự đó rồi nhập lại.",
    ]
    assert not ImportBatch.objects.filter(kind="treasury").exists()


def test_a_control_character_in_a_posted_field_is_refused_as_json(api_for, catalogue):
    answer = api_for("tckh").post(
        UPLOAD,
        {"file": SimpleUploadedFile("kho_bac.csv", csv_bytes(TREASURY)), "note": "x\u001by"},
        format="multipart",
    )
    assert answer.status_code == 400 and answer["Content-Type"] == "application/json"
    assert answer.json()["detail"].startswith("Ô «note» có ký tự điều khiển không hợp lệ (U+001B")
    assert not ImportBatch.objects.filter(kind="treasury").exists()
