"""Options, enums and helpers shared by the `jmap` commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from journeymap_cli.cli import usage
from journeymap_cli.cli.usage import UsageProblem
from journeymap_cli.cli.usage import report_paths as report_paths
from journeymap_cli.cli.usage import use_color as use_color
from journeymap_cli.report.diagnostics import ExitCode

if TYPE_CHECKING:
    from journeymap_cli.config import Config
    from journeymap_cli.io.loader import Limits


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
    pdf = "pdf"
    png = "png"


class GroupBy(StrEnum):
    owner = "owner"


class MapState(StrEnum):
    as_is = "as-is"
    to_be = "to-be"


class SchemaKind(StrEnum):
    map = "map"
    persona = "persona"


def fail(message: str) -> typer.Exit:
    typer.echo(f"jmap: error: {message}", err=True)
    return typer.Exit(ExitCode.USAGE)


PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Map files and folders (searched recursively), or - for standard input."
        " Default: the current folder.",
        show_default=False,
    ),
]
StdinFilenameOpt = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        help="With -, the path the map on standard input stands for: used in messages,"
        " for its persona path and per-file-ignores.",
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


@contextmanager
def usage_errors() -> Iterator[None]:
    """Turn a `UsageProblem` raised inside the block into `jmap: error: ...`, exit 2."""
    try:
        yield
    except UsageProblem as exc:
        raise fail(str(exc)) from None


def limits(config: Config, max_bytes: int | None) -> Limits:
    with usage_errors():  # --max-bytes beyond the ceiling, JMAP_JOBS not a number
        return usage.limits(config, max_bytes)


def load_config(path: Path | None) -> Config:
    with usage_errors():
        return usage.load_config(path)
