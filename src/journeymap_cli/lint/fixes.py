"""`jmap lint --fix`: apply the fixes of fixable findings through ruamel round-trip."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from journeymap_cli.fmt.rewrite import (
    UnsafeRewrite,
    apply_fixes,
    dump,
    guess_layout,
    load,
    reads_back,
)
from journeymap_cli.io.atomic import write_file
from journeymap_cli.lint.engine import LintedMap


@dataclass
class Fixed:
    fixes: int = 0
    files: int = 0
    unwritable: list[str] = field(default_factory=list)  # "path: cannot write: reason"


def fix_files(linted: list[LintedMap]) -> Fixed:
    """Fixes applied and files written. Only maps that validated and were linted get here,
    so the round-trip loader only ever reads files the safe reader accepted."""
    done = Fixed()
    for item in linted:
        path = Path(item.path)
        text = path.read_text(encoding="utf-8")
        try:
            data = load(text)
            count = apply_fixes(data, [fix for _, fix in item.fixes])
            new = dump(data, guess_layout(text))
            reads_back(new, data)
        except UnsafeRewrite:
            continue  # never write what the fast reader would read differently
        if count and new != text:
            try:
                write_file(path, new)
            except OSError as exc:
                done.unwritable.append(f"{item.path}: cannot write: {exc.strerror or exc}")
                continue
            done.fixes += count
            done.files += 1
    return done
