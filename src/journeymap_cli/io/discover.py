"""Path arguments → the map and persona files to check, as format.md says to search."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from journeymap_cli.io.boundary import OutsideProject, outside
from journeymap_cli.io.loader import MAP_SUFFIXES, PERSONA_SUFFIXES
from journeymap_cli.io.source import StdinSource
from journeymap_cli.report.diagnostics import IO_ERROR, Diagnostic

SKIPPED_DIRS = frozenset({"node_modules", ".venv", "venv", "build", "dist"})


@dataclass
class Found:
    maps: list[Path] = field(default_factory=list)
    personas: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # (path, reason): named files and folders that cannot be read (exit 2)
    unreadable: list[tuple[str, str]] = field(default_factory=list)


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
    """Files given by name are taken whatever their name; folders are searched recursively
    (not a folder that leads out of its project: io/boundary.py; the files in it that do
    are refused as they are read)."""
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
        try:
            st = path.stat()
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                found.missing.append(argument)
            else:  # a folder on the way that cannot be entered, a name too long...
                found.unreadable.append((argument, exc.strerror or str(exc)))
            continue
        if stat.S_ISDIR(st.st_mode):
            if (root := outside(path)) is not None:  # said once, not for each file in it
                found.unreadable.append((argument, str(OutsideProject(path, root).strerror)))
                continue
            for file in _walk(path, found):
                add(file)
        elif stat.S_ISREG(st.st_mode):
            add(path)
        else:  # reading a named pipe or a device could wait forever
            found.unreadable.append((argument, "not a regular file (a named pipe or device)"))
    return found


def unreadable(found: Found) -> list[Diagnostic]:
    """A JM900 (exit 2) for each named path or searched folder that cannot be read."""
    return [
        Diagnostic(path, 1, 1, IO_ERROR, f"cannot read: {reason}")
        for path, reason in found.unreadable
    ]


def _walk(folder: Path, found: Found) -> list[Path]:
    files = []

    def unreadable(exc: OSError) -> None:  # os.walk skips such folders silently otherwise
        found.unreadable.append(
            (os.path.normpath(exc.filename or folder), exc.strerror or str(exc))
        )

    for current, dirs, names in os.walk(folder, onerror=unreadable):
        # os.walk follows this pruned list: hidden folders and build output are not entered.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        base = Path(current)
        for name in sorted(names):
            if name.endswith(MAP_SUFFIXES + PERSONA_SUFFIXES) and _regular(base / name):
                files.append(base / name)
    return files


def _regular(path: Path) -> bool:
    """A regular file, or a link to one; a named pipe or device is skipped when searching,
    and a broken or looping link is kept (reading it reports why)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True
