"""JM107 persona-without-goals: a persona without goals."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM107"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("  goals: [Renew before a trip]\n", "")
    assert lint_problems(workdir, text, CODE) == [(4, 3, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []


def test_persona_file_without_goals_points_at_the_reference(workdir: Path) -> None:
    (workdir / "p.persona.yaml").write_text("name: Amira\n")
    text = CLEAN.replace(
        "persona:\n  name: Amira\n  description: Frequent traveller\n"
        "  goals: [Renew before a trip]\n",
        "persona: p.persona.yaml\n",
    )
    assert lint_problems(workdir, text, CODE) == [(3, 10, CODE)]
