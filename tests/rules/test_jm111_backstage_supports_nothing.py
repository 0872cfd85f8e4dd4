"""JM111 backstage-supports-nothing: work behind the scenes linked to no touchpoint, in a
map that draws a blueprint."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM111"

BEHIND = """\
      - name: Checks the photo
        owner: Front office
        layer: backstage
        supports: [fills-in-the-online-form]
      - name: Prints the passport
        owner: Front office
        layer: support
"""
# "Prints the passport" starts at line 40


def test_flags_support_work_that_supports_nothing(workdir: Path) -> None:
    assert lint_problems(workdir, CLEAN + BEHIND, CODE) == [(40, 9, CODE)]


def test_flags_the_backstage_of_format_1_1_too(workdir: Path) -> None:
    text = CLEAN + BEHIND.replace("layer: support", "backstage: true")
    assert lint_problems(workdir, text, CODE) == [(40, 9, CODE)]


def test_passes_when_every_one_supports_something(workdir: Path) -> None:
    text = CLEAN + BEHIND + "        supports: [checks-the-photo]\n"
    assert lint_problems(workdir, text, CODE) == []


def test_maps_without_a_blueprint_are_not_checked(workdir: Path) -> None:
    text = CLEAN + BEHIND.replace("        supports: [fills-in-the-online-form]\n", "")
    assert lint_problems(workdir, text, CODE) == []
