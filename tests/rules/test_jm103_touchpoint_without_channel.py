"""JM103 touchpoint-without-channel: a touchpoint without a channel."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM103"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("        channel: Counter\n", "")
    assert lint_problems(workdir, text, CODE) == [(31, 9, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
