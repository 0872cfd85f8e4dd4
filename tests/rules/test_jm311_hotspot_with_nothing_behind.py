"""JM311 hotspot-with-nothing-behind: a frontstage hotspot that no backstage or support
touchpoint supports, in a map that draws a blueprint."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM311"

# The online form (line 17) is below its target (3 < 4): a hotspot. The counter is not.
BEHIND = """\
      - name: Checks the photo
        owner: Front office
        layer: backstage
        supports: [collects-at-the-counter]
"""


def test_flags_a_hotspot_with_nothing_behind_it(workdir: Path) -> None:
    assert lint_problems(workdir, CLEAN + BEHIND, CODE) == [(17, 9, CODE)]


def test_passes_when_something_supports_it(workdir: Path) -> None:
    text = CLEAN + BEHIND.replace("[collects-at-the-counter]", "[fills-in-the-online-form]")
    assert lint_problems(workdir, text, CODE) == []


def test_backstage_work_below_its_target_is_no_hotspot_of_the_customer(workdir: Path) -> None:
    text = CLEAN.replace("performance: 3", "performance: 4") + BEHIND.replace(
        "        layer: backstage\n", "        layer: backstage\n        performance: 1\n"
    ).replace("owner: Front office\n", "owner: Front office\n        target: 5\n")
    assert lint_problems(workdir, text, CODE) == []


def test_maps_without_a_blueprint_are_not_checked(workdir: Path) -> None:
    text = CLEAN + BEHIND.replace("        supports: [collects-at-the-counter]\n", "")
    assert lint_problems(workdir, text, CODE) == []
