"""JM106 stage-without-thoughts-or-feelings: neither thoughts nor feelings."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM106"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("    feelings: [relieved]\n", "")
    assert lint_problems(workdir, text, CODE) == [(25, 5, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN.replace("    feelings: [relieved]\n", "    thoughts: [Finally]\n")
    assert lint_problems(workdir, text, CODE) == []
