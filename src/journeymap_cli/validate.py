"""`jmap validate`: load every map and persona file and collect their diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journeymap_cli.diagnostics import IO_ERROR, ExitCode, Severity
from journeymap_cli.discover import discover
from journeymap_cli.loader import Limits, LoadedMap, Loader
from journeymap_cli.reporters import Report


@dataclass
class Run:
    """The outcome of loading everything a command was given."""

    report: Report
    maps: list[LoadedMap]
    missing: list[str]
    io_error: bool

    @property
    def exit_code(self) -> ExitCode:
        if self.missing or self.io_error:
            return ExitCode.USAGE
        if any(d.severity == Severity.ERROR for d in self.report.diagnostics):
            return ExitCode.PROBLEMS
        return ExitCode.CLEAN


def load_all(
    paths: Sequence[str], limits: Limits, command: str = "validate", *, keep_maps: bool = True
) -> Run:
    """Load every file. Memory stays flat over thousands of files: parsed documents are
    dropped once checked, source texts are kept only for files with diagnostics (the
    terminal reporter quotes their lines), and with keep_maps=False the models go too."""
    found = discover(paths or ["."])
    loader = Loader(limits)
    maps = []
    diagnostics = []
    for path in found.maps:
        loaded = loader.load_map(path)
        loaded.parsed.document = None
        loaded.parsed.text = None
        if not loaded.diagnostics:
            loader.texts.pop(loaded.path, None)
        diagnostics += loaded.diagnostics
        if keep_maps:
            maps.append(loaded)
    for path in found.personas:
        diagnostics += loader.load_persona(path)[1]
    diagnostics.sort(key=lambda d: d.sort_key())
    with_problems = {d.path for d in diagnostics}
    sources = {path: text for path, text in loader.texts.items() if path in with_problems}
    report = Report(command, loader.files, diagnostics, sources)
    io_error = any(d.code == IO_ERROR for d in diagnostics)
    return Run(report, maps, found.missing, io_error)
