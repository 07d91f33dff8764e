"""A statement's lines are written as the file has them: same values, ids in file order,
however many INSERT statements the database is given them in."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import TreasuryLine
from giaingan.lib import rows as bulk_rows
from tests.conftest import make_project, plan
from tests.imports.helpers import csv_bytes, run_import

HEADER = [
    "so_chung_tu",
    "ngay",
    "ma_du_an",
    "nguon_von",
    "nam_ke_hoach",
    "loai",
    "so_tien",
    "thu_hoi_tam_ung",
]

# (project, day of 2024, amount); each is an advance, or a payment recovering nothing.
lines = st.lists(
    st.tuples(
        st.sampled_from(["DA1", "DA2"]),
        st.integers(1, 365),
        st.integers(1, 10**12),
        st.booleans(),
    ),
    min_size=1,
    max_size=30,
)


class Undo(Exception):
    pass


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=lines, per_statement=st.integers(1, 7))
def test_lines_are_written_in_file_order_with_their_values(
    district, people, monkeypatch, rows, per_statement
):
    monkeypatch.setattr(bulk_rows, "SQLITE_INSERT_ROWS", per_statement)
    first = dt.date(2024, 1, 1)
    body, expected = [], []
    for position, (code, day, amount, advance) in enumerate(rows):
        number = f"KB-{len(rows) - position:04}"  # numbers run backwards: order is the file's
        on = first + dt.timedelta(days=day - 1)
        kind = "tam_ung" if advance else "thanh_toan"
        body.append([number, f"{on:%d/%m/%Y}", code, "NSDP-HUYEN", "2024", kind, amount, ""])
        expected.append((number, on, code, kind, amount, 0, 2024))
    try:
        with transaction.atomic():
            for code in ("DA1", "DA2"):
                plan(make_project(code, district["board"]), 10**14)

            result = run_import("treasury", csv_bytes([HEADER, *body]), user=people["tckh"])

            assert result.ok, result.problems
            written = TreasuryLine.objects.order_by("id").values_list(
                "document_number",
                "value_date",
                "project__code",
                "kind",
                "amount",
                "recovered_advance",
                "plan_year",
            )
            assert list(written) == expected
            stamped = TreasuryLine.objects.values_list(
                "import_batch_id", "created_by_id", "treasury__code", "reverses_id"
            )
            assert set(stamped) == {(result.batch.pk, people["tckh"].pk, "KB", None)}
            raise Undo
    except Undo:
        pass
