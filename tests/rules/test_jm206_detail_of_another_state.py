"""JM206 detail-of-another-state: a stage that opens into a detail map of the other state."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CLEAN, lint_problems

CODE = "JM206"

DETAILED = CLEAN.replace(
    "  - name: Applying\n", "  - name: Applying\n    detail: steps.jmap.yaml\n"
)


def steps(state: str) -> str:
    return (
        f"jmap: 1\ntitle: Applying, step by step\nstate: {state}\n"
        "persona: {name: Amira}\nstages:\n  - name: Fills in the form\n"
    )


@pytest.mark.parametrize(("here", "there"), [("as-is", "to-be"), ("to-be", "as-is")])
def test_flags_a_detail_of_the_other_state(workdir: Path, here: str, there: str) -> None:
    (workdir / "steps.jmap.yaml").write_text(steps(there))
    text = DETAILED.replace("title: Renewing a passport\n", f"title: Renewing\nstate: {here}\n")
    assert lint_problems(workdir, text, CODE) == [(12, 13, CODE)]


def test_passes_a_detail_of_the_same_state(workdir: Path) -> None:
    (workdir / "steps.jmap.yaml").write_text(steps("as-is"))
    assert lint_problems(workdir, DETAILED, CODE) == []
