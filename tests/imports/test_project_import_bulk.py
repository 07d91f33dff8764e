"""New projects are written straight into their tables in bulk: each with its fields, its
communes and one "+" record in its history naming who imported it, as a save would."""

from __future__ import annotations

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.capital.models import Project
from giaingan.lib import rows as bulk_rows
from tests.imports.helpers import csv_bytes, run_import

HEADER = ["ma_du_an", "ten_du_an", "chu_dau_tu", "dia_ban", "nhom", "tong_muc_dau_tu"]
FIELDS = ["code", "name", "investor_id", "main_commune_id", "group", "total_investment"]

projects = st.lists(
    st.tuples(
        st.text(alphabet="ABCDEFGHIK0123456789-", min_size=1, max_size=8),
        st.lists(st.sampled_from(["XA-TD", "XA-VA"]), max_size=3),
        st.sampled_from(["A", "B", "C"]),
        st.one_of(st.none(), st.integers(0, 10**14)),
    ),
    min_size=1,
    max_size=25,
    unique_by=lambda row: row[0],
)


class Undo(Exception):
    pass


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=projects, per_statement=st.integers(1, 9))
def test_new_projects_have_their_fields_communes_and_history(
    district, people, monkeypatch, rows, per_statement
):
    monkeypatch.setattr(bulk_rows, "SQLITE_INSERT_ROWS", per_statement)
    body = [
        [code, f"Dự án {code}", "BQLDA", ";".join(communes), group, "" if total is None else total]
        for code, communes, group, total in rows
    ]
    try:
        with transaction.atomic():
            result = run_import("projects", csv_bytes([HEADER, *body]), user=people["tckh"])

            assert result.ok, result.problems
            assert result.created == len(rows)
            units = {unit.code: unit.pk for unit in district.values()}
            for code, communes, group, total in rows:
                project = Project.objects.get(code=code)
                wanted = (
                    code,
                    f"Dự án {code}",
                    units["BQLDA"],
                    units[communes[0]] if communes else None,
                    group,
                    total,
                )
                assert tuple(getattr(project, name) for name in FIELDS) == wanted
                assert {unit.code for unit in project.communes.all()} == set(communes)
                (record,) = project.history.all()
                assert record.history_type == "+"
                assert record.history_user == people["tckh"]
                assert tuple(getattr(record, name) for name in FIELDS) == wanted
            raise Undo
    except Undo:
        pass
