"""`jmap validate`: load every map and persona file and collect their diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from journeymap_cli.io.batch import PerMap, run
from journeymap_cli.io.discover import Found, targets, unreadable
from journeymap_cli.io.guard import Failed, one_file
from journeymap_cli.io.loader import (
    FILES,
    FileSource,
    Limits,
    LoadedMap,
    Loader,
    StdinSource,
)
from journeymap_cli.report import Report
from journeymap_cli.report.diagnostics import IO_ERROR, ExitCode, Severity


@dataclass
class Run:
    """The outcome of loading everything a command was given."""

    report: Report
    maps: list[LoadedMap]
    missing: list[str]
    io_error: bool
    results: list[Any] = field(default_factory=list)  # what per_map returned, in order
    invalid: list[str] = field(default_factory=list)  # maps that failed validation, in order

    @classmethod
    def empty(cls, command: str) -> Run:
        return cls(Report(command, [], []), [], [], False)

    @property
    def exit_code(self) -> ExitCode:
        if self.missing or self.io_error:
            return ExitCode.USAGE
        if any(d.severity == Severity.ERROR for d in self.report.diagnostics):
            return ExitCode.PROBLEMS
        return ExitCode.CLEAN


def load_all(
    paths: Sequence[str],
    limits: Limits,
    command: str = "validate",
    *,
    keep_maps: bool = True,
    per_map: PerMap | None = None,
    stdin: StdinSource | None = None,
    in_process: bool = False,
    found: Found | None = None,
) -> Run:
    """Load every file (in parallel over many maps when the models need not be kept).

    Memory stays flat over thousands of files: parsed documents are dropped once checked,
    and source texts are kept only for files with diagnostics (the terminal reporter
    quotes their lines). `per_map` adds checks (lint) to each valid map. With `stdin`,
    the one map (or persona file) is standard input. `found`: the files, if the caller
    has already looked for them.
    """
    source: FileSource = FILES if stdin is None else stdin
    found = found or targets(paths, stdin)
    batch = run(
        found.maps, limits, per_map, keep_maps=keep_maps, source=source, in_process=in_process
    )
    loader = Loader(limits, source)
    for path in found.personas:
        try:
            with one_file(loader.label(path)):
                batch.diagnostics += loader.load_persona(path)[1]
        except Failed as failed:
            batch.diagnostics.append(failed.diagnostic)
            loader.files.append(failed.diagnostic.path)
    batch.diagnostics += unreadable(found)
    diagnostics = list(dict.fromkeys(batch.diagnostics))  # a persona reported once
    diagnostics.sort(key=lambda d: d.sort_key())
    files = list(dict.fromkeys(batch.files + loader.files))
    with_problems = {d.path for d in diagnostics}
    texts = {**batch.texts, **{p: t for p, t in loader.texts.items() if p in with_problems}}
    report = Report(command, files, diagnostics, texts)
    io_error = any(d.code == IO_ERROR for d in diagnostics)
    return Run(report, batch.maps, found.missing, io_error, batch.results, batch.invalid)
