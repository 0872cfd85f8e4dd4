"""JM104 stage-without-emotion: a stage without an emotion."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM104"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("    emotion: 4\n", "")
    assert lint_problems(workdir, text, CODE) == [(25, 5, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
