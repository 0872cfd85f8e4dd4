"""What every command needs before and around its work, without the CLI framework.

Usage errors (exit 2) are raised as `UsageProblem`; the typer commands and the fast path
in entry.py each turn it into `jmap: error: ...` on stderr.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeymap_cli.config import Config
    from journeymap_cli.io.loader import Limits, StdinSource


class UsageProblem(Exception):
    """A mistake in how jmap was called or configured: exit 2."""


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def not_a_file(path: Path | str, what: str = "file") -> str:
    """Why a path that must name a file does not: it is a folder, or nothing is there."""
    if Path(path).is_dir():
        return f"{path}: is a folder, not a {what}"
    return f"{path}: no such {what}"


def load_config(path: Path | None) -> Config:
    from journeymap_cli.config import ConfigError, load

    if path is not None and not path.is_file():
        raise UsageProblem(not_a_file(path, "configuration file"))
    try:
        return load(path)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None


def limits(config: Config, max_bytes: int | None) -> Limits:
    from journeymap_cli.io.loader import DEFAULT_MAX_BYTES, DEFAULT_MAX_IMAGE_BYTES, Limits

    return Limits(
        max_bytes=max_bytes or config.max_bytes or DEFAULT_MAX_BYTES,
        max_image_bytes=config.max_image_bytes or DEFAULT_MAX_IMAGE_BYTES,
    )


def report_paths(missing_paths: list[str], files: list[str]) -> None:
    """Paths that do not exist (exit 2 follows), or a warning when nothing was found."""
    for missing in missing_paths:
        sys.stderr.write(f"jmap: error: {missing}: no such file or folder\n")
    if not files and not missing_paths:
        sys.stderr.write("jmap: warning: no map files found (*.jmap.yaml, *.persona.yaml)\n")


def stdin_source(
    paths: list[str], stdin_filename: str | None, limits: Limits
) -> StdinSource | None:
    """`-` among the paths: the map is read from standard input (once, within the limits)."""
    from journeymap_cli.io.loader import StdinSource

    if "-" not in paths:
        if stdin_filename is not None:
            raise UsageProblem("--stdin-filename goes with '-' (the map on standard input)")
        return None
    if len(paths) > 1:
        raise UsageProblem("'-' (standard input) cannot be given with other paths")
    try:
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
    except (AttributeError, OSError, ValueError) as exc:  # closed (`<&-`) or unreadable
        reason = getattr(exc, "strerror", None) or "it is closed"
        raise UsageProblem(f"cannot read standard input: {reason}") from None
    return StdinSource(Path(stdin_filename or "<stdin>"), data)
