"""JM305 unattributed-quote: a quote without `who` or without `source`."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM305"

QUOTES = """\
    quotes:
      - The photo rules made no sense.
      - {text: I gave up twice., who: "Traveller, interview 4"}
      - {text: It was quick., source: Exit survey 2026}
      - {text: Fine., who: "Traveller, interview 2", source: Interviews 2026}
"""


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace(
        "    effort: 2\n    touchpoints:\n      - name: Fills",
        "    effort: 2\n" + QUOTES + "    touchpoints:\n      - name: Fills",
    )
    text = text.replace(
        "        target: 4\n        pain",
        "        target: 4\n        quotes: [Slow.]\n        pain",
    )
    assert lint_problems(workdir, text, CODE) == [
        (17, 9, CODE),
        (18, 9, CODE),
        (19, 9, CODE),
        (28, 18, CODE),
    ]


def test_passes(workdir: Path) -> None:
    text = CLEAN.replace(
        "    effort: 2\n    touchpoints:\n      - name: Fills",
        "    effort: 2\n    quotes:\n"
        "      - {text: Fine., who: Traveller, source: Interviews 2026}\n"
        "    touchpoints:\n      - name: Fills",
    )
    assert lint_problems(workdir, text, CODE) == []
