"""JM207 detail-unrelated-to-stage: a detail map that says nothing of its stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CLEAN, lint_problems

CODE = "JM207"

DETAILED = CLEAN.replace(
    "  - name: Applying\n", "  - name: Applying\n    detail: steps.jmap.yaml\n"
)


def steps(title: str, *stages: str) -> str:
    names = "".join(f"  - name: {name}\n" for name in stages or ("Fills in the form",))
    return f"jmap: 1\ntitle: {title}\npersona: {{name: Amira}}\nstages:\n{names}"


def test_flags_a_detail_about_something_else(workdir: Path) -> None:
    (workdir / "steps.jmap.yaml").write_text(steps("Collecting, step by step", "Queues"))
    assert lint_problems(workdir, DETAILED, CODE) == [(11, 13, CODE)]


@pytest.mark.parametrize(
    "detail",
    [
        steps("Applying, step by step"),  # the same word
        steps("How people apply", "Fills in the form"),  # the start of a longer word
        steps("Renewal", "Application sent"),  # in a stage's name
    ],
)
def test_passes_a_detail_that_names_its_stage(workdir: Path, detail: str) -> None:
    (workdir / "steps.jmap.yaml").write_text(detail)
    assert lint_problems(workdir, DETAILED, CODE) == []


def test_a_stage_named_by_number_is_not_judged(workdir: Path) -> None:
    (workdir / "steps.jmap.yaml").write_text(steps("Collecting", "Queues"))
    text = DETAILED.replace("  - name: Applying\n", "  - name: Step 1\n")
    assert lint_problems(workdir, text, CODE) == []
