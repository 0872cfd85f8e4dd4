"""JM107 persona-without-goals: a persona without goals."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems, run_jmap

CODE = "JM107"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("  goals: [Renew before a trip]\n", "")
    assert lint_problems(workdir, text, CODE) == [(4, 3, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN
    assert lint_problems(workdir, text, CODE) == []


PERSONA_REF = CLEAN.replace(
    "persona:\n  name: Amira\n  description: Frequent traveller\n  goals: [Renew before a trip]\n",
    "persona: p.persona.yaml\n",
)


def test_a_shared_persona_file_is_reported_once_in_that_file(workdir: Path) -> None:
    (workdir / "p.persona.yaml").write_text("# Amira, from the 2026 interviews\nname: Amira\n")
    (workdir / "m.jmap.yaml").write_text(PERSONA_REF)
    (workdir / "n.jmap.yaml").write_text(PERSONA_REF.replace("Renewing", "Replacing"))
    result = run_jmap("lint", "--select", CODE, ".")
    assert result.problems() == [("p.persona.yaml", 2, 1, CODE)]
    assert result.messages() == ["persona 'Amira' has no goals"]


def test_suppressed_in_the_persona_file(workdir: Path) -> None:
    (workdir / "p.persona.yaml").write_text(
        "name: Amira  # jmap: disable=persona-without-goals -- goals come from the Q1 study\n"
    )
    (workdir / "m.jmap.yaml").write_text(PERSONA_REF)
    assert run_jmap("lint", "m.jmap.yaml").problems() == []
    (workdir / "p.persona.yaml").write_text(
        "name: Amira  # jmap: disable=JM107\ngoals: [Renew before a trip]\n"
    )
    assert run_jmap("lint", "m.jmap.yaml").problems() == [("p.persona.yaml", 1, 14, "JM050")]
