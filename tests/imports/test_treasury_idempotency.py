"""Re-importing a statement of several treasuries writes nothing, per treasury."""

from __future__ import annotations

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import TreasuryLine
from giaingan.org.models import Unit, UnitKind
from tests.conftest import make_project, plan
from tests.imports.helpers import csv_bytes, run_import

HEADER = ["so_chung_tu", "ngay", "ma_du_an", "nguon_von", "nam_ke_hoach", "loai", "so_tien"]

# (treasury code, document number, amount)
rows = st.lists(
    st.tuples(
        st.sampled_from(["KB", "KB2", "KB3"]),
        st.sampled_from(["1", "2", "KB-1", "12/KB"]),
        st.integers(1, 10**9),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda item: (item[0], item[1]),  # a number once per treasury in a file
)


class Undo(Exception):
    pass


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=rows, column_first=st.booleans())
def test_a_statement_imported_twice_changes_nothing_the_second_time(
    district, people, lines, column_first
):
    try:
        with transaction.atomic():
            Unit.objects.create(code="KB2", name="Kho bạc 2", kind=UnitKind.TREASURY)
            Unit.objects.create(code="KB3", name="Kho bạc 3", kind=UnitKind.TREASURY)
            project = make_project("DA1", district["board"])
            plan(project, 10**13)
            header = ["kho_bac", *HEADER] if column_first else [*HEADER, "kho_bac"]
            body = []
            for treasury, number, amount in lines:
                values = [number, "01/06/2024", "DA1", "NSDP-HUYEN", "2024", "tam_ung", amount]
                body.append([treasury, *values] if column_first else [*values, treasury])
            content = csv_bytes([header, *body])
            first = run_import("treasury", content, user=people["tckh"])
            assert first.ok, first.problems
            assert first.created == len(lines)
            recorded = sorted(
                TreasuryLine.objects.values_list("treasury__code", "document_number", "amount")
            )
            assert recorded == sorted(lines)
            again = run_import("treasury", content, "lai.csv", user=people["tckh"])
            assert again.ok and (again.created, again.skipped) == (0, len(lines))
            assert again.changed_nothing
            assert TreasuryLine.objects.count() == len(lines)
            # The same numbers with other amounts: an error in each treasury, nothing written.
            if column_first:
                changed = [[*row[:-1], row[-1] + 1] for row in body]
            else:
                changed = [[*row[:-2], row[-2] + 1, row[-1]] for row in body]
            refused = run_import("treasury", csv_bytes([header, *changed]), user=people["tckh"])
            assert refused.problems_total == len(lines)
            assert {problem.column for problem in refused.problems} == {"so_chung_tu"}
            assert TreasuryLine.objects.count() == len(lines)
            raise Undo
    except Undo:
        pass
