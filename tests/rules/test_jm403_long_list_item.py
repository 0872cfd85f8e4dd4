"""JM403 long-list-item: an over-long list item."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM403"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("[Photo rules unclear]", '["' + "Photo rules unclear " * 9 + '"]')
    assert lint_problems(workdir, text, CODE) == [(23, 23, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []


def test_max_length_option(workdir: Path) -> None:
    (workdir / "jmap.toml").write_text("[lint.rules.long-list-item]\nmax-length = 20\n")
    assert lint_problems(workdir, CLEAN, CODE) == [
        (11, 15, CODE),
        (12, 16, CODE),
        (24, 20, CODE),
        (26, 15, CODE),
    ]
