"""The project boundary: a file whose real path leaves its project is neither read nor written.

A repository (or an unpacked archive) can commit symbolic links: `passwd.jmap.yaml ->
/etc/passwd` would be read and quoted in reports, `rendered/m.md -> ~/.ssh/authorized_keys`
would be replaced by a page, `compose.jmap.yaml -> ../other/compose.yml` reformatted. So
every file jmap reads as a map or persona (io/loader.py) and every file it writes
(io/atomic.py) must resolve inside the project of the path as named: the project root is
found from where the path is, not from where its links lead.
"""

from __future__ import annotations

import errno
import os
from functools import lru_cache
from pathlib import Path

ROOT_MARKERS = (".git", "jmap.toml", "pyproject.toml")


@lru_cache(maxsize=256)
def project_root(folder: Path) -> Path:
    """Nearest folder at or above `folder` holding .git, jmap.toml or pyproject.toml;
    without one, `folder` itself (the map's own folder). Not the working folder, as the
    format spec once said: run from `/`, that let a map read any file into a page.

    A folder that is a symbolic link is never a root (nor the fallback: then the nearest
    folder above it is): the project is where the link lives, not where it leads, or a
    committed `maps -> /home/someone` holding a `.git` would carry its own boundary along.
    """
    for candidate in (folder, *folder.parents):
        if candidate.is_symlink():
            continue
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    return next((c for c in (folder, *folder.parents) if not c.is_symlink()), folder)


class OutsideProject(OSError):
    """A path whose real path leaves its project: not read, not written (exit code 2)."""

    def __init__(self, path: Path, root: Path) -> None:
        self.root = root
        super().__init__(
            errno.EXDEV,
            f"it leads out of the project ({_shown(root)}) through a symbolic link; jmap"
            " reads and writes only inside it (name the real path to use what the link"
            " points at)",
            str(path),
        )


def outside(path: Path) -> Path | None:
    """The project root of `path` as named when its real path (every link followed,
    the file's own too) is outside that root; None when it is inside."""
    # the root from the path with `..` taken lexically, the real path as the system walks
    # it (`out/../x` through a link `out` is `x` beside where the link leads)
    root = project_root(Path(os.path.abspath(path)).parent)
    real, base = os.path.realpath(path), _real(root)
    return None if real == base or real.startswith(base.rstrip(os.sep) + os.sep) else root


@lru_cache(maxsize=256)
def _real(root: Path) -> str:
    """A root's real path (cached as project_root is: every file read asks)."""
    return os.path.realpath(root)


def check_inside(path: Path) -> None:
    """Raise OutsideProject when `path` resolves outside its project."""
    root = outside(path)
    if root is not None:
        raise OutsideProject(path, root)


def _shown(root: Path) -> str:
    """The root as a user would type it: relative to the working folder when inside it."""
    try:
        relative = root.relative_to(Path.cwd())
    except ValueError:
        return str(root)
    return "the current folder" if relative == Path() else str(relative)
