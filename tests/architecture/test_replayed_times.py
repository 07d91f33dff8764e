"""A service that takes `at=` (a step replayed with its own time, as the demo replays its
year) hands it on to every helper that stamps a time and takes one too: the audit log
(`log_action`), the notifications (`notify`), the attachments (`attachment_store`)... so
no part of the step is stamped with the moment the replay runs."""

from __future__ import annotations

import ast
from pathlib import Path

import giaingan

SOURCE = Path(giaingan.__file__).parent


def parameters(function: ast.FunctionDef) -> set[str]:
    arguments = function.args
    return {a.arg for a in arguments.args + arguments.kwonlyargs + arguments.posonlyargs}


def functions(tree: ast.AST) -> list[ast.FunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]


def callee(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def dropped(trees: dict[str, ast.AST]) -> list[str]:
    """Calls, inside a function taking `at`, to a function taking `at` without passing it."""
    stamping = {f.name for tree in trees.values() for f in functions(tree) if "at" in parameters(f)}
    found = []
    for name, tree in trees.items():
        for function in functions(tree):
            if "at" not in parameters(function):
                continue
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Call)
                    and callee(node) in stamping
                    and not any(keyword.arg in ("at", None) for keyword in node.keywords)
                ):
                    found.append(f"{name}:{node.lineno}: {function.name} → {callee(node)}")
    return found


def test_every_service_taking_at_hands_it_on():
    trees = {
        str(path.relative_to(SOURCE)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(SOURCE.rglob("*.py"))
        if "migrations" not in path.parts
    }
    assert "log_action" in {
        f.name for tree in trees.values() for f in functions(tree) if "at" in parameters(f)
    }
    assert dropped(trees) == []


def test_the_walk_sees_a_dropped_time():
    code = (
        "def log_action(action, *, at=None): ...\n"
        "def step(*, at=None):\n"
        "    log_action('x')\n"
        "    log_action('y', at=at)\n"
    )
    assert dropped({"m.py": ast.parse(code)}) == ["m.py:3: step → log_action"]
