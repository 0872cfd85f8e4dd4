"""JM105 stage-without-actions: a stage without actions."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM105"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("    actions: [Fills in the form online]\n", "")
    assert lint_problems(workdir, text, CODE) == [(10, 5, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
