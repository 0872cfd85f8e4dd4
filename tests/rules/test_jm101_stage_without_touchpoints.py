"""JM101 stage-without-touchpoints: a stage with no touchpoints."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM101"


def test_flags(workdir: Path) -> None:
    # the second stage loses its only touchpoint (the last lines of CLEAN)
    text = CLEAN[: CLEAN.rindex("    touchpoints:\n")]
    assert lint_problems(workdir, text, CODE) == [(25, 5, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
