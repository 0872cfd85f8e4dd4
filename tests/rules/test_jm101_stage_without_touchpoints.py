"""JM101 stage-without-touchpoints: a stage with no touchpoints."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM101"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace(
        "    touchpoints:\n      - name: Collects at the counter\n        channel: Counter\n        owner: Front office\n        performance: 4\n        target: 4\n",
        "",
    )
    assert lint_problems(workdir, text, CODE) == [(25, 5, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []
