"""The work of `jmap validate` and `jmap lint`, free of the CLI framework.

The typer commands (cli.py, cli_lint.py) parse options and call these; entry.py calls
them directly for the pre-commit case (file paths and no options), which starts ~100 ms
sooner without typer. Both return the exit code and raise `UsageProblem` for exit 2.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from journeymap_cli.cli.spec import DEFAULT_FAIL_ON
from journeymap_cli.cli.usage import (
    UsageProblem,
    limits,
    load_config,
    report_paths,
    stdin_source,
    use_color,
)
from journeymap_cli.report.diagnostics import Diagnostic, ExitCode, Severity, code_name


def _format(output_format: str | None) -> str:
    from journeymap_cli.report import default_format

    return output_format or default_format()


def run_validate(
    paths: list[str],
    output_format: str | None = None,
    max_bytes: int | None = None,
    config_path: Path | None = None,
    stdin_filename: str | None = None,
) -> int:
    from journeymap_cli.io.run import load_all
    from journeymap_cli.report import emit

    file_limits = limits(load_config(config_path), max_bytes)
    stdin = stdin_source(paths, stdin_filename, file_limits)
    run = load_all(paths, file_limits, keep_maps=False, stdin=stdin)
    report_paths(run.missing, run.report.files)
    fmt = _format(output_format)
    if _worth_reporting(run.missing, run.report.files):
        emit(fmt, run.report, sys.stdout, color=fmt == "text" and use_color())
    return run.exit_code


def run_lint(
    paths: list[str],
    output_format: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    fail_on: str | None = None,
    exit_zero: bool = False,
    statistics: bool = False,
    fix: bool = False,
    max_bytes: int | None = None,
    config_path: Path | None = None,
    stdin_filename: str | None = None,
) -> int:
    from journeymap_cli.lint.engine import Selection, lint_all
    from journeymap_cli.report import emit

    config = load_config(config_path)
    selection = Selection(config.lint, split_codes(select), split_codes(ignore))
    file_limits = limits(config, max_bytes)
    if fix and "-" in paths:
        raise UsageProblem("--fix rewrites files: it cannot take '-' (standard input)")
    stdin = stdin_source(paths, stdin_filename, file_limits)
    run = lint_all(paths, file_limits, selection, stdin)
    unwritable = False
    if fix and run.results:
        from journeymap_cli.lint.fixes import fix_files

        done = fix_files(run.results)
        for problem in done.unwritable:
            sys.stderr.write(f"jmap: error: {problem}; left as it was\n")
        if done.fixes:
            n, files = done.fixes, done.files
            s, fs = "s" * (n != 1), "s" * (files != 1)
            sys.stderr.write(f"fixed {n} problem{s} in {files} file{fs}\n")
            run = lint_all(paths, file_limits, selection)
        unwritable = bool(done.unwritable)
    report_paths(run.missing, run.report.files)
    fmt = _format(output_format)
    worth = _worth_reporting(run.missing, run.report.files)
    if worth:
        emit(fmt, run.report, sys.stdout, color=fmt == "text" and use_color())
    if statistics and worth:
        _statistics(run.report.diagnostics, sys.stdout if fmt == "text" else sys.stderr)
    if run.missing or run.io_error or unwritable:
        return ExitCode.USAGE
    threshold = Severity[(fail_on or config.lint.fail_on or DEFAULT_FAIL_ON).upper()]
    failing = any(d.severity >= threshold for d in run.report.diagnostics)
    return ExitCode.PROBLEMS if failing and not exit_zero else ExitCode.CLEAN


def _worth_reporting(missing: list[str], files: list[str]) -> bool:
    """No report when every path given was missing: "0 files checked, no problems" beside
    "no such file" reads as if something had passed. The error alone says it (exit 2)."""
    return bool(files) or not missing


def split_codes(values: list[str] | None) -> list[str]:
    """`--select JM1,missing-owner --select JM301` → ['JM1', 'JM102', 'JM301']."""
    from journeymap_cli.lint.rules import resolve_code, selectable

    out = []
    for value in values or []:
        for item in (v.strip() for v in value.split(",")):
            code = resolve_code(item)
            if code is not None:
                out.append(code)
            elif item:
                from journeymap_cli.suggest import did_you_mean

                raise UsageProblem(f"unknown rule {item!r}{did_you_mean(item, [*selectable()])}")
    return out


def _statistics(diagnostics: list[Diagnostic], out: TextIO) -> None:
    counts = Counter(d.code for d in diagnostics)
    lines = [f"{n:5d}  {code}  {code_name(code)}" for code, n in counts.most_common()]
    out.write("\n".join(lines) + "\n" if lines else "no problems to count\n")
