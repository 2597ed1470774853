"""The package layout's rules (docs/architecture.md, "Which package may import which"): the imports
between builder's modules form no cycle, and no module imports a package above its own. Read from
the source with ast, so imports made only for type checking, or inside functions, count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BUILDER = Path(__file__).resolve().parents[1] / "builder"

LAYERS = ("load", "model", "search", "render", "output", "serve")  # bottom to top
BESIDE = {"scaffold": ("load",), "importing": ("load",)}  # beside the build: only the command line imports them
# The exception: a posting's body terms and sentences are made when it is parsed, with the search's
# own text rules, which import nothing from builder.
TEXT_RULES = {"load": ("builder.search.tokens", "builder.search.snippets")}
TOP_MODULES = 5  # __init__, __main__, cli, and at most two more


def may_import(package: str) -> tuple[str, ...]:
    """The packages a package's modules may import besides their own."""
    return LAYERS[: LAYERS.index(package)] if package in LAYERS else BESIDE[package]


def modules(root: Path) -> dict[str, Path]:
    """Dotted name -> file of every module under root (a package's is its __init__.py)."""
    found = {}
    for path in root.rglob("*.py"):
        parts = (root.name, *path.relative_to(root).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports (the most specific: `from .load import
    i18n` imports builder.load.i18n, `from .. import __version__` the root package)."""
    known = modules(root)
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
                targets.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                               for alias in node.names)
        graph[name] = {target for target in map(lambda t: _known_prefix(t, known), targets) if target}
        graph[name].discard(name)
    return graph


def _known_prefix(target: str, known: dict[str, Path]) -> str | None:
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def layer_breaks(root: Path) -> list[str]:
    """Every import against the rules, as "importer -> imported: why"."""
    known, graph = modules(root), imports(root)

    def package(module: str) -> str | None:  # None for the root and the modules at the top (cli)
        parts = module.split(".")
        return parts[1] if len(parts) > 2 or len(parts) == 2 and known[module].name == "__init__.py" else None

    breaks = []
    for importer, targets in sorted(graph.items()):
        here = package(importer)
        for target in sorted(targets):
            there = package(target)
            if target == root.name or here == there or here is None:
                continue  # the root package (its __version__), the same package, or the command line
            if there is None:
                breaks.append(f"{importer} -> {target}: nothing in a package imports the command line")
            elif there not in may_import(here) and target not in TEXT_RULES.get(here, ()):
                breaks.append(f"{importer} -> {target}: {here} may import only {', '.join(may_import(here)) or 'itself'}")
    return breaks


def test_no_module_imports_itself_back_through_others() -> None:
    assert cycles(imports(BUILDER)) == []


def test_every_import_follows_the_layers() -> None:
    assert layer_breaks(BUILDER) == []


def test_the_text_rules_load_uses_import_nothing_of_builder() -> None:
    graph = imports(BUILDER)
    assert {module: graph[module] for rules in TEXT_RULES.values() for module in rules} == \
           {module: set() for rules in TEXT_RULES.values() for module in rules}


@pytest.mark.parametrize("package", [*LAYERS, *BESIDE])
def test_each_package_says_what_it_is_for_and_what_it_may_import(package: str) -> None:
    doc = ast.get_docstring(ast.parse((BUILDER / package / "__init__.py").read_text())) or ""
    summary, _, rule = doc.partition("May import:")
    named = {word.strip("`") for word in rule.split() if word.startswith("`")}
    assert len(summary.split()) > 10
    assert {name.rstrip(".,;:`") for name in named} == \
           {*may_import(package), *(name.removeprefix("builder.") for name in TEXT_RULES.get(package, ()))}


def test_builder_keeps_its_modules_in_packages() -> None:
    top = sorted(path.name for path in BUILDER.glob("*.py"))
    assert {"__init__.py", "__main__.py", "cli.py"} <= set(top) and len(top) <= TOP_MODULES, top
    assert sorted(p.name for p in BUILDER.iterdir() if p.is_dir() and (p / "__init__.py").is_file()) == \
           sorted([*LAYERS, *BESIDE])


def _package_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_the_checks_find_a_cycle_and_an_import_against_the_layers(tmp_path: Path) -> None:
    """The checks above on a made-up package with one of each, so they are seen to fail."""
    package = _package_tree(tmp_path / "builder", {
        "__init__.py": "", "cli.py": "from .serve import server\n",
        "load/__init__.py": "", "load/config.py": "from ..render.site import Page\n",
        "render/__init__.py": "", "render/site.py": "from ..load import config\n",
        "serve/__init__.py": "", "serve/server.py": "from .handler import Handler\n",
        "serve/handler.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .server import Server\n",
    })
    graph = imports(package)
    assert cycles(graph) == [["builder.load.config", "builder.render.site"],
                             ["builder.serve.handler", "builder.serve.server"]]
    assert layer_breaks(package) == ["builder.load.config -> builder.render.site: load may import only itself"]
