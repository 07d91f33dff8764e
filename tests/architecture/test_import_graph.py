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


# --- The layering of the award pipeline (`giaingan.emulation`) -----------------------------

EMULATION = "giaingan.emulation"
# One service module per process, on top of the workflow table, the selectors, the votes,
# the restrictions and the papers; the views of each process on top of its services.
PROCESS_SERVICES = {"proposal", "council", "publicity", "decisions"}
SERVICES = PROCESS_SERVICES | {"services", "loading", "responsibility"}
BOTTOM = {"models", "votes", "restrictions", "selectors", "workflow", "papers", "judging"}
PAPERS_READ = {"models", "selectors", "votes", "restrictions", "rules", "judging"}
PURE = {"votes": {"__future__", "dataclasses", "decimal", f"{EMULATION}.models"}}


def short(module: str) -> str:
    return module.removeprefix(f"{EMULATION}.")


def is_view(name: str) -> bool:
    return name.startswith(("views", "urls", "forms"))


def layering_breaches(graph: dict[str, set[str]]) -> list[str]:
    """Every import of the emulation package that goes down the wrong way."""
    found = []
    for module, targets in sorted(graph.items()):
        if not module.startswith(f"{EMULATION}."):
            continue
        name = short(module)
        inside = {short(t) for t in targets if t.startswith(f"{EMULATION}.")}
        if name == "papers":  # the bottom: reads and counts, no step, no service
            found += [f"papers imports {t}" for t in sorted(inside - PAPERS_READ)]
        elif name in BOTTOM:
            found += [f"{name} imports {t}" for t in sorted(inside) if t in SERVICES or is_view(t)]
        if name in SERVICES:
            found += [f"{name} imports {t}" for t in sorted(inside) if is_view(t)]
        if name in PROCESS_SERVICES:
            found += [f"{name} imports {t}" for t in sorted(inside & PROCESS_SERVICES - {name})]
    return found


def test_the_award_pipeline_is_layered():
    graph, _ = graph_and_private()
    assert layering_breaches(graph) == []


def test_vote_counting_is_pure():
    found = sources()
    for name, allowed in PURE.items():
        tree = ast.parse(found[f"{EMULATION}.{name}"].read_text())
        imported = {
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        }
        assert imported <= allowed, f"{name} imports {sorted(imported - allowed)}"


def catches_a_refusal(path) -> int:
    return sum(
        isinstance(node, ast.ExceptHandler)
        and isinstance(node.type, ast.Name)
        and node.type.id == "InvalidInput"
        for node in ast.walk(ast.parse(path.read_text()))
    )


def test_emulation_views_catch_a_refusal_in_one_place():
    # The call-service / catch / show-again skeleton is `web.problems.form_submit`: the
    # views of each process (the pipeline's and the movement's pages) call it instead of
    # catching the services' refusals themselves.
    found = sources()
    urls = ast.parse(found[f"{EMULATION}.urls_pipeline"].read_text())
    view_modules = {
        f"{EMULATION}.{alias.name}"
        for node in ast.walk(urls)
        if isinstance(node, ast.ImportFrom) and node.module == EMULATION
        for alias in node.names
    }
    assert len(view_modules) >= 5  # the overview and one views module per process
    view_modules.add(f"{EMULATION}.views_movement")
    catchers = {
        module: catches_a_refusal(path) for module, path in found.items() if module in view_modules
    }
    assert catchers == dict.fromkeys(view_modules, 0)
    assert catches_a_refusal(found["giaingan.web.problems"]) == 1


def test_the_layering_reader_sees_a_breach():
    graph = {
        f"{EMULATION}.papers": {f"{EMULATION}.council", f"{EMULATION}.models"},
        f"{EMULATION}.selectors": {f"{EMULATION}.views_council"},
        f"{EMULATION}.decisions": {f"{EMULATION}.publicity", f"{EMULATION}.selectors"},
        f"{EMULATION}.council": {f"{EMULATION}.forms_pipeline"},
    }
    assert layering_breaches(graph) == [
        "council imports forms_pipeline",
        "decisions imports publicity",
        "papers imports council",
        "selectors imports views_council",
    ]
