"""A units file of any shape of tree, written in bulk level by level, leaves exactly the
tree it describes: each new unit once in its history, with its parent; the counts right;
and a file with a problem writes nothing."""

from __future__ import annotations

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.org.models import Unit, UnitKind
from tests.imports.helpers import csv_bytes, run_import

HEADER = ["ma_don_vi", "ten_don_vi", "loai", "don_vi_cha", "ma_so_thue"]
CODES = [f"U{number}" for number in range(12)]
SAVED = {"U0": ("Đơn vị U0", ""), "U1": ("Đơn vị U1", "U0")}  # in the database before

# Each row: (code, parent: a code, "" or one nobody has, a new name or not)
rows = st.lists(
    st.tuples(
        st.sampled_from(CODES),
        st.sampled_from(["", *CODES, "KHONG-CO"]),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda row: row[0],
)


class Undo(Exception):
    pass


def expected_tree(file_rows):
    """(tree after, created codes, updated, unchanged), or None if the file is refused."""
    codes = [code for code, _, _ in file_rows]
    if len(set(codes)) != len(codes):
        return None
    tree = {code: parent for code, (_, parent) in SAVED.items()}
    tree.update({code: parent for code, parent, _ in file_rows})
    for code in tree:
        seen, current = {code}, tree[code]
        while current:
            if current not in tree or current in seen:
                return None  # no such parent, or a cycle
            seen.add(current)
            current = tree[current]
    names = {code: name for code, (name, _) in SAVED.items()}
    created, updated, unchanged = [], 0, 0
    for code, parent, renamed in file_rows:
        name = f"Tên mới {code}" if renamed else f"Đơn vị {code}"
        if code not in SAVED:
            created.append(code)
        elif (name, parent) != SAVED[code]:
            updated += 1
        else:
            unchanged += 1
        names[code] = name
    return {code: (names[code], tree[code]) for code in tree}, created, updated, unchanged


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(file_rows=rows, repeated=st.integers(0, 40))
def test_a_units_file_leaves_the_tree_it_describes(db, file_rows, repeated):
    if repeated < len(file_rows):  # now and then a code twice in the file
        file_rows = [*file_rows, file_rows[repeated]]
    try:
        with transaction.atomic():
            saved = {}
            for code, (name, parent) in SAVED.items():
                saved[code] = Unit.objects.create(
                    code=code, name=name, kind=UnitKind.OFFICE, parent=saved.get(parent)
                )
            body = [
                [code, f"Tên mới {code}" if renamed else f"Đơn vị {code}", "phong", parent, ""]
                for code, parent, renamed in file_rows
            ]
            expected = expected_tree(file_rows)

            result = run_import("units", csv_bytes([HEADER, *body]))

            tree = {
                unit.code: (unit.name, unit.parent.code if unit.parent else "")
                for unit in Unit.objects.select_related("parent")
            }
            if expected is None:
                assert not result.ok
                assert tree == {code: value for code, value in SAVED.items()}
                raise Undo
            wanted, created, updated, unchanged = expected
            assert result.ok, result.problems
            assert tree == wanted
            assert sorted(result.created_codes) == sorted(created)
            assert (result.created, result.updated, result.skipped) == (
                len(created),
                updated,
                unchanged,
            )
            for code in created:
                (record,) = Unit.history.filter(code=code)
                assert record.history_type == "+"
                assert (record.parent.code if record.parent_id else "") == wanted[code][1]
            raise Undo
    except Undo:
        pass
