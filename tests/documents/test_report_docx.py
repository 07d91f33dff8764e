"""`giaingan report disbursement --format docx`: the same table as a Decree-30 report."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest
from django.core.management import CommandError, call_command

from giaingan.documents.reports import disbursement_report_context
from giaingan.figures.selectors import disbursement_table
from giaingan.org.issuers import home_committee
from giaingan.org.models import Unit, UnitKind
from giaingan.org.places import place_of
from tests.conftest import advance, finance_office, make_project, pay, plan
from tests.documents.helpers import lines, open_docx, table_rows

D = dt.date


@pytest.fixture
def ledger(district):
    road = make_project("DA1", district["board"], district["tandoan"])
    hall = make_project("DA2", district["tandoan"], district["tandoan"])
    plan(road, 1_000_000_000)
    plan(hall, 500_000_000)
    advance(road, 300_000_000, on=D(2024, 3, 1))
    pay(road, 500_000_000, on=D(2024, 9, 1), recovered=200_000_000)
    pay(hall, 500_000_000, on=D(2024, 12, 1))
    finance_office(district["committee"])  # its head signs the report
    return district


def test_it_writes_the_report_as_a_word_file(ledger, tmp_path):
    target = tmp_path / "giai_ngan.docx"
    call_command(
        "report",
        "disbursement",
        "--year",
        "2024",
        "--as-of",
        "31/01/2025",
        "--by",
        "investor",
        "--format",
        "docx",
        "-o",
        str(target),
    )
    document = open_docx(target.read_bytes())
    text = lines(document)
    assert text[0] == "UBND HUYỆN VĂN QUAN"
    assert any(line.startswith("Văn Quan, ngày ") for line in text)
    assert "Tình hình giải ngân vốn đầu tư công năm 2024" in text
    assert "1. Tổng kế hoạch vốn: 1.500.000.000 đồng." in text
    assert "2. Giá trị đã giải ngân: 1.100.000.000 đồng, đạt 73,33% kế hoạch." in text
    assert "3. Số dư tạm ứng chưa thu hồi: 100.000.000 đồng." in text
    assert any("Số liệu tính đến ngày 31/01/2025" in line for line in text)
    rows = table_rows(document.tables[-1])
    assert rows[0][2] == "Chủ đầu tư"
    assert rows[1] == [
        "1",
        "BQLDA",
        "Ban QLDA ĐTXD huyện",
        "1.000.000.000",
        "600.000.000",
        "100.000.000",
        "60,00",
        "2",
    ]
    assert rows[2][1:] == [
        "XA-TD",
        "UBND xã Tân Đoàn",
        "500.000.000",
        "500.000.000",
        "0",
        "100,00",
        "1",
    ]
    assert rows[-1][0] == "Tổng cộng"
    assert rows[-1][3:7] == ["1.500.000.000", "1.100.000.000", "100.000.000", "73,33"]
    assert document.sections[-1].page_width > document.sections[-1].page_height


def test_it_writes_bytes_to_a_pipe(ledger, monkeypatch):
    buffer = io.BytesIO()

    class Pipe:
        def isatty(self) -> bool:
            return False

        @property
        def buffer(self):
            return buffer

    monkeypatch.setattr(sys, "stdout", Pipe())
    call_command(
        "report", "disbursement", "--year", "2024", "--as-of", "31/01/2025", "--format", "docx"
    )
    assert buffer.getvalue().startswith(b"PK")
    assert "DA1" in [row[1] for row in table_rows(open_docx(buffer.getvalue()).tables[-1])]


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("UBND huyện Văn Quan", "Văn Quan"),
        ("Ủy ban nhân dân tỉnh Lạng Sơn", "Lạng Sơn"),
        ("UBND thị trấn Văn Quan", "Văn Quan"),
        ("Văn Quan", "Văn Quan"),
    ],
)
def test_the_place_comes_from_the_committee_name(name, place):
    assert place_of(name) == place


def test_a_district_under_its_province_issues_its_papers_in_its_own_name(ledger, tmp_path):
    """The committee at the top of the tree is the province; the district's papers are
    issued under the district's committee, named so in the header and the place line."""
    province = Unit.objects.create(code="TINH", name="UBND tỉnh Lạng Sơn", kind=UnitKind.COMMITTEE)
    district = ledger["committee"]
    district.parent = province
    district.save()
    assert home_committee() == district
    table = disbursement_table(year=2024, as_of=D(2025, 1, 31), by="investor")
    context = disbursement_report_context(table, issued_on=D(2025, 2, 3))
    assert context["issuer_parent"] == district.name
    assert context["place"] == place_of(district.name)
    # A province over several districts issues under its own name.
    Unit.objects.create(
        code="H2", name="UBND huyện Cao Lộc", kind=UnitKind.COMMITTEE, parent=province
    )
    assert home_committee() == province


def test_the_report_is_signed_by_the_finance_planning_heads_name(ledger, tmp_path):
    target = tmp_path / "giai_ngan.docx"
    args = ["report", "disbursement", "--year", "2024", "--as-of", "31/01/2025"]
    call_command(*args, "--format", "docx", "-o", str(target))
    assert "Nông Văn Hải" in lines(open_docx(target.read_bytes()))
    # No head recorded: no paper, a Vietnamese message naming the office.
    Unit.objects.filter(code="TCKH").update(head_name="")
    with pytest.raises(CommandError) as refused:
        call_command(*args, "--format", "docx", "-o", str(tmp_path / "x.docx"))
    assert "Phòng Tài chính - Kế hoạch huyện Văn Quan" in str(refused.value)
    assert not (tmp_path / "x.docx").exists()
