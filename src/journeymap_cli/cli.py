"""The `jmap` command: parse options, call one function per command, map to exit codes.

Heavy modules (pydantic models, rich, jinja2) are imported inside the commands that use
them, so `jmap --version` and `jmap --help` start fast.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from journeymap_cli import __version__
from journeymap_cli.diagnostics import ExitCode

app = typer.Typer(
    name="jmap",
    help="Customer journey maps as plain-text YAML: validate, lint, score and render them.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class SchemaKind(StrEnum):
    map = "map"
    persona = "persona"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Customer journey maps as plain-text YAML: validate, lint, score and render them."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"jmap: error: {message}", err=True)
    return typer.Exit(ExitCode.USAGE)


def _use_color() -> bool:
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
    int,
    typer.Option("--max-bytes", min=1, help="Refuse files larger than this many bytes."),
]


@app.command()
def validate(
    paths: PathsArg = None,
    output_format: FormatOpt = None,
    max_bytes: MaxBytesOpt = 5 * 1024 * 1024,
) -> None:
    """Check map and persona files against the format; exit 1 if any is invalid."""
    from journeymap_cli.loader import Limits
    from journeymap_cli.reporters import default_format, emit
    from journeymap_cli.validate import load_all

    run = load_all(paths or [], Limits(max_bytes=max_bytes))
    for missing in run.missing:
        typer.echo(f"jmap: error: {missing}: no such file or folder", err=True)
    if not run.report.files and not run.missing:
        typer.echo("jmap: warning: no map files found (*.jmap.yaml, *.persona.yaml)", err=True)
    fmt = output_format.value if output_format else default_format()
    emit(fmt, run.report, sys.stdout, color=fmt == "text" and _use_color())
    raise typer.Exit(run.exit_code)


@app.command()
def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="The schema of a map file or of a persona file.")
    ] = SchemaKind.map,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a map or persona file."""
    from journeymap_cli.schema_file import schema_text

    text = schema_text(kind.value)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{output}: cannot write: {exc.strerror or exc}") from None


@app.command()
def new(
    path: Annotated[Path, typer.Argument(help="The map file to create (*.jmap.yaml).")],
    title: Annotated[str | None, typer.Option("--title", "-t", help="The map's title.")] = None,
) -> None:
    """Write a starter map that validates and explains the format in comments."""
    from journeymap_cli.starter import StarterError, write_starter

    try:
        write_starter(path, title)
    except StarterError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"created {path}; check it with: jmap validate {path}")


def main() -> None:
    app()
