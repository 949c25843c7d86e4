"""The boundaries of the code hold: the import-linter contracts of pyproject.toml are kept, and no
module imports another that imports it back, however far round."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold():
    linter = Path(sys.executable).with_name("lint-imports")

    result = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def import_cycles(graph) -> list[list[str]]:
    """Return every group of modules that import one another in a circle (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_import_cycle():
    graph = grimp.build_graph("webapp", "workflows", cache_dir=None)

    assert import_cycles(graph) == []


def test_the_cycle_finder_sees_a_cycle():
    graph = grimp.ImportGraph()
    for importer, imported in (("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")):
        graph.add_import(importer=importer, imported=imported)

    assert import_cycles(graph) == [["a", "b", "c"]]


def test_the_cores_tests_run_without_the_app():
    script = (
        "import sys, pytest\n"
        "code = pytest.main(['tests/workflows', '--noconftest', '-q', '-p', 'no:cacheprovider'])\n"
        "loaded = sorted(n for n in ('webapp', 'flask', 'sqlalchemy', 'rq') if n in sys.modules)\n"
        "print('loaded:', loaded)\n"
        "sys.exit(code or (3 if loaded else 0))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "loaded: []" in result.stdout
