"""The `jmap` command: parse options, call one function per command, map to exit codes.

Heavy modules (pydantic models, rich, jinja2) are imported inside the commands that use
them, so `jmap --version` and `jmap --help` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from journeymap_cli import __version__
from journeymap_cli.diagnostics import ExitCode

if TYPE_CHECKING:
    from journeymap_cli.config import Config
    from journeymap_cli.loader import Limits
    from journeymap_cli.score_output import ScoreRun
    from journeymap_cli.validate import Run

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


def _config(path: Path | None) -> Config:
    from journeymap_cli.config import ConfigError, load

    if path is not None and not path.is_file():
        raise _fail(f"{path}: no such configuration file")
    try:
        return load(path)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def _limits(config: Config, max_bytes: int | None) -> Limits:
    from journeymap_cli.loader import DEFAULT_MAX_BYTES, Limits

    return Limits(max_bytes=max_bytes or config.max_bytes or DEFAULT_MAX_BYTES)


def _report_paths(run: Run) -> None:
    for missing in run.missing:
        typer.echo(f"jmap: error: {missing}: no such file or folder", err=True)
    if not run.report.files and not run.missing:
        typer.echo("jmap: warning: no map files found (*.jmap.yaml, *.persona.yaml)", err=True)


@app.command()
def validate(
    paths: PathsArg = None,
    output_format: FormatOpt = None,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Check map and persona files against the format; exit 1 if any is invalid."""
    from journeymap_cli.reporters import default_format, emit
    from journeymap_cli.validate import load_all

    run = load_all(paths or [], _limits(_config(config_path), max_bytes), keep_maps=False)
    _report_paths(run)
    fmt = output_format.value if output_format else default_format()
    emit(fmt, run.report, sys.stdout, color=fmt == "text" and _use_color())
    raise typer.Exit(run.exit_code)


@app.command()
def score(
    paths: PathsArg = None,
    output_format: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ScoreFormat.text,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail", help="Add per-stage and per-touchpoint tables, hotspots, failed checks."
        ),
    ] = False,
    by: Annotated[
        GroupBy | None,
        typer.Option("--by", help="Count pain points and weak touchpoints per owner."),
    ] = None,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-under",
            metavar="FIGURE=VALUE",
            help="Exit 1 when a map's figure is under VALUE (experience, completeness,"
            " ownership, emotion.low, emotion.high, emotion.end). Repeatable.",
        ),
    ] = None,
    fail_over: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-over",
            metavar="gap=VALUE",
            help="Exit 1 when a map's gap is over VALUE.",
        ),
    ] = None,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Score maps with the fixed scoring model; gates make it fail in CI."""
    from journeymap_cli.gates import GateError, combine
    from journeymap_cli.score import score_all

    config = _config(config_path)
    try:
        gates = combine(config.fail_under, config.fail_over, fail_under or [], fail_over or [])
    except GateError as exc:
        raise _fail(str(exc)) from None
    run, scored = score_all(paths or [], _limits(config, max_bytes), gates)
    _report_paths(run)
    if run.report.diagnostics:
        from journeymap_cli.reporters import emit

        # Validation problems go to stderr so that stdout stays parseable JSON or CSV.
        emit("text", run.report, sys.stderr, color=False)
    _write_score(scored, output_format, detail=detail, by_owner=by is GroupBy.owner)
    for skipped in scored.skipped:
        typer.echo(f"jmap: note: {skipped}", err=True)
    for breach in scored.breaches:
        typer.echo(f"jmap: gate failed: {breach}", err=True)
    if run.exit_code == ExitCode.USAGE:
        raise typer.Exit(ExitCode.USAGE)
    failed = scored.invalid or scored.breaches or run.exit_code != ExitCode.CLEAN
    raise typer.Exit(ExitCode.PROBLEMS if failed else ExitCode.CLEAN)


def _write_score(scored: ScoreRun, fmt: ScoreFormat, *, detail: bool, by_owner: bool) -> None:
    from journeymap_cli import score_output

    if fmt is ScoreFormat.json:
        score_output.write_json(scored, sys.stdout)
    elif fmt is ScoreFormat.csv:
        score_output.write_csv(scored, sys.stdout)
    elif fmt is ScoreFormat.md:
        score_output.write_md(scored, sys.stdout, detail=detail, by_owner=by_owner)
    else:
        from journeymap_cli.score_table import write_text

        width = None if sys.stdout.isatty() else 120
        write_text(
            scored, sys.stdout, color=_use_color(), detail=detail, by_owner=by_owner, width=width
        )


@app.command()
def render(
    paths: PathsArg = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="One map: the output file ('-' for stdout; default: the map's id plus the"
            " extension, in the current folder). A folder or several maps: the output folder"
            " (default: rendered/), with an index.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        RenderFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RenderFormat.html,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="A folder of Jinja templates overriding the packaged ones, file by file.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        bool,
        typer.Option(
            "--date/--no-date",
            help="Show the date of the map's last git commit (--no-date: reproducible output).",
        ),
    ] = True,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Render maps to self-contained HTML, Markdown, a Mermaid diagram or JSON."""
    from journeymap_cli.publish import PublishError, publish
    from journeymap_cli.render import environment

    if template is not None and not template.is_dir():
        raise _fail(f"{template}: no such template folder")
    limits = _limits(_config(config_path), max_bytes)
    try:
        with _progress() as progress:
            result = publish(
                paths or ["."],
                output,
                output_format.value,
                environment(template),
                limits,
                with_date=date,
                progress=progress,
            )
    except PublishError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # a user's template can fail in many ways: say where
        from jinja2 import TemplateError

        if not isinstance(exc, TemplateError):
            raise
        where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "lineno", None) else ""  # type: ignore[attr-defined]
        raise _fail(f"template error: {where}{exc}") from None
    _report_paths(result.run)
    if result.run.report.diagnostics:
        from journeymap_cli.reporters import emit

        emit("text", result.run.report, sys.stderr, color=False)
    if result.stdout is not None:
        sys.stdout.write(result.stdout)
    else:
        for path in result.written:
            typer.echo(f"wrote {path}", err=True)
        if result.unchanged:
            typer.echo(f"{len(result.unchanged)} unchanged", err=True)
    if result.run.exit_code == ExitCode.USAGE:
        raise typer.Exit(ExitCode.USAGE)
    raise typer.Exit(ExitCode.PROBLEMS if result.invalid else ExitCode.CLEAN)


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr while many maps render on a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("rendering", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


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
