"""JM204 near-duplicate-owner: near-duplicate owners without a vocabulary."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM204"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("teams: [Digital, Front office]\n", "").replace(
        "owner: Front office", "owner: Digtal"
    )
    assert lint_problems(workdir, text, CODE) == [(32, 16, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN.replace("teams: [Digital, Front office]\n", "")
    assert lint_problems(workdir, text, CODE) == []


def test_needs_no_vocabulary(workdir: Path) -> None:
    # with teams declared, validation refuses 'Digtal' (JM008) and the map is not linted
    text = CLEAN.replace("owner: Front office", "owner: Digtal")
    assert lint_problems(workdir, text, CODE) == [(33, 16, "JM008")]
