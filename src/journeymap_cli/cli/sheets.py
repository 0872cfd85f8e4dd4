"""`jmap export` and `jmap import`: touchpoints to and from a spreadsheet (CSV)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from journeymap_cli.cli.options import (
    ConfigOpt,
    MaxBytesOpt,
    choice,
    choices,
    fail,
    limits,
    load_config,
)
from journeymap_cli.cli.usage import not_a_file
from journeymap_cli.report.diagnostics import ExitCode


class SheetFormat(StrEnum):
    csv = "csv"


def export(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The map to export.")],
    output_format: Annotated[
        SheetFormat,
        typer.Option(
            "--format",
            "-f",
            parser=choice(SheetFormat, "format"),
            metavar=choices(SheetFormat),
            help="Output format.",
        ),
    ] = SheetFormat.csv,
    output: Annotated[
        str,
        typer.Option("--output", "-o", metavar="PATH", help="The CSV file ('-': stdout)."),
    ] = "-",
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Write one CSV row per touchpoint, for workshops in a spreadsheet."""
    from journeymap_cli.io.atomic import write_file
    from journeymap_cli.io.loader import Loader
    from journeymap_cli.sheets.touchpoints import export_csv

    if not path.is_file():
        raise fail(not_a_file(path))
    loader = Loader(limits(load_config(config_path), max_bytes))
    loaded = loader.load_map(path)
    if loaded.jmap is None or loaded.diagnostics:
        from journeymap_cli.report import Report, emit

        emit("text", Report("export", [loaded.path], loaded.diagnostics), sys.stderr, color=False)
        raise typer.Exit(ExitCode.PROBLEMS)
    text = export_csv(loaded.jmap)
    if output == "-":
        sys.stdout.write(text)
        return
    try:
        write_file(Path(output), text)
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"wrote {output}", err=True)


def import_(
    sheet: Annotated[
        Path,
        typer.Argument(metavar="SHEET", help="The CSV file (columns: see docs/sheets.md)."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="PATH", help="The map to create.")
    ],
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="The map's title. Default: the sheet's name."),
    ] = None,
    persona: Annotated[
        str,
        typer.Option(
            "--persona",
            metavar="NAME|PATH",
            help="A persona name, or a path to a *.persona.yaml file relative to the map.",
        ),
    ] = "Customer",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing map.")] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="Update the touchpoints of the existing map from the sheet, keeping its"
            " persona, lanes and comments.",
        ),
    ] = False,
) -> None:
    """Build a valid map from a sheet of touchpoints; report bad rows by number."""
    from journeymap_cli.sheets.merge import build_map, merge_map

    if not sheet.is_file():
        raise fail(not_a_file(sheet))
    if merge and not output.is_file():
        raise fail(f"{output}: no such map to merge into")
    if output.exists() and not (force or merge):
        raise fail(f"{output} already exists (use --merge to update it, --force to replace it)")
    if not output.name.endswith((".jmap.yaml", ".jmap.yml")):
        raise fail(f"{output}: a map file name ends in .jmap.yaml")
    from journeymap_cli.io.yamlstream import control_character

    for option, value in (("--title", title or ""), ("--persona", persona)):
        if control := control_character(value):
            raise fail(f"{option}: {control} is not allowed")
        if any("\ud800" <= char <= "\udfff" for char in value):  # undecodable argv bytes
            raise fail(f"{option}: not valid UTF-8")
    try:
        text = sheet.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{sheet}: cannot read: {exc}") from None
    if merge:
        from journeymap_cli.io.loader import Loader

        loaded = Loader().load_map(output)
        if loaded.jmap is None or loaded.diagnostics:
            raise fail(f"{output} is not a valid map: fix it first (jmap validate {output})")
        result = merge_map(text, output.read_text(encoding="utf-8"))
    else:
        result = build_map(text, title or sheet.stem, persona, output)
    for problem in result.problems:
        typer.echo(f"{sheet}:{problem.row}:{problem.column}: {problem.message}")
    if result.problems:
        n = len(result.problems)
        typer.echo(f"{n} problem{'s' * (n != 1)}; {output} not written", err=True)
        raise typer.Exit(ExitCode.PROBLEMS)
    if merge and result.text == output.read_text(encoding="utf-8"):
        typer.echo(f"{output} unchanged: the sheet matches it", err=True)
        return
    try:
        from journeymap_cli.io.atomic import write_file

        write_file(output, result.text)
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None
    typer.echo(
        f"wrote {output} ({result.touchpoints} touchpoints in {result.stages} stages)", err=True
    )
