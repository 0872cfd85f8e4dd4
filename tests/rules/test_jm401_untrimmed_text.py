"""JM401 untrimmed-text: text with leading or trailing whitespace."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM401"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("owner: Front office", 'owner: "Front office "').replace(
        "teams: [Digital, Front office]", 'teams: [Digital, Front office, "Front office "]'
    )
    assert lint_problems(workdir, text, CODE) == [(8, 32, CODE), (33, 16, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
