"""`--format github`: workflow commands that annotate the pull request's files."""

from __future__ import annotations

from typing import TextIO

from journeymap_cli.report import Report
from journeymap_cli.report.diagnostics import Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(report: Report, out: TextIO, *, color: bool) -> None:
    for d in report.diagnostics:
        message = d.message + (f" ({d.hint})" if d.hint else "")
        out.write(
            f"::{_LEVEL[d.severity]} file={_property(d.path)},line={d.line},col={d.column},"
            f"title={_property(d.code)}::{_data(message)}\n"
        )
    out.write(report.summary() + "\n")
