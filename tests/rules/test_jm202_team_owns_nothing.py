"""JM202 team-owns-nothing: a declared team that owns nothing."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM202"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("teams: [Digital, Front office]", "teams: [Digital, Front office, Legal]")
    assert lint_problems(workdir, text, CODE) == [(8, 32, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
