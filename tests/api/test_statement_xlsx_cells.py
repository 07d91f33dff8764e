"""A treasury statement posted as .xlsx through the API: a cell Excel shows filled but
the file does not hold is named as the import pages name it, and nothing is written."""

from __future__ import annotations

import pytest

from giaingan.capital.models import TreasuryLine
from giaingan.imports.models import ImportBatch
from tests.api.test_statements import catalogue, post_file  # noqa: F401 - the fixture
from tests.imports.helpers import TREASURY
from tests.imports.test_xlsx_cells import book_bytes

pytestmark = pytest.mark.django_db


def test_a_statement_with_an_error_cell_and_a_merged_project_code_is_refused(
    api_for,
    catalogue,  # noqa: F811
):
    def edit(sheet):
        sheet["G2"] = "#REF!"
        sheet.merge_cells("C3:C4")

    answer = post_file(api_for("khobac"), book_bytes(TREASURY, edit=edit), "kho_bac.xlsx")
    assert answer.status_code == 201
    data = answer.json()
    assert data["ok"] is False and data["confirm_url"] is None
    found = [(p["row"], p["column"], p["value"]) for p in data["problems"]]
    # Rows 3 and 5 then fail for what rows 2 and 4 would have written (an advance, KB3).
    assert (2, "so_tien", "#REF!") in found and (4, "ma_du_an", "vùng gộp C3:C4") in found
    assert not any("thiếu" in p["reason"] for p in data["problems"])
    assert data["problems"][0]["message"].startswith("Dòng 2, cột so_tien: ô G2 báo lỗi #REF!")
    [merged] = [p for p in data["problems"] if p["row"] == 4]
    assert merged["reason"].startswith("ô C4 nằm trong vùng ô gộp C3:C4")
    assert not TreasuryLine.objects.exists()
    assert not ImportBatch.objects.filter(kind="treasury").exists()
