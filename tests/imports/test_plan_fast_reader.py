"""The plan importer's quick path reads a row exactly as `read_row` does, or leaves it; a
file gives the same rows and the same problems with or without it."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import PlanEntry
from giaingan.imports.cells import RowReader
from giaingan.imports.importers import PlanImporter
from giaingan.imports.reader import open_table
from tests.imports.helpers import (
    PLAN,
    csv_bytes,
    load_all,
    quick_and_slow,
    spoilt_csv,
    xlsx_bytes,
)

CELLS = [
    "",
    " ",
    "4888/QĐ-UBND",
    " 4888/QĐ-UBND",
    "77/QĐ-UBND",
    "q" * 101,
    "22/12/2023",
    "2023-12-22",
    "23/12/2023",
    "31/02/2024",
    "15/03/2024",
    "giao_dau_nam",
    "Giao đầu năm",
    "BO SUNG",
    "bo_sung",
    "dieu_chinh",
    "keo_dai",
    "giao",
    "DA1",
    "DA2",
    " DA1",
    "DA9",
    "NSDP-HUYEN",
    "nsdp huyen",
    "NSDP-HUYEN ",
    "XX",
    "2024",
    " 2024",
    "02024",
    "1989",
    "0",
    "-0",
    "5",
    "-5",
    "007",
    "1.000.000.000",
    "-1.000.000",
    "1.00.000",
    "1,5",
    "1e9",
    "１２",
    "999999999999999",
    "1000000000000000",
    "UBND",
    " UBND ",
    "KB",
    "XA-TD",
    "ubnd",
    "ghi chú",
    "dòng 1\ndòng 2",
    "n" * 501,
    "a\x07b",
    "22-12-2023",
    "22.12.2023",
    "15.03.2024",
    "22-12/2023",
    # Cells as officials type them: commas for thousands, Excel's error texts.
    "1,000,000",
    "300,000",
    "#N/A",
    "#REF!",
    " #VALUE! ",
    "#SPILL!",
]
cell = st.one_of(
    st.sampled_from(CELLS),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=8),
)
FULL = [*PLAN[0], "ghi_chu", "co_quan_ban_hanh"]
GOOD = [
    dict(zip(FULL, values, strict=True))
    for values in [
        ["4888/QĐ-UBND", "22/12/2023", "giao_dau_nam", "DA1", "NSDP-HUYEN", "2024", "5", "", ""],
        ["77/QĐ-UBND", "15/03/2024", "bo_sung", "DA2", "NSDP-HUYEN", "2024", "1.000", "x", "UBND"],
        ["78/QĐ-UBND", "2024-04-01", "dieu_chinh", "DA1", "NSDP-HUYEN", "2024", "-7", "", "XA-TD"],
    ]
]
# A plan file's columns in another order, optional columns left out or not.
HEADERS = [
    PLAN[0],
    FULL,
    ["co_quan_ban_hanh", "so_tien", *PLAN[0][:6]],
    [*PLAN[0][:4], "ghi_chu", *PLAN[0][4:]],
]


@pytest.fixture
def readers(db):
    """header -> (importer, table, quick reader), over the ledger of tests.imports.helpers."""
    load_all()
    made: dict[tuple, tuple] = {}

    def make(header: list[str]):
        if tuple(header) not in made:
            importer = PlanImporter()
            importer.prepare()
            table = open_table(io.BytesIO(csv_bytes([header])), "ke_hoach.csv", importer.columns)
            made[tuple(header)] = importer, table, importer.fast_reader(table)
        return made[tuple(header)]

    return make


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.sampled_from(HEADERS),
    rows=st.lists(
        st.tuples(
            st.sampled_from(GOOD),
            st.lists(st.tuples(st.integers(0, 10), cell), max_size=3),
            st.integers(-1, 2),  # cells beyond the header's (-1: one short)
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_the_quick_path_reads_as_read_row_or_not_at_all(readers, header, rows):
    """Row after row (a decision number's first date is remembered across rows), the quick
    path gives `read_row`'s record, with no problem, or leaves the row to it."""
    importer, table, fast = readers(header)
    importer.decision_dates.clear()
    for good, spoilt, extra in rows:
        values = [good[key] for key in header] + ["thừa"] * 3
        for position, value in spoilt:
            values[position % len(values)] = value
        values = values[: len(header) + extra]
        before = dict(importer.decision_dates)
        quick = fast(values)
        after = dict(importer.decision_dates)
        if quick is None:
            assert after == before  # nothing remembered from a row left to `read_row`
        importer.decision_dates.clear()
        importer.decision_dates.update(before)
        reader = RowReader(2, table.cells(values))
        slow = importer.read_row(reader)
        event("quick" if quick is not None else "left to read_row")
        if quick is not None:
            assert not reader.problems
            assert quick == slow
            assert importer.decision_dates == after


def test_plain_rows_take_the_quick_path(readers):
    importer, table, fast = readers(PLAN[0])
    for number, values in enumerate(PLAN[1:], start=2):
        quick = fast(values)
        assert quick is not None
        assert quick == importer.read_row(RowReader(number, table.cells(values)))
    # The same decision number with another date is left to `read_row`, which names it.
    assert fast(["4888/QĐ-UBND", "23/12/2023", *PLAN[1][2:]]) is None


def test_an_xlsx_file_has_no_quick_path(readers):
    importer = PlanImporter()
    importer.prepare()
    table = open_table(io.BytesIO(xlsx_bytes(PLAN[:2])), "ke_hoach.xlsx", importer.columns)
    assert importer.fast_reader(table) is None


def entries_written() -> list:
    return sorted(
        PlanEntry.objects.values_list(
            "issuer_id",
            "decision_number",
            "decision_date",
            "kind",
            "project_id",
            "source_id",
            "plan_year",
            "amount",
            "note",
        )
    )


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.sampled_from(HEADERS),
    rows=st.lists(
        st.tuples(
            st.sampled_from(GOOD),
            st.one_of(  # most rows as they came, some spoilt
                st.just([]),
                st.lists(st.tuples(st.integers(0, 10), cell), min_size=1, max_size=2),
            ),
            st.integers(0, 20),  # a decision number: some rows share one
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_a_file_gives_the_same_rows_and_problems_with_or_without_the_quick_path(
    readers, header, rows
):
    readers(header)  # the ledger of tests.imports.helpers
    content = spoilt_csv(
        header,
        [({**good, "so_quyet_dinh": f"{number}/QĐ-UBND"}, spoilt) for good, spoilt, number in rows],
    )
    quick, slow = quick_and_slow(PlanImporter, content, "ke_hoach.csv", entries_written)
    event("written" if quick[0] else "refused")
    assert quick == slow
