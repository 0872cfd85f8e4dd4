"""JM102 touchpoint-without-owner: a touchpoint without an owner."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM102"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("        owner: Front office\n", "")
    assert lint_problems(workdir, text, CODE) == [(31, 9, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
