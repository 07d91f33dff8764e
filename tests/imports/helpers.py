from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.db import transaction
from openpyxl import Workbook

from giaingan.imports.importers import IMPORTERS


def csv_bytes(rows: list[list[object]], *, delimiter: str = ",", bom: bool = False) -> bytes:
    text = (
        "\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows) + "\n"
    )
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def spoilt_csv(header: list[str], rows: list[tuple[dict, list[tuple[int, str]]]]) -> bytes:
    """A CSV of `header` and each row's values (by column key, "" where absent), with some
    cells spoilt: (position, value) pairs, the position taken modulo the row's width."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    for values, spoilt in rows:
        line = [values.get(key, "") for key in header]
        for position, value in spoilt:
            line[position % len(line)] = value
        writer.writerow(line)
    return text.getvalue().encode("utf-8")


class _Undone(Exception):
    pass


def quick_and_slow(
    importer_class: type, content: bytes, name: str, stored: Callable[[], Any]
) -> tuple[tuple, tuple]:
    """What importing `content` gives with the importer's quick reader and without it: the
    result's figures, every problem and `stored()` afterwards, each import inside a
    transaction rolled back afterwards."""

    def outcome(quick: bool) -> tuple:
        try:
            with transaction.atomic():
                importer = importer_class()
                if not quick:
                    importer.fast_reader = lambda table: None
                result = importer.run(io.BytesIO(content), name)
                found = (
                    result.ok,
                    result.rows_read,
                    result.created,
                    result.updated,
                    result.skipped,
                    result.problems_total,
                    [problem.as_dict() for problem in result.problems],
                    stored(),
                )
                raise _Undone
        except _Undone:
            return found

    return outcome(True), outcome(False)


def run_import(
    kind: str, content: bytes, name: str = "tep.csv", *, dry_run: bool = False, user=None
):
    return IMPORTERS[kind](user=user, dry_run=dry_run).run(io.BytesIO(content), name)


UNITS = [
    ["Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cha"],
    ["XA-TD", "UBND xã Tân Đoàn", "xa", "UBND"],  # the parent comes later in the file
    ["UBND", "UBND huyện Văn Quan", "ubnd", ""],
    ["BQLDA", "Ban QLDA ĐTXD huyện", "ban_qlda", "UBND"],
    ["KB", "Kho bạc Nhà nước Văn Quan", "kho_bac", "UBND"],  # the only treasury
]
PROJECTS = [
    [
        "ma_du_an",
        "ten_du_an",
        "chu_dau_tu",
        "co_quan_chu_quan",
        "dia_ban",
        "nhom",
        "tong_muc_dau_tu",
        "trong_diem",
    ],
    ["DA1", "Đường Tân Đoàn - Văn An", "BQLDA", "UBND", "XA-TD", "C", "5.000.000.000", "x"],
    ["DA2", "Nhà văn hóa thôn Bản Lải", "UBND xã Tân Đoàn", "", "XA-TD", "", "", "không"],
]
PLAN = [
    [
        "so_quyet_dinh",
        "ngay_quyet_dinh",
        "loai",
        "ma_du_an",
        "nguon_von",
        "nam_ke_hoach",
        "so_tien",
    ],
    ["4888/QĐ-UBND", "22/12/2023", "giao_dau_nam", "DA1", "NSDP-HUYEN", "2024", "1.000.000.000"],
    ["4888/QĐ-UBND", "22/12/2023", "giao_dau_nam", "DA2", "NSDP-HUYEN", "2024", "500000000"],
    ["1200/QĐ-UBND", "2024-10-15", "dieu_chuyen", "DA1", "NSDP-HUYEN", "2024", "-200000000"],
    ["1200/QĐ-UBND", "2024-10-15", "dieu_chuyen", "DA2", "NSDP-HUYEN", "2024", "200000000"],
]
TREASURY = [
    [
        "so_chung_tu",
        "ngay",
        "ma_du_an",
        "nguon_von",
        "nam_ke_hoach",
        "loai",
        "so_tien",
        "thu_hoi_tam_ung",
        "chung_tu_goc",
    ],
    ["KB1", "01/03/2024", "DA1", "NSDP-HUYEN", "2024", "tam_ung", "100000000", "", ""],
    ["KB2", "01/06/2024", "DA1", "NSDP-HUYEN", "2024", "thanh_toan", "300000000", "50000000", ""],
    ["KB3", "20/10/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "700000000", "0", ""],
    ["KB4", "21/10/2024", "DA2", "NSDP-HUYEN", "2024", "thanh_toan", "-100000000", "0", "KB3"],
]


def load_all() -> None:
    for kind, rows in [
        ("units", UNITS),
        ("projects", PROJECTS),
        ("plan", PLAN),
        ("treasury", TREASURY),
    ]:
        result = run_import(kind, csv_bytes(rows))
        assert result.ok, result.problems
