"""JM205 near-duplicate-channel: near-duplicate channels without a vocabulary."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM205"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("channels: [Website, Counter]\n", "").replace(
        "channel: Counter", "channel: web site"
    )
    assert lint_problems(workdir, text, CODE) == [(31, 18, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN.replace("channels: [Website, Counter]\n", "")
    assert lint_problems(workdir, text, CODE) == []
