"""The shipped packages import one way: each module's imports (at the top or inside a function) read with
the standard library's ``ast``, checked against the layers of the README's layout table, for cycles, and
for migrations that import live code."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("nianbao", "parsers", "crawlers", "dags")

# Layer: (module prefixes, the layers it may import besides its own). The longest prefix places a module.
LAYERS: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    "model": (("nianbao.model", "nianbao.titles"), frozenset()),
    "base": (("nianbao.resources", "nianbao.home", "nianbao.logs", "nianbao.files", "nianbao.tabulate"),
             frozenset()),
    "parsers": (("parsers",), frozenset({"model"})),
    "warehouse": (("nianbao.warehouse",), frozenset({"model", "base"})),
    "registry": (("crawlers.registry",), frozenset({"warehouse", "model", "base"})),
    "checks": (("nianbao.checks",), frozenset({"warehouse", "model", "base"})),
    "crawlers": (("crawlers",), frozenset({"registry", "warehouse", "model", "base"})),
    "services": (("nianbao.alerts", "nianbao.dashboard", "nianbao.export"),
                 frozenset({"checks", "registry", "warehouse", "model", "base"})),
    "pipeline": (("nianbao.pipeline",),
                 frozenset({"services", "crawlers", "checks", "registry", "warehouse", "parsers", "model", "base"})),
    "commands": (("nianbao.commands",), frozenset({"pipeline", "base"})),
    "dags": (("dags",), frozenset({"pipeline"})),
    "migrations": (("nianbao.migrations",), frozenset()),
    "migration runner": (("nianbao.migrations.env",), frozenset({"warehouse"})),
}

def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for package in PACKAGES for path in sorted((REPO / package).rglob("*.py"))}


def layer(module: str) -> str:
    """The layer of ``module``: the one with the longest prefix of its name."""
    matches = [(len(prefix), name) for name, (prefixes, _) in LAYERS.items() for prefix in prefixes
               if module == prefix or module.startswith(prefix + ".")]
    assert matches, f"{module} is in no layer: add it to LAYERS and to the README's layout table"
    return max(matches)[1]


def project_module(name: str) -> str | None:
    """The project module ``name`` (or its attribute) is, None for other packages."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> Iterator[tuple[int, str]]:
    """(line, imported project module) of every import statement in ``module``."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                stem = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*stem, base] if base else stem)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = project_module(name)
            if target is not None and target != module:
                yield node.lineno, target


EDGES = {(module, target, line) for module in MODULES for line, target in imports(module)}


def against_the_layers() -> set[tuple[str, str, int]]:
    return {(module, target, line) for module, target, line in EDGES
            if layer(target) != layer(module) and layer(target) not in LAYERS[layer(module)][1]}


def test_every_import_follows_the_layers() -> None:
    wrong = sorted(
        f"{MODULES[module].relative_to(REPO)}:{line}: {module} ({layer(module)}) imports {target} ({layer(target)})"
        for module, target, line in against_the_layers()
    )
    assert wrong == []


def test_migrations_import_no_live_code() -> None:
    assert sorted(f"{module} imports {target}" for module, target, _ in EDGES
                  if layer(module) == "migrations") == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def package(module: str) -> str:
    """The package a module belongs to (itself for a package's ``__init__``)."""
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def test_no_import_cycle_between_modules_or_packages() -> None:
    modules: dict[str, set[str]] = {}
    packages: dict[str, set[str]] = {}
    for module, target, _ in EDGES:
        modules.setdefault(module, set()).add(target)
        if package(target) != package(module) and not package(module).startswith(package(target) + "."):
            packages.setdefault(package(module), set()).add(package(target))
    assert cycles(modules) == []
    assert cycles(packages) == []


def test_the_checks_find_what_they_look_for() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer("nianbao.warehouse.load") == "warehouse" and layer("nianbao.migrations.env") == "migration runner"
    assert layer("crawlers.registry") == "registry" and layer("crawlers.run") == "crawlers"
    assert ("nianbao.pipeline.steps", "nianbao.warehouse.load") in {(m, t) for m, t, _ in EDGES}
