"""`giaingan forecast` and `giaingan reallocation propose`: the contract's keys, units and
formats, and exit codes as the other commands."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from .conftest import BILLION


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_forecast_json_follows_the_contract(slow_and_fast):
    data = json.loads(run("forecast", "--year", "2024", "--as-of", "2024-10-15"))
    assert set(data) == {"year", "as_of", "deadline", "projects", "total"}
    assert (data["year"], data["as_of"], data["deadline"]) == (2024, "2024-10-15", "2025-01-31")
    assert [row["code"] for row in data["projects"]] == ["FAST", "SLOW", "TINH"]
    for row in data["projects"]:
        assert set(row) == {"code", "plan", "disbursed", "expected", "low", "high"}
        assert all(isinstance(row[key], int) for key in row if key != "code")
        assert row["disbursed"] <= row["low"] <= row["expected"] <= row["high"] <= row["plan"]
    total = data["total"]
    assert set(total) == {"plan", "disbursed", "expected", "expected_rate_percent"}
    assert total["plan"] == 20 * BILLION
    assert total["expected"] == sum(row["expected"] for row in data["projects"])
    assert total["expected_rate_percent"] == round(total["expected"] * 100 / total["plan"], 2)


def test_forecast_csv_and_xlsx(slow_and_fast, tmp_path):
    rows = list(
        csv.DictReader(
            io.StringIO(
                run("forecast", "--year", "2024", "--as-of", "15/10/2024", "--format", "csv")
            )
        )
    )
    assert list(rows[0]) == ["code", "plan", "disbursed", "expected", "low", "high"]
    assert rows[-1]["code"] == "Tổng cộng" and int(rows[-1]["plan"]) == 20 * BILLION
    target = tmp_path / "du-bao.xlsx"
    run(
        "forecast", "--year", "2024", "--as-of", "2024-10-15", "--format", "xlsx", "-o", str(target)
    )
    sheet = load_workbook(target).active
    assert "DỰ BÁO GIẢI NGÂN" in sheet.cell(row=1, column=1).value
    assert sheet.cell(row=sheet.max_row, column=1).value == "Tổng cộng"
    assert sheet.cell(row=sheet.max_row, column=3).value == 20 * BILLION


def test_reallocation_propose_json_follows_the_contract(slow_and_fast):
    data = json.loads(run("reallocation", "propose", "--year", "2024", "--as-of", "2024-10-15"))
    assert set(data) == {"moves", "rate_before", "rate_after"}
    assert data["moves"]
    for move in data["moves"]:
        assert set(move) == {"from", "to", "source", "amount", "reason"}
        assert (move["from"], move["to"], move["source"]) == ("SLOW", "FAST", "NSDP-HUYEN")
        assert isinstance(move["amount"], int) and move["amount"] > 0
    assert data["rate_after"] > data["rate_before"]
    forecast = json.loads(run("forecast", "--year", "2024", "--as-of", "2024-10-15"))
    assert data["rate_before"] == forecast["total"]["expected_rate_percent"]


def test_reallocation_propose_csv_and_xlsx(slow_and_fast, tmp_path):
    text = run(
        "reallocation", "propose", "--year", "2024", "--as-of", "2024-10-15", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["from", "to", "source", "amount", "reason"]
    target = tmp_path / "dieu-chuyen.xlsx"
    run(
        "reallocation",
        "propose",
        "--year",
        "2024",
        "--as-of",
        "2024-10-15",
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    sheet = load_workbook(target).active
    assert sheet.cell(row=sheet.max_row, column=1).value == "Tổng cộng"
    assert sheet.cell(row=sheet.max_row, column=4).value == sum(int(row["amount"]) for row in rows)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("forecast", "--year", "2024", "--as-of", "hôm qua"), "--as-of"),
        (("reallocation", "propose", "--year", "2024", "--as-of", "31/02/2024"), "--as-of"),
        (("forecast", "--year", "-5", "--as-of", "2024-10-15"), "--year"),
        (("reallocation", "propose", "--year", "99999", "--as-of", "2024-10-15"), "--year"),
    ],
)
def test_a_bad_date_exits_2_with_a_vietnamese_message(db, args, says):
    with pytest.raises(CommandError) as caught:
        call_command(*args)
    assert caught.value.returncode == 2
    assert says in str(caught.value)


def test_an_empty_district_gives_an_empty_forecast(db):
    data = json.loads(run("forecast", "--year", "2024", "--as-of", "2024-10-15"))
    assert data["projects"] == []
    assert data["total"] == {
        "plan": 0,
        "disbursed": 0,
        "expected": 0,
        "expected_rate_percent": None,
    }
    proposal = json.loads(run("reallocation", "propose", "--year", "2024", "--as-of", "2024-10-15"))
    assert proposal == {"moves": [], "rate_before": None, "rate_after": None}
