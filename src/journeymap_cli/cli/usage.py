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
    from journeymap_cli.io.loader import Limits
    from journeymap_cli.io.source import StdinSource


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

    if path is not None:
        _check_config_path(path)
    try:
        return load(path)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None


def _check_config_path(path: Path) -> None:
    """--config takes a readable regular file or a pipe (`--config /dev/stdin`,
    `--config <(...)`); say precisely why anything else is refused."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise UsageProblem(f"{path}: no such configuration file") from None
    except OSError as exc:
        raise UsageProblem(f"{path}: cannot read the configuration: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise UsageProblem(f"{path}: is a folder, not a configuration file")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or (stat.S_ISCHR(mode) and _is_stdin(path))):
        raise UsageProblem(f"{path}: not a regular file or a pipe")


def _is_stdin(path: Path) -> bool:
    """/dev/stdin (or /dev/fd/0) on a terminal: a character device, read like a file."""
    try:
        return os.path.samefile(path, "/dev/stdin")
    except OSError:
        return False


def limits(config: Config, max_bytes: int | None) -> Limits:
    from journeymap_cli.io.batch import jobs_problem
    from journeymap_cli.io.loader import MAX_MAX_BYTES

    if max_bytes is not None and max_bytes > MAX_MAX_BYTES:
        raise UsageProblem(
            f"--max-bytes {max_bytes}: at most {MAX_MAX_BYTES:,} (1 GiB); a map that large"
            " would take minutes and gigabytes to read"
        )
    if (problem := jobs_problem()) is not None:
        raise UsageProblem(problem)
    return config.limits(max_bytes)


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
    from journeymap_cli.io.source import StdinSource

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
