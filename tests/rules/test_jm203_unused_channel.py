"""JM203 unused-channel: a declared channel never used."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM203"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("channels: [Website, Counter]", "channels: [Website, Counter, Phone]")
    assert lint_problems(workdir, text, CODE) == [(7, 30, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
