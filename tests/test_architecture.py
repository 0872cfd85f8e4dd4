"""The package's rooms: every module imports, subpackages import each other without cycles,
and the core (format, io, lint, the scoring model) never reaches the command line."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import journeymap_cli

PACKAGE = Path(journeymap_cli.__file__).parent
CORE = ("format", "io", "lint", "score.figures", "score.gates", "score.run", "score.output")
MAX_LINES = 400


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(("journeymap_cli", *parts)))
    return names


def _room(module: str) -> str:
    """The subpackage (or top-level module) a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    """Every journeymap_cli module named by an import anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "journeymap_cli":
                found |= {f"journeymap_cli.{a.name}" for a in node.names if a.name[0] != "_"}
            elif node.module.startswith("journeymap_cli."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("journeymap_cli.")}
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        room = parts[0]
        targets = {_room(m) for m in _imports(path)} - {room, "__init__"}
        graph.setdefault(room, set()).update(targets)
    return graph


def test_every_module_imports() -> None:
    for name in _modules():
        if name.endswith("__main__"):
            continue
        importlib.import_module(name)


def test_rooms_import_each_other_without_cycles() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(room: str, trail: list[str]) -> None:
        if room in trail:
            cycle = " -> ".join([*trail[trail.index(room) :], room])
            raise AssertionError(f"import cycle between subpackages: {cycle}")
        if room in done:
            return
        for target in sorted(graph.get(room, ())):
            visit(target, [*trail, room])
        done.add(room)

    for room in sorted(graph):
        visit(room, [])


def test_the_core_never_loads_the_command_line() -> None:
    core = [m for m in _modules() if any(m.startswith(f"journeymap_cli.{c}") for c in CORE)]
    code = (
        "import importlib, sys\n"
        f"for m in {core!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'typer', 'click')"
        " or m.startswith('journeymap_cli.cli'))\n"
        "print(' '.join(bad))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "", f"the core loads: {loaded.stdout}"


def test_modules_stay_small_and_unprefixed() -> None:
    for path in PACKAGE.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines"
        if path.parent != PACKAGE:
            folder = path.parent.name
            assert not path.stem.startswith(f"{folder}_"), f"{path}: prefix repeats its folder"
