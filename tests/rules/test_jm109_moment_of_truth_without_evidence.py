"""JM109 moment-of-truth-without-evidence: a moment of truth without evidence."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM109"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace('        evidence: ["https://example.com/survey"]\n', "")
    assert lint_problems(workdir, text, CODE) == [(17, 9, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
