"""`giaingan report periodic|treasury`: the draft papers to a folder, or issued; exit codes
like the other commands (1 invalid input, 2 misuse), Vietnamese messages, no traceback."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from giaingan.reporting.models import IssuedReport
from tests.documents.helpers import lines, open_docx

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_periodic_writes_the_draft_docx_and_xlsx(ledger, tmp_path):
    out = run("periodic", "--kind", "quarterly", "--as-of", "2024-09-30", "--out", str(tmp_path))
    docx = tmp_path / "du-thao-periodic-quarterly-20240930.docx"
    xlsx = tmp_path / "du-thao-periodic-quarterly-20240930.xlsx"
    assert out.split() == [str(docx), str(xlsx)]
    text = lines(open_docx(docx.read_bytes()))
    assert "Tình hình thực hiện và giải ngân vốn đầu tư công quý III năm 2024" in text
    assert "II. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN" in text
    assert load_workbook(xlsx)["Biểu 01"]["B6"].value == 2_000_000_000
    assert not IssuedReport.objects.exists()


def test_treasury_tables(ledger, tmp_path):
    run("treasury", "--kind", "monthly", "--as-of", "30/09/2024", "--out", str(tmp_path))
    book = load_workbook(tmp_path / "du-thao-treasury-monthly-20240930.xlsx")
    assert book.sheetnames == ["Biểu 01", "Biểu 02"]


def test_issue_as_a_user(ledger, people, tmp_path):
    out = run(
        "periodic",
        "--kind",
        "annual",
        "--as-of",
        "2024-09-30",
        "--out",
        str(tmp_path),
        "--issue",
        "--user",
        "tckh",
    )
    report = IssuedReport.objects.get()
    assert "Số: 01/BCN-TCKH" in out and report.author == people["tckh"]
    assert (tmp_path / "01-BCN-TCKH.docx").read_bytes() == report.docx.read()


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("--as-of", "31/02/2024"), 2, "--as-of"),
        (("--as-of", "2024-09-30", "--issue"), 2, "--user"),
        (("--as-of", "2024-09-30", "--issue", "--user", "ai"), 1, "không có tài khoản"),
        (("--as-of", "2024-09-30", "--issue", "--user", "bqlda"), 1, "không được phát hành"),
        (("--as-of", "2099-01-01", "--issue", "--user", "tckh"), 1, "tương lai"),
    ],
)
def test_bad_arguments_exit_with_a_vietnamese_message(ledger, people, tmp_path, args, code, says):
    with pytest.raises(CommandError) as caught:
        run("periodic", "--kind", "quarterly", "--out", str(tmp_path), *args)
    assert caught.value.returncode == code
    assert says in str(caught.value)
    assert not IssuedReport.objects.exists()


def test_an_unknown_kind_is_misuse(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "giaingan",
            "report",
            "treasury",
            "--kind",
            "half_year",
            "--as-of",
            "2024-06-30",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "--kind" in done.stderr
