"""Options, enums and helpers shared by the `jmap` commands."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from journeymap_cli.diagnostics import ExitCode

if TYPE_CHECKING:
    from journeymap_cli.config import Config
    from journeymap_cli.loader import Limits


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class ScoreFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    csv = "csv"


class RenderFormat(StrEnum):
    html = "html"
    md = "md"
    mermaid = "mermaid"
    json = "json"


class GroupBy(StrEnum):
    owner = "owner"


class SchemaKind(StrEnum):
    map = "map"
    persona = "persona"


def fail(message: str) -> typer.Exit:
    typer.echo(f"jmap: error: {message}", err=True)
    return typer.Exit(ExitCode.USAGE)


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Map files and folders (searched recursively). Default: the current folder.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: text, or github inside GitHub Actions.",
        show_default=False,
    ),
]
MaxBytesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-bytes",
        min=1,
        help="Refuse files larger than this many bytes. Default: max-bytes in the"
        " configuration, else 5 MiB.",
        show_default=False,
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Configuration file (jmap.toml, or pyproject.toml with [tool.jmap]). Default:"
        " the nearest one at or above the current folder.",
        show_default=False,
    ),
]


def load_config(path: Path | None) -> Config:
    from journeymap_cli.config import ConfigError, load

    if path is not None and not path.is_file():
        raise fail(f"{path}: no such configuration file")
    try:
        return load(path)
    except ConfigError as exc:
        raise fail(str(exc)) from None


def limits(config: Config, max_bytes: int | None) -> Limits:
    from journeymap_cli.loader import DEFAULT_MAX_BYTES, Limits

    return Limits(max_bytes=max_bytes or config.max_bytes or DEFAULT_MAX_BYTES)


def report_paths(missing_paths: list[str], files: list[str]) -> None:
    """Paths that do not exist (exit 2 follows), or a warning when nothing was found."""
    for missing in missing_paths:
        typer.echo(f"jmap: error: {missing}: no such file or folder", err=True)
    if not files and not missing_paths:
        typer.echo("jmap: warning: no map files found (*.jmap.yaml, *.persona.yaml)", err=True)
