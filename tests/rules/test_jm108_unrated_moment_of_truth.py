"""JM108 unrated-moment-of-truth: a moment of truth without performance or target."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM108"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("        performance: 3\n        target: 4\n", "")
    assert lint_problems(workdir, text, CODE) == [(17, 9, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []


def test_names_what_is_missing(workdir: Path) -> None:
    from helpers import run_jmap

    (workdir / "m.jmap.yaml").write_text(
        CLEAN.replace("        target: 4\n        pain", "        pain")
    )
    result = run_jmap("lint", "--select", CODE, "m.jmap.yaml")
    assert "has no target" in result.stdout and "no performance" not in result.stdout
