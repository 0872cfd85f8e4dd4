"""`jmap lint --fix`: the fixes of fixable findings, made as edits of the text (fmt/patch.py)
or, where one cannot be, through ruamel's round trip in the author's own layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from journeymap_cli.fmt.patch import patch
from journeymap_cli.fmt.rewrite import (
    UnsafeRewrite,
    apply_fixes,
    dump,
    guess_layout,
    load,
    reads_back,
)
from journeymap_cli.io.atomic import write_file
from journeymap_cli.io.stamp import check_unchanged
from journeymap_cli.io.yamlstream import parse
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
        try:
            raw = path.read_bytes()
            if item.stamp is not None:  # the fixes were found in the file as it was linted
                check_unchanged(path, item.stamp, raw)
        except OSError as exc:
            done.unwritable.append(f"{item.path}: cannot write: {exc.strerror or exc}")
            continue
        text = raw.decode("utf-8")
        fixes = [fix for _, fix in item.fixes]
        expected = parse(text).data
        count = apply_fixes(expected, fixes)
        # as edits of the text where it can: nothing else moves, and it is linear
        new = patch(text, fixes, expected)
        if new is None:
            try:
                data = load(text)
                apply_fixes(data, fixes)
                new = dump(data, guess_layout(text))
                reads_back(new, data)
            except UnsafeRewrite:
                continue  # never write what the fast reader would read differently
        if count and new != text:
            try:
                write_file(path, new, expect=item.stamp)
            except OSError as exc:
                done.unwritable.append(f"{item.path}: cannot write: {exc.strerror or exc}")
                continue
            done.fixes += count
            done.files += 1
    return done
