"""JM201 misaligned-channels: two channels 50 or more apart in one stage."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM201"


def test_flags(workdir: Path) -> None:
    # Collecting: Counter 4 → 75, Website 1 → 0: 75 apart
    text = CLEAN + (
        "      - name: Checks status online\n"
        "        channel: Website\n"
        "        owner: Digital\n"
        "        performance: 1\n"
    )
    assert lint_problems(workdir, text, CODE) == [(25, 5, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN.replace(
        "        performance: 4\n        target: 4\n", "        performance: 3\n        target: 4\n"
    )
    assert lint_problems(workdir, text, CODE) == []
