"""JM307 hotspot-without-opportunity: a touchpoint below target that no open opportunity
addresses, in a map that links opportunities to touchpoints."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CLEAN, lint_problems

CODE = "JM307"


def with_opportunity(block: str) -> str:
    return CLEAN.replace(
        "    effort: 2\n    touchpoints:\n      - name: Fills",
        "    effort: 2\n    opportunities:\n" + block + "    touchpoints:\n      - name: Fills",
    )


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_flags_when_only_closed_opportunities_address_it(workdir: Path, status: str) -> None:
    text = with_opportunity(
        f"      - name: Photo checker\n        addresses: [fills-in-the-online-form]\n"
        f"        status: {status}\n"
    )
    # the online form is below its target (3 < 4): a hotspot
    assert lint_problems(workdir, text, CODE) == [(21, 9, CODE)]


def test_passes_when_an_open_opportunity_addresses_it(workdir: Path) -> None:
    text = with_opportunity(
        "      - name: Photo checker\n        addresses: [fills-in-the-online-form]\n"
        "        status: planned\n"
    )
    assert lint_problems(workdir, text, CODE) == []


def test_maps_without_opportunity_mappings_are_not_checked(workdir: Path) -> None:
    assert lint_problems(workdir, CLEAN, CODE) == []
    text = with_opportunity("      - A photo checker\n")
    assert lint_problems(workdir, text, CODE) == []
