"""The treasury importer's quick path reads a row exactly as `read_row` does, or leaves it;
a statement gives the same lines and the same problems with or without it."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import TreasuryLine
from giaingan.imports.cells import RowReader
from giaingan.imports.importers import TreasuryImporter
from giaingan.imports.reader import open_table
from tests.imports.helpers import (
    TREASURY,
    csv_bytes,
    load_all,
    quick_and_slow,
    spoilt_csv,
    xlsx_bytes,
)

CELLS = [
    "",
    " ",
    "KB1",
    " KB9 ",
    "x" * 101,
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
    "20x",
    "tam_ung",
    "Tạm ứng",
    "TAM UNG",
    "thanh_toan",
    "Thanh toán",
    "tam",
    "01/06/2024",
    "1/6/2024",
    "2024-06-01",
    "31/02/2024",
    "01/06/2025",
    "01/06/2027",
    "0",
    "00",
    "5",
    "100",
    "300000000",
    "50000000",
    "1.234.567",
    "-5",
    "1e9",
    "１２",
    "999999999999999",
    "1234567890123456",
    "KB",
    " KB ",
    "kb",
    "UBND",
    "KB-KHAC",
    "01-06-2024",
    "01.06.2024",
    "1.6.2024",
    "01-06/2024",
    # Cells as officials type them: commas for thousands, Excel's error texts.
    "1,000,000",
    "300,000",
    "#N/A",
    "#REF!",
    " #VALUE! ",
    "#SPILL!",
]
cell = st.one_of(st.sampled_from(CELLS), st.text(max_size=8))
# Good rows (by column key) that the tests spoil a few cells of, and a random width.
GOOD = [
    dict(zip([*TREASURY[0], "kho_bac"], values, strict=True))
    for values in [
        ["KB8", "01/06/2024", "DA1", "NSDP-HUYEN", "2024", "thanh_toan", "300", "100", "", ""],
        ["KB9", "2024-06-02", "DA2", "NSDP-HUYEN", "2024", "tam_ung", "5", "", "", "KB"],
    ]
]
# A statement's columns in another order, one optional column left out.
HEADERS = [
    TREASURY[0],
    ["ngay", "so_tien", "ma_du_an", "so_chung_tu", "loai", "nguon_von", "nam_ke_hoach"],
    [*TREASURY[0][:7], "chung_tu_goc"],
    ["kho_bac", *TREASURY[0]],
]


@pytest.fixture
def readers(db):
    """header -> (importer, table, quick reader), over the ledger of tests.imports.helpers."""
    load_all()
    made: dict[tuple, tuple] = {}

    def make(header: list[str]):
        if tuple(header) not in made:
            importer = TreasuryImporter()
            importer.prepare()
            table = open_table(io.BytesIO(csv_bytes([header])), "sao_ke.csv", importer.columns)
            made[tuple(header)] = importer, table, importer.fast_reader(table)
        return made[tuple(header)]

    return make


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.sampled_from(HEADERS),
    good=st.sampled_from(GOOD),
    spoilt=st.lists(st.tuples(st.integers(0, 10), cell), max_size=3),
    extra=st.integers(-1, 3),  # cells beyond the header's (-1: one short)
)
def test_the_quick_path_reads_as_read_row_or_not_at_all(readers, header, good, spoilt, extra):
    importer, table, fast = readers(header)
    values = [good[key] for key in header] + ["thừa"] * 3
    for position, value in spoilt:
        values[position % len(values)] = value
    values = values[: len(header) + extra]
    quick = fast(values)
    reader = RowReader(2, table.cells(values))
    slow = importer.read_row(reader)
    event("quick" if quick is not None else "left to read_row")
    if quick is not None:
        assert not reader.problems
        assert quick == slow


def test_plain_rows_take_the_quick_path_and_a_correction_does_not(readers):
    importer, table, fast = readers(TREASURY[0])
    assert [fast(values) is not None for values in TREASURY[1:]] == [True, True, True, False]
    assert fast(TREASURY[2]) == importer.read_row(RowReader(3, table.cells(TREASURY[2])))


def test_an_xlsx_file_has_no_quick_path(readers):
    importer = TreasuryImporter()
    importer.prepare()
    table = open_table(io.BytesIO(xlsx_bytes(TREASURY[:2])), "sao_ke.xlsx", importer.columns)
    assert importer.fast_reader(table) is None


def lines_written() -> list:
    return sorted(
        TreasuryLine.objects.values_list(
            "treasury_id",
            "document_number",
            "value_date",
            "project_id",
            "source_id",
            "plan_year",
            "kind",
            "amount",
            "recovered_advance",
            "reverses_id",
        )
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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
            st.booleans(),  # the document number of the row above, repeated
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_a_statement_gives_the_same_lines_and_problems_with_or_without_the_quick_path(
    readers, header, rows
):
    readers(header)  # the ledger of tests.imports.helpers
    content = spoilt_csv(
        header,
        [
            # DA1 has room left
            (
                {
                    **good,
                    "so_chung_tu": f"KB-{index - 1 if repeated and index else index}",
                    "ma_du_an": "DA1",
                },
                spoilt,
            )
            for index, (good, spoilt, repeated) in enumerate(rows)
        ],
    )
    quick, slow = quick_and_slow(TreasuryImporter, content, "sao_ke.csv", lines_written)
    event("written" if quick[0] else "refused")
    assert quick == slow
