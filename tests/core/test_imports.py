"""The package's parts import one way: no cycle between subpackages (or top-level modules).

The graph is read from the source with ``ast``, so an import inside a function
counts as much as one at the top of a module: a lazy import still ties the two
parts together, it only hides the tie until run time. An edge is drawn between
*parts*: a subpackage (``rashomon.nlp``) or a top-level module
(``rashomon.pipeline``); imports within one part are free.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import rashomon

PACKAGE = Path(rashomon.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str:
    """``rashomon.nlp.claims`` -> ``nlp``; ``rashomon.pipeline`` -> ``pipeline``; the root package -> ``""``."""
    return module.split(".")[1] if "." in module else ""


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> list[str]:
    """The rashomon modules one import statement names, relative imports resolved."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            origin = ".".join(base + ([node.module] if node.module else []))
        else:
            origin = node.module or ""
        # ``from .x import y`` imports the submodule x.y when there is one, else a name of x
        names = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in known else origin for a in node.names]
    out = []
    for name in names:
        while name not in known and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in known and name not in out:
            out.append(name)
    return out


def import_graph() -> dict[tuple[str, str], list[str]]:
    """(importing part, imported part) -> where: ``module:line`` for every import between two parts."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _imported(node, module, path.name == "__init__.py", set(files)):
                a, b = _part(module), _part(target)
                if a != b and b:  # the root package only names things lazily (``rashomon.__getattr__``)
                    edges[(a, b)].append(f"{module}:{node.lineno}")
    return dict(edges)


def tangles(edges: dict[tuple[str, str], list[str]]) -> list[list[str]]:
    """The sets of parts that import each other in a circle (strongly connected, more than one part)."""
    succ: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        succ[a].add(b)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        order[node] = low[node] = len(order)
        stack.append(node)
        for nxt in sorted(succ[node]):
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            group = []
            while (top := stack.pop()) != node:
                group.append(top)
            group.append(node)
            if len(group) > 1:
                out.append(sorted(group))

    for start in sorted(succ):
        if start not in order:
            visit(start)
    return out


def test_the_graph_sees_lazy_and_relative_imports() -> None:
    edges = import_graph()
    assert ("engines", "stories") in edges  # module-level, relative: ``from ..stories.features import ...``
    assert any(w.startswith("rashomon.pipeline:") for w in edges[("pipeline", "models")])  # inside a function
    assert ("nlp", "models") in edges and ("compare", "nlp") in edges


def test_tangles_are_found() -> None:
    circle = {("a", "b"): [], ("b", "c"): [], ("c", "a"): [], ("c", "d"): []}
    assert tangles(circle) == [["a", "b", "c"]]
    assert tangles({("a", "b"): [], ("b", "c"): [], ("a", "c"): []}) == []


def test_no_import_cycle_between_parts() -> None:
    edges = import_graph()
    found = tangles(edges)
    where = [f"  {a} -> {b}: {', '.join(edges[(a, b)][:3])}"
             for group in found for a, b in sorted(edges) if a in group and b in group]  # fmt: skip
    assert not found, f"parts of rashomon that import each other: {found}\n" + "\n".join(where)


def test_models_never_import_eval() -> None:
    """Scoring may use the models; the models (and their training) must not depend on the scorers."""
    assert ("models", "eval") not in import_graph()
