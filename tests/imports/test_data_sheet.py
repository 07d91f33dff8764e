"""A workbook's rows are read from its sheet named «Dữ liệu» (the templates' data sheet),
wherever it stands: a note or the guide put first no longer has a correct file refused for
"missing columns"; a workbook without that name reads its first sheet, as before."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from giaingan.imports.reader import row_estimate
from giaingan.org.models import Unit
from tests.imports.helpers import UNITS, run_import

pytestmark = pytest.mark.django_db


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


NOTE = [["Ghi chú: tệp gửi Phòng Tài chính - Kế hoạch"], ["Người lập: Hằng"]]


@pytest.mark.parametrize("title", ["Dữ liệu", "dữ liệu ", "DỮ LIỆU"])
def test_the_data_sheet_is_read_wherever_it_stands(title):
    content = workbook(("Ghi chú", NOTE), (title, UNITS), ("Hướng dẫn", NOTE))
    result = run_import("units", content, "don_vi.xlsx")
    assert not result.problems, result.problems
    assert set(Unit.objects.values_list("code", flat=True)) >= {"UBND", "XA-TD", "BQLDA", "KB"}
    assert row_estimate(io.BytesIO(content)) == len(UNITS) - 1


def test_without_a_data_sheet_the_first_sheet_is_read():
    result = run_import("units", workbook(("Sheet1", UNITS), ("Ghi chú", NOTE)), "don_vi.xlsx")
    assert not result.problems, result.problems
    assert Unit.objects.filter(code="KB").exists()
    refused = run_import("units", workbook(("Ghi chú", NOTE), ("Sheet2", UNITS)), "b.xlsx")
    assert refused.problems
