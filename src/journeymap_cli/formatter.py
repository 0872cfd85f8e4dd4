"""`jmap fmt`: each map and persona file in the canonical layout (rewrite.canonical)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from journeymap_cli.atomic import write_file
from journeymap_cli.diagnostics import IO_ERROR, UNSAFE_REWRITE, Diagnostic
from journeymap_cli.discover import Found, discover
from journeymap_cli.loader import (
    FILES,
    Limits,
    StdinSource,
    display_path,
    is_persona_file,
    read,
)
from journeymap_cli.rewrite import UnsafeRewrite, canonical


@dataclass
class FormatRun:
    checked: int = 0
    changed: list[tuple[str, str]] = field(default_factory=list)  # (path, unified diff)
    problems: list[Diagnostic] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unwritable: int = 0  # files that needed a change but could not be written
    output: str | None = None  # the canonical text of standard input


def format_files(
    paths: Sequence[str], limits: Limits, *, write: bool, stdin: StdinSource | None = None
) -> FormatRun:
    """A file the safe reader refuses (syntax, encoding, duplicate keys, anchors, limits)
    is reported and never touched. With `stdin`, its canonical text goes to `run.output`."""
    found = discover(paths or ["."]) if stdin is None else Found(maps=[stdin.path])
    run = FormatRun(missing=found.missing)
    for path in [*found.maps, *found.personas]:
        label = display_path(path)
        parsed = read(path, label, limits, stdin or FILES)
        if parsed.diagnostics or parsed.text is None or parsed.document is None:
            run.problems += parsed.diagnostics
            continue
        if parsed.document.duplicates:
            run.problems += [
                Diagnostic(label, p.pos[0], p.pos[1], p.code, p.message)
                for p in parsed.document.duplicates
            ]
            continue
        run.checked += 1
        try:
            new = canonical(parsed.text, persona_file=is_persona_file(path))
        except UnsafeRewrite as exc:
            run.problems.append(Diagnostic(label, 1, 1, UNSAFE_REWRITE, f"left untouched: {exc}"))
            continue
        if stdin is not None:
            run.output = new
        if new == parsed.text:
            continue
        patch = "".join(
            difflib.unified_diff(
                parsed.text.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"a/{label}",
                tofile=f"b/{label}",
            )
        )
        if write and stdin is None:
            try:
                write_file(Path(path), new)
            except OSError as exc:
                message = f"cannot write: {exc.strerror or exc}; left as it was"
                run.problems.append(Diagnostic(label, 1, 1, IO_ERROR, message))
                run.unwritable += 1
                continue
        run.changed.append((label, patch))
    return run
