"""`jmap lint`, `jmap rules` and `jmap fmt`: options and messages; the work is elsewhere."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from journeymap_cli.cli import spec
from journeymap_cli.cli.options import (
    ConfigOpt,
    FormatOpt,
    MaxBytesOpt,
    PathsArg,
    StdinFilenameOpt,
    fail,
    limits,
    load_config,
    option,
    usage_errors,
)
from journeymap_cli.cli.spec import FailOn
from journeymap_cli.report.diagnostics import IO_ERROR, ExitCode

SelectOpt = Annotated[list[str] | None, option(spec.SELECT)]
IgnoreOpt = Annotated[list[str] | None, option(spec.IGNORE)]


def lint(
    paths: PathsArg = None,
    output_format: FormatOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    fail_on: Annotated[FailOn | None, option(spec.FAIL_ON)] = None,
    exit_zero: Annotated[bool, option(spec.EXIT_ZERO)] = False,
    statistics: Annotated[bool, option(spec.STATISTICS)] = False,
    fix: Annotated[bool, option(spec.FIX)] = False,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
    stdin_filename: StdinFilenameOpt = None,
) -> None:
    """Validate maps, then check them against the journey-mapping rules (`jmap rules`)."""
    from journeymap_cli.cli.checks import run_lint

    with usage_errors():
        code = run_lint(
            paths or [],
            output_format,
            select,
            ignore,
            fail_on,
            exit_zero,
            statistics,
            fix,
            max_bytes,
            config_path,
            stdin_filename,
        )
    raise typer.Exit(code)


def rules(
    code: Annotated[
        str | None,
        typer.Argument(metavar="RULE", help="A rule code or name: print its documentation."),
    ] = None,
) -> None:
    """List the lint rules, or print one rule's documentation."""
    from journeymap_cli.lint.docs import documentation, plain
    from journeymap_cli.lint.rules import all_rules, by_code_or_name

    if code is not None:
        rule = by_code_or_name(code)
        if rule is None:
            from journeymap_cli.suggest import did_you_mean

            names = [r.CODE for r in all_rules()] + [r.NAME for r in all_rules()]
            raise fail(f"unknown rule {code!r}{did_you_mean(code, names)}")
        if not sys.stdout.isatty():  # piped or redirected: plain text, no Markdown marks
            sys.stdout.write(plain(rule))
            return
        from rich.markdown import Markdown

        from journeymap_cli.report.console import console

        console(highlight=False).print(Markdown(documentation(rule)))
        return
    from rich.table import Table

    from journeymap_cli.report.console import console

    table = Table(title="jmap lint rules", title_justify="left")
    for head in ("Code", "Name", "Severity", "Fixable", "Summary"):
        table.add_column(head, no_wrap=head in ("Code", "Name"))
    for rule in all_rules():
        table.add_row(
            rule.CODE, rule.NAME, str(rule.SEVERITY), "yes" if rule.FIXABLE else "", rule.SUMMARY
        )
    width = None if sys.stdout.isatty() else 140
    console(highlight=False, width=width).print(table)


def fmt(
    paths: PathsArg = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 listing files that would change.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; print a unified diff of the changes.")
    ] = False,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
    stdin_filename: StdinFilenameOpt = None,
) -> None:
    """Rewrite maps in the canonical layout, keeping every comment.

    With -, the map on standard input is written to standard output in the canonical
    layout (nothing when it cannot be read: the problems go to standard error, exit 1).
    """
    from journeymap_cli.cli.usage import stdin_source
    from journeymap_cli.fmt.formatter import format_files

    file_limits = limits(load_config(config_path), max_bytes)
    with usage_errors():
        stdin = stdin_source(paths or [], stdin_filename, file_limits)
    result = format_files(
        paths or [], file_limits, write=not (check or diff), stdin=stdin, patches=diff
    )
    if stdin is not None and not (check or diff):
        for problem in result.problems:
            typer.echo(problem, err=True)
        if result.output is None:
            usage = result.problems[0].code == IO_ERROR
            raise typer.Exit(ExitCode.USAGE if usage else ExitCode.PROBLEMS)
        sys.stdout.write(result.output)
        raise typer.Exit(ExitCode.CLEAN)
    for missing in result.missing:
        typer.echo(f"jmap: error: {missing}: no such file or folder", err=True)
    for problem in result.problems:
        typer.echo(problem, err=True)
    for path, patch in result.changed:
        if diff:
            sys.stdout.write(patch)
        elif check:
            typer.echo(f"would reformat {path}")
        else:
            typer.echo(f"reformatted {path}", err=True)
    n, failed = len(result.changed), result.unwritable
    verb = "would be reformatted" if (check or diff) else "reformatted"
    summary = f"{n} file{'s' * (n != 1)} {verb}, {result.checked - n - failed} unchanged"
    typer.echo(summary + (f", {failed} could not be written" if failed else ""), err=True)
    if result.missing or any(p.code == IO_ERROR for p in result.problems):
        raise typer.Exit(ExitCode.USAGE)
    if result.problems:
        raise typer.Exit(ExitCode.PROBLEMS)
    raise typer.Exit(ExitCode.PROBLEMS if (check or diff) and result.changed else ExitCode.CLEAN)
