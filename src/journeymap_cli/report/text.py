"""`--format text`: `path:line:col: CODE message` lines, or colour and carets on a terminal."""

from __future__ import annotations

from typing import TextIO

from journeymap_cli.report import Report
from journeymap_cli.report.diagnostics import Diagnostic, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def report(report: Report, out: TextIO, *, color: bool) -> None:
    if not color:
        out.writelines(f"{d}\n" for d in report.diagnostics)
        out.write(report.summary() + "\n")
        return
    _rich(report, out)


def _rich(report: Report, out: TextIO) -> None:
    from rich.markup import escape

    from journeymap_cli.report.console import console as make_console

    console = make_console(file=out, highlight=False, soft_wrap=True)
    lines_by_path: dict[str, list[str]] = {}
    for d in report.diagnostics:
        console.print(
            f"[bold]{escape(d.path)}:{d.line}:{d.column}:[/] "
            f"[{_STYLE[d.severity]}]{d.severity}: {d.code}[/] {escape(d.message)}"
        )
        source = report.sources.get(d.path)
        if source is not None:
            lines = lines_by_path.setdefault(d.path, source.splitlines())
            _show_line(console, lines, d)
        if d.hint:
            console.print(f"  [dim]hint:[/] {escape(d.hint)}")
    style = "bold red" if report.count(Severity.ERROR) else "bold green"
    if report.diagnostics and not report.count(Severity.ERROR):
        style = "bold yellow"
    console.print(f"[{style}]{escape(report.summary())}[/]")


def _show_line(console: object, lines: list[str], d: Diagnostic) -> None:
    from rich.console import Console
    from rich.text import Text

    assert isinstance(console, Console)
    if not 1 <= d.line <= len(lines):
        return
    text = lines[d.line - 1].expandtabs(1)
    if len(text) > 200:  # a minified or generated line: show the part around the column
        start = max(0, d.column - 100)
        text, column = text[start : start + 200], d.column - start
    else:
        column = d.column
    gutter = f"{d.line:>5} | "
    console.print(Text.assemble((gutter, "dim"), text))
    console.print(
        Text.assemble(
            (" " * (len(gutter) - 2) + "| ", "dim"),
            (" " * (column - 1) + "^", _STYLE[d.severity]),
        )
    )
