"""The import graph of `giaingan`, read with ast over the source files: no circle between
modules (function-level imports included, so none can dodge one), and no private
(underscore) name imported from another module."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import giaingan

ROOT = Path(giaingan.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, Path]:
    return {
        module_name(path): path for path in ROOT.rglob("*.py") if "migrations" not in path.parts
    }


def imports(tree: ast.AST, modules: set[str]):
    """(imported module, name or None) of every import of a `giaingan` module, wherever it is."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in modules:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if submodule in modules:
                    yield submodule, None
                else:
                    yield node.module, alias.name


def circle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of the graph (module -> the modules it imports), [] when there is none."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return list(error.args[1])
    return []


def graph_and_private() -> tuple[dict[str, set[str]], list[str]]:
    found = sources()
    graph: dict[str, set[str]] = {}
    private = []
    for name, path in found.items():
        graph.setdefault(name, set())
        for target, imported in imports(ast.parse(path.read_text()), set(found)):
            if target == name or name.startswith(target + ".") and imported is None:
                continue  # a package's own __init__
            graph[name].add(target)
            if imported is not None and imported.startswith("_"):
                private.append(f"{name} imports {target}.{imported}")
    return graph, private


def test_no_circle_between_modules():
    graph, _ = graph_and_private()
    assert circle(graph) == []


def test_no_private_name_imported_across_modules():
    _, private = graph_and_private()
    assert private == []


def test_the_reader_sees_a_circle_and_a_private_import(tmp_path):
    # The check itself can fail: two modules that import each other, one by a private name.
    first = ast.parse("def f():\n    from pkg.b import _hidden\n")
    second = ast.parse("import pkg.a\n")
    modules = {"pkg.a", "pkg.b"}
    graph: dict[str, set[str]] = {}
    private = []
    for name, tree in [("pkg.a", first), ("pkg.b", second)]:
        for target, imported in imports(tree, modules):
            graph.setdefault(name, set()).add(target)
            if imported and imported.startswith("_"):
                private.append(imported)
    assert set(circle(graph)) == {"pkg.a", "pkg.b"}
    assert private == ["_hidden"]
