"""`jmap lint --fix`: apply the fixes of fixable findings through ruamel round-trip."""

from __future__ import annotations

from pathlib import Path

from journeymap_cli.lint import LintedMap
from journeymap_cli.rewrite import (
    UnsafeRewrite,
    apply_fixes,
    dump,
    guess_layout,
    load,
    reads_back,
    write_atomic,
)


def fix_files(linted: list[LintedMap]) -> tuple[int, int]:
    """(fixes applied, files written). Only maps that validated and were linted get here,
    so the round-trip loader only ever reads files the safe reader accepted."""
    applied = files = 0
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
            write_atomic(path, new)
            applied += count
            files += 1
    return applied, files
