"""`jmap render`: options, progress and messages; pages come from view.py and templates."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from journeymap_cli.cli.options import (
    VIEW_FORMATS,
    ConfigOpt,
    MaxBytesOpt,
    PathsArg,
    RenderFormat,
    RenderView,
    ViewOpt,
    choice,
    choices,
    fail,
    limits,
    load_config,
    report_paths,
)
from journeymap_cli.report.diagnostics import ExitCode

if TYPE_CHECKING:
    from journeymap_cli.render.export import Printer


class Paper(StrEnum):
    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    A3 = "A3"
    A4 = "A4"


PRINTED = ("pdf", "png")
BrowserTimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--browser-timeout",
        min=0.1,
        envvar="JMAP_BROWSER_TIMEOUT",
        metavar="SECONDS",
        help="pdf/png: give up (exit 2) when the browser does not answer for this long."
        " Default: $JMAP_BROWSER_TIMEOUT, else 60.",
        show_default=False,
    ),
]


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
        RenderFormat | None,
        typer.Option(
            "--format",
            "-f",
            parser=choice(RenderFormat, "format"),
            metavar=choices(RenderFormat),
            help="Output format. Default: from the output file's extension, else html.",
            show_default=False,
        ),
    ] = None,
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
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TITLE",
            help="The heading of a folder's index (default: [site] title in the configuration,"
            " else the folder's name).",
            show_default=False,
        ),
    ] = None,
    poster: Annotated[
        bool,
        typer.Option("--poster", help="pdf/png: the whole map scaled onto one sheet."),
    ] = False,
    paper: Annotated[
        Paper,
        typer.Option(
            "--paper",
            parser=choice(Paper, "paper"),
            metavar=choices(Paper),
            help="pdf/poster: the sheet, landscape.",
        ),
    ] = Paper.A3,
    width: Annotated[
        int,
        typer.Option(
            "--width",
            min=320,
            max=10000,
            metavar="PIXELS",
            help="png: the page's width in CSS pixels (320 to 10000).",
        ),
    ] = 1600,
    browser: Annotated[
        str | None,
        typer.Option(
            "--browser",
            metavar="PATH",
            help="pdf/png: the Chromium or Chrome to use (default: $JMAP_BROWSER, else the"
            " first found on PATH).",
            show_default=False,
        ),
    ] = None,
    browser_timeout: BrowserTimeoutOpt = None,
    view: ViewOpt = RenderView.map,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Render maps to self-contained HTML, Markdown, Mermaid, JSON, PDF or PNG."""
    from journeymap_cli.render.environment import TemplateFailed, environment
    from journeymap_cli.render.publish import PublishError, publish

    if template is not None and not template.is_dir():
        raise fail(f"{template}: no such template folder")
    fmt = _format_of(paths or ["."], output, output_format).value
    if fmt not in VIEW_FORMATS[view]:
        allowed = ", ".join(f.value for f in VIEW_FORMATS[view])
        raise fail(f"--view {view.value} is written as {allowed}, not {fmt}")
    browser_path = None
    if fmt in PRINTED:
        from journeymap_cli.render.chromium import NOT_FOUND, find_browser

        browser_path = find_browser(browser)
        if browser_path is None:
            raise fail(f"{browser}: no such browser" if browser else NOT_FOUND)
    elif poster:
        raise fail("--poster needs --format pdf or --format png")
    config = load_config(config_path)
    file_limits = limits(config, max_bytes)
    printer = None
    if browser_path:
        from journeymap_cli.render.export import Printer

        printer = Printer(
            browser_path,
            fmt,
            paper=paper.value,
            # a blueprint is read as one picture: its PDF is the whole grid on one sheet,
            # scaled to fit (a tall one split over sheets read as two half-blueprints)
            poster=poster or (view is RenderView.blueprint and fmt == "pdf"),
            width=width,
            timeout=browser_timeout,
        )
    try:
        with _printing(printer), _progress() as progress:
            result = publish(
                paths or ["."],
                output,
                fmt,
                environment(template),
                file_limits,
                with_date=date,
                progress=progress,
                title=title or config.site_title,
                template_dir=template,
                printer=printer,
                view=view.value,
            )
    except PublishError as exc:
        raise fail(str(exc)) from None
    except TemplateFailed as exc:  # the run's error, not a map's: nothing was written
        raise fail(f"template error: {exc}") from None
    except Exception as exc:
        from journeymap_cli.render.chromium import BrowserError

        if isinstance(exc, BrowserError):
            raise fail(str(exc)) from None
        raise
    _report(result)


EXTENSIONS = {
    ".html": RenderFormat.html,
    ".htm": RenderFormat.html,
    ".md": RenderFormat.md,
    ".markdown": RenderFormat.md,
    ".mmd": RenderFormat.mermaid,
    ".mermaid": RenderFormat.mermaid,
    ".json": RenderFormat.json,
    ".pdf": RenderFormat.pdf,
    ".png": RenderFormat.png,
}


def _format_of(paths: list[str], output: str | None, given: RenderFormat | None) -> RenderFormat:
    """The format follows one map's output file (`-o renting.pdf` prints a PDF, as export's
    `-o x.xlsx` writes a workbook); a --format that contradicts the extension is a mistake
    to point out, not a file of one format under another's name."""
    single = len(paths) == 1 and not Path(paths[0]).is_dir()
    named = None
    if single and output and output != "-" and not Path(output).is_dir():
        named = EXTENSIONS.get(Path(output).suffix.lower())
    if given is not None and named is not None and given is not named:
        raise fail(
            f"{output}: the extension says {named.value}, --format says {given.value};"
            f" use -o NAME.{_extension(given)} or drop --format"
        )
    return given or named or RenderFormat.html


def _extension(fmt: RenderFormat) -> str:
    return {RenderFormat.mermaid: "mmd"}.get(fmt, fmt.value)


@contextmanager
def _printing(printer: Printer | None) -> Iterator[None]:
    """The browser of a PDF or PNG render is ended (its process group killed, its profile
    removed) however the render ends: on SIGTERM and SIGHUP too, which then end jmap."""
    if printer is None:
        yield
        return
    from journeymap_cli.io.signals import unwind

    with unwind(), printer:  # unwind outermost: the browser is gone before jmap ends
        yield


def _report(result: Any) -> None:
    report_paths(result.run.missing, result.run.report.files)
    if result.run.report.diagnostics:
        from journeymap_cli.report import emit

        emit("text", result.run.report, sys.stderr, color=False)
    if isinstance(result.stdout, bytes):  # a PDF or PNG to stdout
        sys.stdout.flush()
        sys.stdout.buffer.write(result.stdout)
    elif result.stdout is not None:
        sys.stdout.write(result.stdout)
    else:
        if result.without_view:
            count = len(result.without_view)
            from journeymap_cli.render.publish import NO_BLUEPRINT

            typer.echo(
                f"jmap: note: {count} map{'s' if count != 1 else ''} without a blueprint"
                f" ({NO_BLUEPRINT}): no page",
                err=True,
            )
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
