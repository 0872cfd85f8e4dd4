"""`jmap export` and `jmap import`: a map to and from a spreadsheet (CSV or Excel workbook)."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from journeymap_cli.io.stamp import Stamp
    from journeymap_cli.sheets.build import Built, Options
    from journeymap_cli.sheets.rows import SheetProblem


class SheetFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def export(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The map to export.")],
    output_format: Annotated[
        SheetFormat | None,
        typer.Option(
            "--format",
            "-f",
            parser=choice(SheetFormat, "format"),
            metavar=choices(SheetFormat),
            help="csv or xlsx. Default: from the output's name, else csv.",
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option("--output", "-o", metavar="PATH", help="The sheet to write ('-': stdout)."),
    ] = "-",
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Write the map as a sheet for a workshop: CSV (touchpoints) or a workbook (all of it)."""
    from journeymap_cli.io.atomic import write_file
    from journeymap_cli.io.loader import Loader

    if not path.is_file():
        raise fail(not_a_file(path))
    if output != "-" and _same_file(path, Path(output)):
        raise fail(f"{output}: the output is the map being exported: give another file")
    if output_format is None:
        output_format = SheetFormat.xlsx if output.lower().endswith(".xlsx") else SheetFormat.csv
    if output_format is SheetFormat.xlsx and output == "-" and sys.stdout.isatty():
        raise fail("a workbook is binary: give -o FILE.xlsx")
    loader = Loader(limits(load_config(config_path), max_bytes))
    loaded = loader.load_map(path)
    if loaded.jmap is None or loaded.diagnostics:
        from journeymap_cli.report import Report, emit

        emit("text", Report("export", [loaded.path], loaded.diagnostics), sys.stderr, color=False)
        raise typer.Exit(ExitCode.USAGE if loaded.parsed.io_error else ExitCode.PROBLEMS)
    data: str | bytes
    if output_format is SheetFormat.xlsx:
        from journeymap_cli.sheets.workbook import export_xlsx

        data = export_xlsx(loaded.jmap)
    else:
        from journeymap_cli.sheets.csvfile import export_csv

        data = export_csv(loaded.jmap)
    if output == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    try:
        write_file(Path(output), data)
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"wrote {output}", err=True)


