"""The `jmap` command: parse options, call one function per command, map to exit codes.

Heavy modules (pydantic models, rich, jinja2) are imported inside the commands that use
them, so `jmap --version` and `jmap --help` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from journeymap_cli import __version__
from journeymap_cli.cli.diff import diff
from journeymap_cli.cli.help import JmapCommand, JmapGroup
from journeymap_cli.cli.lint import fmt, lint, rules
from journeymap_cli.cli.options import (
    ConfigOpt,
    FormatOpt,
    MaxBytesOpt,
    PathsArg,
    SchemaKind,
    StdinFilenameOpt,
    choice,
    choices,
    fail,
    usage_errors,
)
from journeymap_cli.cli.render import render
from journeymap_cli.cli.score import score
from journeymap_cli.cli.serve import serve
from journeymap_cli.cli.sheets import export, import_

app = typer.Typer(
    name="jmap",
    cls=JmapGroup,
    help="Customer journey maps as plain-text YAML: validate, lint, score and render them.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


@app.command(cls=JmapCommand)
def validate(
    paths: PathsArg = None,
    output_format: FormatOpt = None,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
    stdin_filename: StdinFilenameOpt = None,
) -> None:
    """Check map and persona files against the format; exit 1 if any is invalid."""
    from journeymap_cli.cli.checks import run_validate

    with usage_errors():
        code = run_validate(paths or [], output_format, max_bytes, config_path, stdin_filename)
    raise typer.Exit(code)


@app.command(cls=JmapCommand)
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            parser=choice(SchemaKind, "schema"),
            metavar=choices(SchemaKind).strip("[]"),
            help="The schema of a map file or of a persona file.",
        ),
    ] = SchemaKind.map,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write to this file instead of stdout."
        ),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a map or persona file."""
    from journeymap_cli.format.schema import schema_text

    text = schema_text(kind.value)
    if output is None:
        sys.stdout.write(text)
        return
    from journeymap_cli.io.atomic import write_file

    try:
        write_file(output, text)
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None


@app.command(cls=JmapCommand)
def new(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="The map file to create (*.jmap.yaml).")
    ],
    title: Annotated[
        str | None, typer.Option("--title", "-t", metavar="TEXT", help="The map's title.")
    ] = None,
) -> None:
    """Write a starter map that validates and explains the format in comments."""
    from journeymap_cli.cli.new import StarterError, write_starter

    try:
        write_starter(path, title)
    except StarterError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"created {path}; check it with: jmap validate {path}")


app.command(cls=JmapCommand)(lint)
app.command(cls=JmapCommand)(rules)
app.command(cls=JmapCommand)(fmt)
app.command(cls=JmapCommand)(score)
app.command(cls=JmapCommand)(render)
app.command(cls=JmapCommand)(serve)
app.command(cls=JmapCommand)(diff)
app.command(cls=JmapCommand)(export)
app.command(name="import", cls=JmapCommand)(import_)


def main() -> None:
    app()
