"""The projects importer's quick path reads a row exactly as `read_row` does, or leaves it;
a file gives the same projects and the same problems with or without it."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import Project
from giaingan.imports.cells import RowReader
from giaingan.imports.importers import ProjectImporter
from giaingan.imports.reader import open_table
from giaingan.org.models import Unit, UnitKind
from tests.imports.helpers import csv_bytes, load_all, quick_and_slow, spoilt_csv, xlsx_bytes

FULL = [
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
]
CELLS = [
    "",
    " ",
    "DA7",
    " DA7",
    "DA1",
    "d" * 51,
    "Đường làng",
    "n" * 501,
    "BQLDA",
    "Ban QLDA ĐTXD huyện",
    "UBND xã Tân Đoàn",
    "Trùng tên",  # two units have this name: only a code names one
    "TRUNG",
    "KB",
    "XA9",
    "XA-TD",
    "XA-TD; UBND",
    "XA-TD;;",
    "XA-TD;XA9",
    "A",
    "Nhóm B",
    "c",
    "D",
    "Giao thông",
    "5.000.000.000",
    "5000",
    "-5",
    "1,5",
    "2023",
    "2026",
    " 2024",
    "1989",
    "x",
    "có",
    "không",
    "0",
    "2",
    "a\x07b",
    "dòng 1\ndòng 2",
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
GOOD = [
    dict(zip(FULL, values, strict=True))
    for values in [
        [
            "DA7",
            "Đường làng",
            "BQLDA",
            "UBND",
            "XA-TD",
            "B",
            "Giao thông",
            "5.000",
            "2023",
            "2025",
            "x",
        ],
        ["DA8", "Cầu treo", "UBND xã Tân Đoàn", "", "", "", "", "", "", "", ""],
        ["DA1", "Đường Tân Đoàn", "TRUNG", "KB", "XA-TD;UBND", "c", "", "7", "2024", "", "không"],
    ]
]
HEADERS = [
    FULL,
    FULL[:3],
    ["trong_diem", "dia_ban", "ma_du_an", "tong_muc_dau_tu", "ten_du_an", "chu_dau_tu"],
    [*FULL[:5], "nam_bat_dau", "nam_ket_thuc"],
]


@pytest.fixture
def catalogue(db):
    load_all()
    for code in ("TRUNG", "TRUNG2"):
        Unit.objects.create(code=code, name="Trùng tên", kind=UnitKind.PROJECT_BOARD)


@pytest.fixture
def readers(catalogue):
    made: dict[tuple, tuple] = {}

    def make(header: list[str]):
        if tuple(header) not in made:
            importer = ProjectImporter()
            importer.prepare()
            table = open_table(io.BytesIO(csv_bytes([header])), "du_an.csv", importer.columns)
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
            st.lists(st.tuples(st.integers(0, 12), cell), max_size=3),
            st.integers(-1, 2),  # cells beyond the header's (-1: one short)
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_the_quick_path_reads_as_read_row_or_not_at_all(readers, header, rows):
    """Row after row (codes met before are remembered), the quick path gives `read_row`'s
    record, with no problem, or leaves the row to it and remembers nothing."""
    importer, table, fast = readers(header)
    importer.seen.clear()
    for good, spoilt, extra in rows:
        values = [good[key] for key in header] + ["thừa"] * 3
        for position, value in spoilt:
            values[position % len(values)] = value
        values = values[: len(header) + extra]
        before = set(importer.seen)
        quick = fast(values)
        after = set(importer.seen)
        if quick is None:
            assert after == before
        importer.seen.clear()
        importer.seen.update(before)
        reader = RowReader(2, table.cells(values))
        slow = importer.read_row(reader)
        event("quick" if quick is not None else "left to read_row")
        if quick is not None:
            assert not reader.problems
            assert quick == slow
            assert importer.seen == after


def test_plain_rows_take_the_quick_path(readers):
    importer, table, fast = readers(FULL)
    for number, good in enumerate(GOOD, start=2):
        values = [good[key] for key in FULL]
        quick = fast(values)
        assert quick is not None
        importer.seen.discard(good["ma_du_an"])
        assert quick == importer.read_row(RowReader(number, table.cells(values)))
    # A unit named by a name two units share is left to `read_row`, which names it.
    assert fast(["DA9", "Tên", "Trùng tên", *[""] * 8]) is None


def test_an_xlsx_file_has_no_quick_path(readers):
    importer = ProjectImporter()
    importer.prepare()
    content = xlsx_bytes([FULL, list(GOOD[0].values())])
    table = open_table(io.BytesIO(content), "du_an.xlsx", importer.columns)
    assert importer.fast_reader(table) is None


def projects_stored() -> list:
    return sorted(
        (
            *Project.objects.filter(code=project.code).values_list(
                "code",
                "name",
                "investor_id",
                "agency_id",
                "main_commune_id",
                "group",
                "sector",
                "total_investment",
                "start_year",
                "end_year",
                "is_key",
            )[0],
            tuple(sorted(project.communes.values_list("id", flat=True))),
        )
        for project in Project.objects.all()
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
                st.lists(st.tuples(st.integers(0, 12), cell), min_size=1, max_size=2),
            ),
            st.integers(0, 6),  # a project code: some rows share one
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_a_file_gives_the_same_projects_and_problems_with_or_without_the_quick_path(
    catalogue, header, rows
):
    content = spoilt_csv(
        header, [({**good, "ma_du_an": f"DA{number}"}, spoilt) for good, spoilt, number in rows]
    )
    quick, slow = quick_and_slow(ProjectImporter, content, "du_an.csv", projects_stored)
    event("written" if quick[0] else "refused")
    assert quick == slow
