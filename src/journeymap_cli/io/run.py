"""`jmap validate`: load every map and persona file and collect their diagnostics."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from journeymap_cli.io.batch import PerMap, run
from journeymap_cli.io.discover import Found, targets, unreadable
from journeymap_cli.io.guard import Failed, one_file
from journeymap_cli.io.loader import (
    PERSONA_SUFFIXES,
    Limits,
    LoadedMap,
    Loader,
)
from journeymap_cli.io.paths import display_path
from journeymap_cli.io.source import FILES, FileSource, StdinSource
from journeymap_cli.report import Report
from journeymap_cli.report.diagnostics import IO_ERROR, Diagnostic, ExitCode, Severity


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
    texts = {**batch.texts, **loader.texts}
    files = batch.files + loader.files
    if source is FILES and found.personas:
        files, batch.diagnostics, texts = _one_name(found, files, batch.diagnostics, texts)
    diagnostics = list(dict.fromkeys(batch.diagnostics))  # a persona reported once
    diagnostics.sort(key=lambda d: d.sort_key())
    files = list(dict.fromkeys(files))
    with_problems = {d.path for d in diagnostics}
    texts = {p: t for p, t in texts.items() if p in with_problems}
    report = Report(command, files, diagnostics, texts)
    io_error = any(d.code == IO_ERROR for d in diagnostics)
    return Run(report, batch.maps, found.missing, io_error, batch.results, batch.invalid)


def _one_name(
    found: Found, files: list[str], diagnostics: list[Diagnostic], texts: dict[str, str]
) -> tuple[list[str], list[Diagnostic], dict[str, str]]:
    """A persona file reached both by the search and by a map's reference under another
    name (`sarah.persona.yaml` and `../personas/sarah.persona.yaml`) is one file: counted
    once, its problems reported once, under the name the search gave it."""
    searched = {_identity(Path(display_path(p))): display_path(p) for p in found.personas}
    renamed: dict[str, str] = {}
    for label in files:
        if label.endswith(PERSONA_SUFFIXES) and label not in searched.values():
            name = searched.get(_identity(Path(label)))
            if name is not None:
                renamed[label] = name
    if not renamed:
        return files, diagnostics, texts
    files = [renamed.get(f, f) for f in files]
    diagnostics = [
        replace(d, path=renamed[d.path]) if d.path in renamed else d for d in diagnostics
    ]
    texts = {renamed.get(p, p): t for p, t in texts.items()}
    return files, diagnostics, texts


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: its own name is all there is
        return Path(os.path.abspath(path))
