"""A treasury statement is streamed: memory does not grow with the file's size."""

from __future__ import annotations

import csv
import tracemalloc

import pytest

from giaingan.capital.models import TreasuryLine
from giaingan.imports.importers import TreasuryImporter
from tests.imports.helpers import TREASURY, load_all

pytestmark = pytest.mark.django_db


def write_statement(path, lines: int, prefix: str) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(TREASURY[0])
        for number in range(lines):
            day = f"{number % 28 + 1:02d}/{number % 12 + 1:02d}/2024"
            writer.writerow(
                [
                    f"{prefix}-{number}",
                    day,
                    "DA1",
                    "NSDP-HUYEN",
                    "2024",
                    "thanh_toan",
                    "1000",
                    "0",
                    "",
                ]
            )


def peak_while_importing(path) -> int:
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            result = TreasuryImporter().run(stream, path.name)
        assert result.ok, result.problems[:3]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file(tmp_path):
    load_all()
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    write_statement(small, 6_000, "S")
    write_statement(large, 30_000, "L")
    small_peak = peak_while_importing(small)
    large_peak = peak_while_importing(large)
    assert TreasuryLine.objects.filter(document_number__startswith="L-").count() == 30_000
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)
