"""JM309 to-be-not-better: a to-be map whose figures do not beat its based_on map's."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM309"

TO_BE = CLEAN.replace(
    "title: Renewing a passport\n",
    "title: Renewing a passport\nstate: to-be\nbased_on: as-is.jmap.yaml\n",
)


def test_flags_a_copy(workdir: Path) -> None:
    (workdir / "as-is.jmap.yaml").write_text(CLEAN)
    assert lint_problems(workdir, TO_BE, CODE) == [(3, 8, CODE)]


def test_flags_a_worse_plan(workdir: Path) -> None:
    (workdir / "as-is.jmap.yaml").write_text(CLEAN)
    worse = TO_BE.replace("        performance: 3\n", "        performance: 2\n")
    assert lint_problems(workdir, worse, CODE) == [(3, 8, CODE)]


def test_passes_when_better(workdir: Path) -> None:
    (workdir / "as-is.jmap.yaml").write_text(CLEAN)
    better = TO_BE.replace("        performance: 3\n", "        performance: 4\n")
    assert lint_problems(workdir, better, CODE) == []


def test_as_is_maps_and_maps_without_based_on_are_not_compared(workdir: Path) -> None:
    (workdir / "as-is.jmap.yaml").write_text(CLEAN)
    as_is = TO_BE.replace("state: to-be\n", "")
    assert lint_problems(workdir, as_is, CODE) == []
    alone = TO_BE.replace("based_on: as-is.jmap.yaml\n", "")
    assert lint_problems(workdir, alone, CODE) == []
