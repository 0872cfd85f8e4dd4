"""JM306 opportunity-addresses-nothing: an opportunity mapping with no `addresses`."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM306"


def with_opportunities(block: str) -> str:
    return CLEAN.replace(
        "    effort: 2\n    touchpoints:\n      - name: Fills",
        "    effort: 2\n    opportunities:\n" + block + "    touchpoints:\n      - name: Fills",
    )


def test_flags(workdir: Path) -> None:
    text = with_opportunities(
        "      - name: Photo checker\n        owner: Digital\n"
        "      - {name: Clearer rules, addresses: []}\n"
    )
    assert lint_problems(workdir, text, CODE) == [(17, 9, CODE), (19, 10, CODE)]


def test_passes(workdir: Path) -> None:
    text = with_opportunities(
        "      - Plain string ideas are not checked\n"
        "      - {name: Photo checker, addresses: [fills-in-the-online-form]}\n"
        "      - {name: Abandoned idea, status: dropped}\n"
    )
    assert lint_problems(workdir, text, CODE) == []
