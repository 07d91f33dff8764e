"""A units file may name each unit's head, who then signs the unit's papers: a blank cell
or no such column leaves the head recorded as it is."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from giaingan.imports.models import ImportKind
from giaingan.imports.templates import template_workbook
from giaingan.org.models import Unit
from giaingan.org.signers import unit_signer
from tests.imports.helpers import csv_bytes, run_import

HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại",
    "Đơn vị cha",
    "Người đứng đầu",
    "Chức danh người đứng đầu",
]


def units(*rows: list[str], header: list[str] = HEADER) -> bytes:
    return csv_bytes([header, *rows])


@pytest.fixture
def tree(db):
    result = run_import(
        "units",
        units(
            ["UBND", "UBND huyện Văn Quan", "ubnd", "", "Hoàng Văn Chủ", "Chủ tịch"],
            ["TCKH", "Phòng Tài chính - Kế hoạch huyện", "phong", "UBND", "Nông Văn Hải", ""],
            ["KB", "Kho bạc Nhà nước Văn Quan", "kho_bac", "UBND", "", ""],
        ),
    )
    assert result.ok, result.problems
    return result


def heads() -> dict[str, tuple[str, str]]:
    return {
        code: (name, title)
        for code, name, title in Unit.objects.values_list("code", "head_name", "head_title")
    }


def test_a_new_unit_gets_the_head_the_file_names(tree):
    assert heads() == {
        "UBND": ("Hoàng Văn Chủ", "Chủ tịch"),
        "TCKH": ("Nông Văn Hải", ""),
        "KB": ("", ""),
    }
    office = Unit.objects.get(code="TCKH")
    signer = unit_signer(office, titles=["TRƯỞNG PHÒNG"])
    assert signer.name == "Nông Văn Hải"


def test_a_later_file_changes_a_head_and_a_blank_cell_keeps_it(tree):
    result = run_import(
        "units",
        units(
            ["UBND", "UBND huyện Văn Quan", "ubnd", "", "", ""],  # kept
            [
                "TCKH",
                "Phòng Tài chính - Kế hoạch huyện",
                "phong",
                "UBND",
                "Lý Thị Mai",
                "Trưởng phòng",
            ],
            ["KB", "Kho bạc Nhà nước Văn Quan", "kho_bac", "UBND", "", ""],
        ),
    )
    assert result.ok, result.problems
    assert (result.updated, result.skipped) == (1, 2)
    assert heads() == {
        "UBND": ("Hoàng Văn Chủ", "Chủ tịch"),
        "TCKH": ("Lý Thị Mai", "Trưởng phòng"),
        "KB": ("", ""),
    }
    history = Unit.objects.get(code="TCKH").history.order_by("history_id")
    assert [entry.head_name for entry in history] == ["Nông Văn Hải", "Lý Thị Mai"]


def test_a_file_without_the_columns_keeps_every_head(tree):
    result = run_import(
        "units",
        units(
            ["TCKH", "Phòng Tài chính - Kế hoạch huyện Văn Quan", "phong", "UBND"],
            header=HEADER[:4],
        ),
    )
    assert result.ok, result.problems
    assert result.updated == 1
    assert heads()["TCKH"] == ("Nông Văn Hải", "")
    assert Unit.objects.get(code="TCKH").name == "Phòng Tài chính - Kế hoạch huyện Văn Quan"


def test_a_title_without_a_name_is_refused_and_nothing_is_written(tree):
    result = run_import(
        "units",
        units(
            ["TCKH", "Phòng Tài chính - Kế hoạch huyện", "phong", "UBND", "Lý Thị Mai", ""],
            ["KB", "Kho bạc Nhà nước Văn Quan", "kho_bac", "UBND", "", "Giám đốc"],
        ),
    )
    assert not result.ok
    [problem] = result.problems
    assert (problem.row, problem.column, problem.value) == (
        3,
        "chuc_danh_nguoi_dung_dau",
        "Giám đốc",
    )
    assert "ghi cả họ và tên người đứng đầu" in problem.reason
    assert heads()["TCKH"] == ("Nông Văn Hải", "")


def test_a_title_longer_than_the_field_is_refused(tree):
    result = run_import(
        "units",
        units(["KB", "Kho bạc Nhà nước Văn Quan", "kho_bac", "UBND", "Trần Văn Kho", "G" * 101]),
    )
    assert not result.ok
    assert result.problems[0].column == "chuc_danh_nguoi_dung_dau"
    assert heads()["KB"] == ("", "")


def test_the_template_explains_the_head_columns(db):
    book = load_workbook(io.BytesIO(template_workbook(ImportKind.UNITS)))
    header = [cell.value for cell in book["Dữ liệu"][1]]
    assert header[-2:] == ["nguoi_dung_dau", "chuc_danh_nguoi_dung_dau"]
    guide = " ".join(
        str(cell.value) for row in book["Hướng dẫn"].iter_rows() for cell in row if cell.value
    )
    assert "người ký các văn bản đơn vị ban hành" in guide
    assert "giữ nguyên người đã ghi" in guide
