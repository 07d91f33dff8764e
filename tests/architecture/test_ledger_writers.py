"""Who writes the ledger: only the books and the month sums (capital/ledger.py,
capital/months.py), where the ledger's generation is bumped for the figures cache
(figures/cache.py). A new writer of TreasuryLine, PlanEntry or LedgerMonth elsewhere would
leave cached figures stale: this test names it, so it goes through the books instead (or,
if it must not, bumps the generation and joins the list below)."""

from __future__ import annotations

import ast
from pathlib import Path

import giaingan
from tests.architecture.test_import_graph import module_name

ROOT = Path(giaingan.__file__).parent
LEDGER_MODELS = {"TreasuryLine", "PlanEntry", "LedgerMonth"}
LEDGER_TABLES = {"capital_treasuryline", "capital_planentry", "capital_ledgermonth"}
WRITES = {
    "save",
    "create",
    "bulk_create",
    "bulk_update",
    "update",
    "update_or_create",
    "get_or_create",
    "delete",
}
# The modules allowed to write the ledger, and why.
KNOWN_WRITERS = {
    "giaingan.capital.ledger",  # the books: every plan entry and treasury line
    "giaingan.capital.months",  # LedgerMonth, which bumps the generation
    "giaingan.capital.models",  # the append-only guard (AppendOnly.save refuses an edit)
}


def _names_in(node: ast.AST) -> set[str]:
    return {child.id for child in ast.walk(node) if isinstance(child, ast.Name)}


def ledger_writes(source: str) -> list[str]:
    """What in `source` may write a ledger table: a write method called on something built
    from a ledger model (`TreasuryLine.objects.filter(...).update()`, `PlanEntry(...)`
    constructed to be saved, `TreasuryLine._meta` for hand-written SQL), or SQL naming a
    ledger table."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in WRITES and _names_in(node.func.value) & LEDGER_MODELS:
                found.append(f"line {node.lineno}: .{node.func.attr}()")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in LEDGER_MODELS:
                found.append(f"line {node.lineno}: {node.func.id}(...)")
        if isinstance(node, ast.Attribute) and node.attr == "_meta":
            if isinstance(node.value, ast.Name) and node.value.id in LEDGER_MODELS:
                found.append(f"line {node.lineno}: {node.value.id}._meta")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.lower()
            if any(table in text for table in LEDGER_TABLES) and any(
                verb in text for verb in ("insert", "update", "delete", "copy")
            ):
                found.append(f"line {node.lineno}: SQL writing a ledger table")
    return found


def test_only_the_books_write_the_ledger():
    writers = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = module_name(path)
        found = ledger_writes(path.read_text())
        if found and name not in KNOWN_WRITERS:
            writers[name] = found
    assert writers == {}


def test_the_reader_sees_each_kind_of_write():
    source = """
TreasuryLine.objects.filter(pk=1).update(amount=2)
PlanEntry.objects.bulk_create([PlanEntry(amount=1)])
table = LedgerMonth._meta.db_table
cursor.execute("DELETE FROM capital_treasuryline")
PlanEntry.objects.filter(plan_year=2024).count()
"""
    found = ledger_writes(source)
    assert sorted(entry.split(":")[0] for entry in found) == [
        "line 2",
        "line 3",
        "line 3",
        "line 4",
        "line 5",
    ]


def test_the_known_writers_exist():
    modules = {module_name(path) for path in ROOT.rglob("*.py")}
    assert KNOWN_WRITERS <= modules
