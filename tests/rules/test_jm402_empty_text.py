"""JM402 empty-text: an empty list item or text."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM402"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace(
        "    actions: [Picks up the passport]", '    actions: [Picks up the passport, "  "]'
    )
    assert lint_problems(workdir, text, CODE) == [(26, 38, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
