"""Every csv and xlsx cell the app writes goes through `documents/sheets.py` (the one rule of
`lib/cells.py`: no text becomes a formula, no control character breaks a file). This walks
every module of the app for the ways to write a cell or a csv row some other way."""

from __future__ import annotations

import ast
from pathlib import Path

import giaingan

SOURCE = Path(giaingan.__file__).parent
THE_WRITER = SOURCE / "documents" / "sheets.py"
# Names a worksheet goes by in our code: `sheet.append([...])` would write raw cells.
SHEET_NAMES = ("sheet", "page", "ws", "worksheet")


def is_sheet_name(name: str) -> bool:
    name = name.lower()
    return name in SHEET_NAMES or name.endswith(tuple(f"_{word}" for word in SHEET_NAMES))


def bypasses(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter"):
            if isinstance(node.value, ast.Name) and node.value.id == "csv":
                found.append((node.lineno, f"csv.{node.attr}"))
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module == "csv" and names & {"writer", "DictWriter"}:
                found.append((node.lineno, "from csv import a writer"))
            if node.module.startswith("openpyxl.cell") and "WriteOnlyCell" in names:
                found.append((node.lineno, "WriteOnlyCell"))
            if "StreamingHttpResponse" in names:
                found.append((node.lineno, "StreamingHttpResponse (a file written row by row)"))
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            modules.append(getattr(node, "module", None) or "")
            if any(module.split(".")[0] in ("xlsxwriter", "pyexcelerate") for module in modules):
                found.append((node.lineno, "another xlsx writer"))
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr in ("value", "_value")
                    and not (isinstance(target.value, ast.Name) and target.value.id == "self")
                ):
                    found.append((node.lineno, "cell.value = ..."))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "cell" and (
                len(node.args) > 2 or any(keyword.arg == "value" for keyword in node.keywords)
            ):
                found.append((node.lineno, "sheet.cell(..., value=...)"))
            receiver = node.func.value
            if (
                node.func.attr == "append"
                and isinstance(receiver, ast.Name | ast.Attribute)
                and is_sheet_name(receiver.id if isinstance(receiver, ast.Name) else receiver.attr)
                and not (
                    len(node.args) == 1
                    and isinstance(node.args[0], ast.List | ast.Tuple)
                    and not node.args[0].elts
                )
            ):
                found.append((node.lineno, "sheet.append(values)"))
    return found


def test_no_module_but_the_writer_writes_a_cell_or_a_csv_row():
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path == THE_WRITER or "migrations" in path.parts:
            continue
        for line, how in bypasses(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(SOURCE)}:{line}: {how}")
    assert offenders == []


def test_the_walk_sees_each_way_around_the_writer():
    """The walk is not blind: each bypass, in a module of its own, is found."""
    samples = {
        "import csv\ncsv.writer(out).writerow(row)": "csv.writer",
        "from csv import DictWriter": "from csv import a writer",
        "import xlsxwriter": "another xlsx writer",
        "from openpyxl.cell.cell import WriteOnlyCell": "WriteOnlyCell",
        "from django.http import StreamingHttpResponse": "StreamingHttpResponse",
        "sheet.cell(row=1, column=1).value = text": "cell.value = ...",
        "page.cell(row=1, column=1, value=text)": "sheet.cell(..., value=...)",
        "self.sheet.append([code, name])": "sheet.append(values)",
        "guide_sheet.append(row)": "sheet.append(values)",
    }
    for code, how in samples.items():
        assert [found for _line, found in bypasses(ast.parse(code))] != [], code
        assert any(how in found for _line, found in bypasses(ast.parse(code))), code
    assert bypasses(ast.parse("guide_sheet.append([])\nrows.append([1, 2])")) == []
    assert bypasses(ast.parse("self.value = spec.canonical(self.value)")) == []
