"""The downloadable xlsx templates: FORMATS.md headers, a guide, and an example that imports."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from giaingan.capital.models import PlanEntry, Project, TreasuryLine
from giaingan.org.models import Unit
from tests.imports.helpers import csv_bytes, run_import

pytestmark = pytest.mark.django_db

# The column names of FORMATS.md, in its order: the public contract of the files.
FORMATS_HEADERS = {
    # FORMATS.md's, then the unit's head, who signs its papers (optional: README).
    "units": [
        "ma_don_vi",
        "ten_don_vi",
        "loai",
        "don_vi_cha",
        "ma_so_thue",
        "nguoi_dung_dau",
        "chuc_danh_nguoi_dung_dau",
    ],
    "projects": [
        "ma_du_an",
        "ten_du_an",
        "chu_dau_tu",
        "co_quan_chu_quan",
        "dia_ban",
        "nhom",
        "linh_vuc",
        "tong_muc_dau_tu",
        "nam_bat_dau",
        "nam_ket_thuc",
        "trong_diem",
    ],
    "plan": [
        "so_quyet_dinh",
        "ngay_quyet_dinh",
        "loai",
        "ma_du_an",
        "nguon_von",
        "nam_ke_hoach",
        "so_tien",
        "ghi_chu",
        "co_quan_ban_hanh",
    ],
    "treasury": [
        "so_chung_tu",
        "ngay",
        "ma_du_an",
        "nguon_von",
        "nam_ke_hoach",
        "loai",
        "so_tien",
        "thu_hoi_tam_ung",
        "chung_tu_goc",
        "kho_bac",
    ],
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "imports"


def download(client, kind: str) -> bytes:
    response = client.get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="mau_nhap_{kind}.xlsx"' in response["Content-Disposition"]
    return response.content


@pytest.mark.parametrize("kind", FORMATS_HEADERS)
def test_a_template_has_the_formats_headers_an_example_and_a_guide(client_for, kind):
    book = load_workbook(io.BytesIO(download(client_for("tckh"), kind)))
    data, guide = book.worksheets
    header = [cell.value for cell in data[1]]
    assert header == FORMATS_HEADERS[kind]
    assert all(cell.font.bold for cell in data[1])
    assert all(data.column_dimensions[letter].width >= 8 for letter in "ABC")
    example = [cell.value for cell in data[2]]
    assert example[0] and data.max_row == 2
    assert guide.title == "Hướng dẫn"
    described = {row[0]: row for row in guide.iter_rows(min_row=4, values_only=True) if row[0]}
    for column in FORMATS_HEADERS[kind]:
        meaning, required = described[column][1], described[column][2]
        assert meaning and required in ("Có", "Không")
    assert described[FORMATS_HEADERS[kind][0]][2] == "Có"


def test_the_plan_template_shows_the_decision_example_and_the_sources(client_for):
    book = load_workbook(io.BytesIO(download(client_for("tckh"), "plan")))
    data, guide = book.worksheets
    row = [cell.value for cell in data[2]]
    assert row[0] == "4888/QĐ-UBND" and row[2] == "giao_dau_nam" and row[4] == "NSDP-HUYEN"
    assert data["B2"].number_format == "dd/mm/yyyy" and row[6] == 1_000_000_000
    guide_text = " ".join(str(value) for line in guide.values for value in line if value)
    assert "NSDP-HUYEN" in guide_text and "dieu_chuyen (Điều chuyển)" in guide_text


def test_the_units_template_imports_as_it_is_through_the_pages(client_for, media):
    client = client_for("tckh")
    content = download(client, "units")
    upload = SimpleUploadedFile("mau_nhap_units.xlsx", content)
    preview = client.post(reverse("imports:upload", args=["units"]), {"file": upload})
    assert "Sẽ tạo mới 1," in preview.content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', preview.content.decode()).group(1)
    done = client.post(reverse("imports:confirm", args=["units"]), {"token": token})
    assert done.status_code == 302
    assert Unit.objects.get(code="LS-UBND").name == "UBND tỉnh Lạng Sơn"


def test_every_template_imports_once_the_units_it_names_exist(client_for):
    client = client_for("tckh")
    units = [
        ["ma_don_vi", "ten_don_vi", "loai", "don_vi_cha"],
        ["VQ-UBND", "UBND huyện Văn Quan", "ubnd", ""],
        ["VQ-BQLDA", "Ban QLDA ĐTXD huyện Văn Quan", "ban_qlda", "VQ-UBND"],
        ["XA-TANDOAN", "UBND xã Tân Đoàn", "xa", "VQ-UBND"],
    ]
    assert run_import("units", csv_bytes(units)).ok
    for kind in ("units", "projects", "plan", "treasury"):
        result = run_import(kind, download(client, kind), f"mau_nhap_{kind}.xlsx")
        assert result.ok, result.problems
        assert result.created == 1 and not result.ignored_columns
    project = Project.objects.get(code="VQ24-MAU")
    assert project.investor.code == "VQ-BQLDA" and project.main_commune.code == "XA-TANDOAN"
    assert PlanEntry.objects.get().amount == 1_000_000_000
    assert TreasuryLine.objects.get().project == project


def test_templates_need_the_right_to_import_that_kind(client_for):
    assert client_for("khobac").get(reverse("imports:template", args=["plan"])).status_code == 403
    assert client_for("xem").get(reverse("imports:template", args=["units"])).status_code == 403
