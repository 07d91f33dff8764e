"""Random and malformed files never crash an importer and never write part of a file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import PlanEntry, TreasuryLine
from giaingan.imports.models import ImportBatch
from giaingan.org.models import Unit
from tests.imports.helpers import PLAN, TREASURY, csv_bytes, load_all, run_import, xlsx_bytes

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

known_cells = st.sampled_from(
    [
        "",
        "KB1",
        "DA1",
        "DA2",
        "NSDP-HUYEN",
        "2024",
        "tam_ung",
        "thanh_toan",
        "01/06/2024",
        "2024-02-30",
        "1.234.567",
        "-5",
        "1e9",
        "99999999999999999999",
        "x",
        "0",
        "KB3",
    ]
)
cell_text = st.one_of(known_cells, st.text(max_size=12))
printable = st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=12)
cell_value = st.one_of(
    known_cells,
    printable,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.none(),
)


class Done(Exception):
    pass


@pytest.fixture
def loaded(db):
    load_all()


def counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        PlanEntry.objects.count(),
        TreasuryLine.objects.count(),
        ImportBatch.objects.count(),
    )


def check_all_or_nothing(kind: str, content: bytes, name: str) -> None:
    try:
        with transaction.atomic():
            before = counts()
            result = run_import(kind, content, name)
            after = counts()
            if result.ok:
                assert after[3] == before[3] + 1
            else:
                assert after == before
                assert result.problems and all(str(problem) for problem in result.problems)
            raise Done
    except Done:
        pass


@SETTINGS
@given(
    rows=st.lists(st.lists(cell_text, min_size=9, max_size=9), max_size=6),
    kind=st.sampled_from(["treasury", "plan"]),
)
def test_random_csv_rows(loaded, rows, kind):
    header = TREASURY[0] if kind == "treasury" else PLAN[0] + ["x", "y"]
    check_all_or_nothing(kind, csv_bytes([header, *rows]), "tep.csv")


@SETTINGS
@given(rows=st.lists(st.lists(cell_value, min_size=9, max_size=9), max_size=5))
def test_random_xlsx_cells(loaded, rows):
    check_all_or_nothing("treasury", xlsx_bytes([TREASURY[0], *rows]), "tep.xlsx")


@SETTINGS
@given(
    content=st.binary(max_size=300),
    name=st.sampled_from(["a.csv", "a.xlsx", "a.txt"]),
    kind=st.sampled_from(["units", "projects", "plan", "treasury"]),
)
def test_random_bytes(loaded, content, name, kind):
    check_all_or_nothing(kind, content, name)


@SETTINGS
@given(
    valid=st.lists(st.sampled_from(TREASURY[1:]), min_size=1, max_size=4),
    bad=st.lists(st.lists(cell_text, min_size=9, max_size=9), min_size=1, max_size=2),
)
def test_good_rows_are_not_written_beside_a_bad_one(loaded, valid, bad):
    fresh = [[f"N{i}-{row[0]}", *row[1:8], ""] for i, row in enumerate(valid)]
    rows = fresh + [[f"BAD{i}", "ngày sai", *row[2:]] for i, row in enumerate(bad)]
    try:
        with transaction.atomic():
            before = counts()
            result = run_import("treasury", csv_bytes([TREASURY[0], *rows]), "tep.csv")
            assert not result.ok
            assert counts() == before
            raise Done
    except Done:
        pass
