"""`jmap render`: options, progress and messages; pages come from view.py and templates."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from journeymap_cli.cli.options import (
    ConfigOpt,
    MaxBytesOpt,
    PathsArg,
    RenderFormat,
    choice,
    choices,
    fail,
    limits,
    load_config,
    report_paths,
)
from journeymap_cli.report.diagnostics import ExitCode


def render(
    paths: PathsArg = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="One map: the output file ('-' for stdout; default: the map's id plus the"
            " extension, in the current folder). A folder or several maps: the output folder"
            " (default: rendered/), with an index.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        RenderFormat,
        typer.Option(
            "--format",
            "-f",
            parser=choice(RenderFormat, "format"),
            metavar=choices(RenderFormat),
            help="Output format.",
        ),
    ] = RenderFormat.html,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="FOLDER",
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
    from jinja2 import TemplateError

    from journeymap_cli.render.environment import environment, template_problem
    from journeymap_cli.render.publish import PublishError, publish

    if template is not None and not template.is_dir():
        raise fail(f"{template}: no such template folder")
    file_limits = limits(load_config(config_path), max_bytes)
    try:
        with _progress() as progress:
            result = publish(
                paths or ["."],
                output,
                output_format.value,
                environment(template),
                file_limits,
                with_date=date,
                progress=progress,
            )
    except PublishError as exc:
        raise fail(str(exc)) from None
    except Exception as exc:
        # a user's template can fail in many ways (ours only in Jinja's): say where
        if template is None and not isinstance(exc, TemplateError):
            raise
        raise fail(f"template error: {template_problem(exc)}") from None
    report_paths(result.run.missing, result.run.report.files)
    if result.run.report.diagnostics:
        from journeymap_cli.report import emit

        emit("text", result.run.report, sys.stderr, color=False)
    if result.stdout is not None:
        sys.stdout.write(result.stdout)
    else:
        for path in result.written:
            typer.echo(f"wrote {path}", err=True)
        if result.unchanged:
            typer.echo(f"{len(result.unchanged)} unchanged", err=True)
        if not result.rendered and not result.invalid and result.run.report.files:
            typer.echo(
                "jmap: warning: no maps to render (persona files render with a map)", err=True
            )
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
