"""How a map's path is written: in messages (as typed) and in reports that others read."""

from __future__ import annotations

from pathlib import Path

from journeymap_cli.io.boundary import project_root


def shared_path(label: str) -> str:
    """A map's path in output that others read (score and diff reports, job summaries, pull
    request comments): as typed when relative; an absolute one relative to its project
    root, so no folder of the machine that ran jmap travels with the report."""
    path = Path(label)
    if not path.is_absolute():
        return label
    try:
        return path.relative_to(project_root(path.parent)).as_posix()
    except ValueError:
        return path.name


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
