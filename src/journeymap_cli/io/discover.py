"""Path arguments → the map and persona files to check, as format.md says to search."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from journeymap_cli.io.loader import MAP_SUFFIXES, PERSONA_SUFFIXES, StdinSource

SKIPPED_DIRS = frozenset({"node_modules", ".venv", "venv", "build", "dist"})


@dataclass
class Found:
    maps: list[Path] = field(default_factory=list)
    personas: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def targets(arguments: Iterable[str], stdin: StdinSource | None = None) -> Found:
    """What a command reads: the files `arguments` name (default: the current folder), or
    standard input as the one file it stands for."""
    if stdin is None:
        return discover(list(arguments) or ["."])
    found = Found()
    (found.personas if stdin.path.name.endswith(PERSONA_SUFFIXES) else found.maps).append(
        stdin.path
    )
    return found


def discover(arguments: Iterable[str]) -> Found:
    """Files given by name are taken whatever their name; folders are searched recursively."""
    found = Found()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop: reading it reports the error
            key = Path(os.path.abspath(path))
        if key in seen:
            return
        seen.add(key)
        (found.personas if path.name.endswith(PERSONA_SUFFIXES) else found.maps).append(path)

    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            for file in _walk(path):
                add(file)
        elif path.exists():
            add(path)
        else:
            found.missing.append(argument)
    return found


def _walk(folder: Path) -> list[Path]:
    files = []
    for current, dirs, names in os.walk(folder):
        # os.walk follows this pruned list: hidden folders and build output are not entered.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        base = Path(current)
        files += [base / n for n in sorted(names) if n.endswith(MAP_SUFFIXES + PERSONA_SUFFIXES)]
    return files