def import_(
    sheet: Annotated[
        Path,
        typer.Argument(
            metavar="SHEET", help="The sheet: a CSV of touchpoints, or a workbook (.xlsx)."
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="PATH", help="The map to create or update."),
    ],
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TEXT",
            help="A new map's title. Default: the workbook's, else the name.",
        ),
    ] = None,
    persona: Annotated[
        str | None,
        typer.Option(
            "--persona",
            metavar="NAME|PATH",
            help="A new map's persona: a name, or a path to a *.persona.yaml file relative to"
            " the map. Default: the workbook's, else Customer.",
        ),
    ] = None,
    scale: Annotated[
        str | None,
        typer.Option(
            "--scale",
            metavar="MIN-MAX",
            help="A new map's rating scale, MIN-MAX (e.g. 1-7). Default: 1-5.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing map.")] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="Update the existing map from the sheet, keeping what the sheet does not"
            " carry, its comments and its layout; prints what changes.",
        ),
    ] = False,
    allow_new_stages: Annotated[
        bool,
        typer.Option(
            "--allow-new-stages",
            help="With --merge: a stage name that matches no stage adds a stage (else: an error).",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and print what would change; write nothing.")
    ] = False,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Build a valid map from a sheet, or merge a sheet into a map; report bad rows by number."""
    from journeymap_cli.sheets.build import import_sheet

    options = _options(sheet, output, title, persona, scale, force, merge)
    options.allow_new_stages = allow_new_stages
    options.max_bytes = limits(load_config(config_path), max_bytes).max_bytes
    map_text, model, stamp = None, None, None
    if merge:
        from journeymap_cli.io.loader import Loader

        loaded = Loader(limits(load_config(config_path), max_bytes)).load_map(output)
        if loaded.parsed.io_error:  # unreadable, or a link out of the project
            raise fail(f"{output}: {loaded.diagnostics[0].message}")
        if loaded.jmap is None or loaded.diagnostics:
            raise fail(f"{output} is not a valid map: fix it first (jmap validate {output})")
        map_text, model, stamp = loaded.parsed.text, loaded.jmap, loaded.parsed.stamp
    try:
        result = import_sheet(sheet, options, map_text, model)
    except OSError as exc:
        raise fail(f"{sheet}: cannot read: {exc.strerror or exc}") from None
    except MemoryError:  # what no bound foresaw: the memory freed, a message, never a trace
        raise fail(
            f"{sheet}: out of memory while reading it; not read ({output} not written)"
        ) from None
    if result.refused:
        raise fail(f"{sheet}: {result.refused}; not read ({output} not written)")
    for name in result.ignored:
        typer.echo(
            f"{sheet}: sheet {name!r} ignored (jmap reads Touchpoints, Stages, Map)", err=True
        )
    for problem in result.problems:
        typer.echo(_located(sheet, problem))
    if result.problems:
        n = len(result.problems)
        typer.echo(f"{n} problem{'s' * (n != 1)}; {output} not written", err=True)
        raise typer.Exit(ExitCode.PROBLEMS)
    _check_as_written(result.text, output, config_path, max_bytes)
    _report(result, sheet, output, merge=merge, dry_run=dry_run, expect=stamp)


def _check_as_written(
    text: str, output: Path, config_path: Path | None, max_bytes: int | None
) -> None:
    """Load the map as `jmap validate` would once it is written at `output` (its persona,
    based_on, links and images resolved from there): a sheet must never write a map that
    validate refuses, e.g. a workbook's relative paths imported into another folder."""
    from journeymap_cli.io.loader import Loader
    from journeymap_cli.io.source import StdinSource

    source = StdinSource(output, text.encode("utf-8"))
    loaded = Loader(limits(load_config(config_path), max_bytes), source).load_map(output)
    if not loaded.diagnostics:
        return
    for diagnostic in loaded.diagnostics:
        typer.echo(str(diagnostic))
    n = len(loaded.diagnostics)
    typer.echo(
        f"{n} problem{'s' * (n != 1)} in the map as it would be written; {output} not written",
        err=True,
    )
    raise typer.Exit(ExitCode.PROBLEMS)


def _options(
    sheet: Path,
    output: Path,
    title: str | None,
    persona: str | None,
    scale: str | None,
    force: bool,
    merge: bool,
) -> Options:
    from journeymap_cli.io.yamlstream import control_character
    from journeymap_cli.sheets.build import Options
    from journeymap_cli.sheets.columns import CellError, read_scale

    if not sheet.is_file():
        raise fail(not_a_file(sheet))
    if sheet.name.endswith((".jmap.yaml", ".jmap.yml")):  # the arguments of export, swapped
        raise fail(
            f"{sheet} is a map, not a sheet: `jmap export {sheet} -o SHEET.xlsx` writes its"
            " sheet; `jmap import SHEET.xlsx -o MAP.jmap.yaml` reads one back"
        )
    if _same_file(sheet, output):
        raise fail(f"{output}: the output is the sheet being imported: give the map's path")
    if merge and not output.is_file():
        raise fail(f"{output}: no such map to merge into")
    if output.exists() and not (force or merge):
        raise fail(f"{output} already exists (use --merge to update it, --force to replace it)")
    if not output.name.endswith((".jmap.yaml", ".jmap.yml")):
        raise fail(f"{output}: a map file name ends in .jmap.yaml")
    if merge and (title or persona or scale):
        raise fail(
            "--title, --persona and --scale set up a new map; with --merge the map's own are"
            " kept (change them in the map, or in the workbook's Map sheet)"
        )
    for option, value in (("--title", title or ""), ("--persona", persona or "")):
        if control := control_character(value):
            raise fail(f"{option}: {control} is not allowed")
        if any("\ud800" <= char <= "\udfff" for char in value):  # undecodable argv bytes
            raise fail(f"{option}: not valid UTF-8")
    if persona and persona.endswith((".persona.yaml", ".persona.yml")):
        _check_persona_path(persona, output)
    try:
        bounds = read_scale(scale) if scale else None
    except CellError as exc:
        raise fail(f"--scale: {exc}") from None
    return Options(title=title, persona=persona, scale=bounds)


def _located(sheet: Path, problem: SheetProblem) -> str:
    """'s.csv:4:3: message', or in a workbook 's.xlsx:4:3: Touchpoints!C4: message'."""
    if not problem.sheet:
        return f"{sheet}:{problem.row}:{problem.column}: {problem.message}"
    from openpyxl.utils import get_column_letter

    cell = f"{problem.sheet}!{get_column_letter(problem.column)}{problem.row}"
    return f"{sheet}:{problem.row}:{problem.column}: {cell}: {problem.message}"


def _report(
    result: Built, sheet: Path, output: Path, *, merge: bool, dry_run: bool, expect: Stamp | None
) -> None:
    """`expect`: the map merged into, as it was read: an edit saved meanwhile is kept."""
    from journeymap_cli.io.atomic import write_file

    after = result.after
    assert after is not None  # no problems: the map was built and checked
    points, stages = sum(len(s.touchpoints) for s in after.stages), len(after.stages)
    counts = f"{points} touchpoint{'s' * (points != 1)} in {stages} stage{'s' * (stages != 1)}"
    if merge:
        from journeymap_cli.sheets.summary import summary

        assert result.before is not None
        sections = summary(result.before, after)
        if not sections and result.text != output.read_text(encoding="utf-8"):
            sections = [("Also", ["~ quoting or layout only (the same values)"])]
        for title, lines in sections:
            typer.echo(title)
            for line in lines:
                typer.echo(f"  {line}")
        if result.text == output.read_text(encoding="utf-8"):
            typer.echo(f"{output} unchanged: the sheet matches it", err=True)
            return
    if dry_run:
        typer.echo(f"dry run: {output} not written ({counts})", err=True)
        return
    try:
        write_file(output, result.text, expect=expect)
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"{'merged into' if merge else 'wrote'} {output} ({counts})", err=True)


def _check_persona_path(persona: str, output: Path) -> None:
    """A persona path is relative to the new map: refuse one that names no file there, rather
    than write a map that `jmap validate` refuses (JM009); suggest the path from the map's
    folder when the shell's folder has the file, as a path typed with completion would."""
    if (output.parent / persona).is_file():
        return
    folder = output.parent.as_posix()
    hint = ""
    if Path(persona).is_file():
        relative = os.path.relpath(Path(persona).absolute(), output.parent.absolute())
        hint = f"; from there it is --persona {Path(relative).as_posix()}"
    raise fail(
        f"--persona: {persona!r} does not exist in the map's folder {folder!r} (a persona"
        f" path is relative to the map){hint}"
    )
