"""Options, enums and helpers shared by the `jmap` commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from journeymap_cli.cli import spec, usage
from journeymap_cli.cli.spec import Opt, OutputFormat
from journeymap_cli.cli.usage import UsageProblem
from journeymap_cli.cli.usage import report_paths as report_paths
from journeymap_cli.cli.usage import use_color as use_color
from journeymap_cli.report.diagnostics import ExitCode

if TYPE_CHECKING:
    from journeymap_cli.config import Config
    from journeymap_cli.io.loader import Limits


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


class RenderView(StrEnum):
    map = "map"
    blueprint = "blueprint"


# what each view can be written as (a blueprint has no Mermaid diagram or JSON of its own)
VIEW_FORMATS = {
    RenderView.map: tuple(RenderFormat),
    RenderView.blueprint: (RenderFormat.html, RenderFormat.md, RenderFormat.pdf, RenderFormat.png),
}


class GroupBy(StrEnum):
    owner = "owner"


class MapState(StrEnum):
    as_is = "as-is"
    to_be = "to-be"


class SchemaKind(StrEnum):
    map = "map"
    persona = "persona"


E = TypeVar("E", bound=StrEnum)


def choices(kind: type[StrEnum]) -> str:
    """The metavar of an enum option: its values as words, `[text|json|github|sarif]`."""
    return "[" + "|".join(member.value for member in kind) + "]"


def choice(kind: type[E], what: str) -> Callable[[object], E]:
    """A parser for an enum option or argument whose error reads as a sentence.

    typer's own check says "Value error, 'pdf' is not one of 'text', ...". This one says
    "unknown format 'pdf' (choose from: text, json, github, sarif)"; every command's enum
    options go through it, so they all say it the same way.
    """

    def parse(value: object) -> E:
        if isinstance(value, kind):
            return value
        try:
            return kind(str(value))
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            raise typer.BadParameter(
                f"unknown {what} {str(value)!r} (choose from: {allowed})"
            ) from None

    return parse


def fail(message: str) -> typer.Exit:
    typer.echo(f"jmap: error: {message}", err=True)
    return typer.Exit(ExitCode.USAGE)


PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH",
        help="Map files and folders (searched recursively), or - for standard input."
        " Default: the current folder.",
        show_default=False,
    ),
]


def option(spec: Opt) -> Any:
    """typer's Option made from one of spec.py's declarations (the plain path reads the
    same ones)."""
    extra: dict[str, Any] = {}
    if spec.choices is not None:
        extra["parser"] = choice(spec.choices, spec.what)
    if spec.minimum is not None:
        extra["min"] = spec.minimum
    if not spec.flag:
        extra["show_default"] = False
    return typer.Option(*spec.flags, metavar=spec.metavar, help=spec.help, **extra)


StdinFilenameOpt = Annotated[str | None, option(spec.STDIN_FILENAME)]
FormatOpt = Annotated[OutputFormat | None, option(spec.FORMAT)]
MaxBytesOpt = Annotated[int | None, option(spec.MAX_BYTES)]
ConfigOpt = Annotated[Path | None, option(spec.CONFIG)]
ViewOpt = Annotated[
    RenderView,
    typer.Option(
        "--view",
        parser=choice(RenderView, "view"),
        metavar=choices(RenderView),
        help="map: the whole page; blueprint: the service blueprint alone (format 1.2), as"
        " html, md, pdf, png or a poster. Over a folder, maps without a blueprint get no page.",
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
