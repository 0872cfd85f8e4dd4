"""JM301 gap-without-pain-point: below target with no pain point or opportunity."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM301"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("        pain_points: [Photo rules unclear]\n", "")
    assert lint_problems(workdir, text, CODE) == [(17, 9, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []


def test_a_stage_opportunity_is_enough(workdir: Path) -> None:
    text = CLEAN.replace("        pain_points: [Photo rules unclear]\n", "").replace(
        "    effort: 2\n    touchpoints:\n      - name: Fills",
        "    effort: 2\n    opportunities: [Photo checker]\n    touchpoints:\n      - name: Fills",
    )
    assert lint_problems(workdir, text, CODE) == []
