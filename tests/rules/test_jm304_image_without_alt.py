"""JM304 image-without-alt: empty alt text, or alt text that is only the file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CLEAN, lint_problems
from test_format11 import png

CODE = "JM304"


def with_images(workdir: Path, persona_alt: str, stage_alt: str) -> str:
    (workdir / "amira.png").write_bytes(png())
    return CLEAN.replace(
        "  goals: [Renew before a trip]\n",
        f"  goals: [Renew before a trip]\n  image: {{path: amira.png, alt: {persona_alt!r}}}\n",
    ).replace(
        "    effort: 2\n    touchpoints:\n      - name: Fills",
        f"    effort: 2\n    images:\n      - path: amira.png\n        alt: {stage_alt!r}\n"
        "    touchpoints:\n      - name: Fills",
    )


@pytest.mark.parametrize("alt", ["", "  ", "amira.png", "amira", "AMIRA.PNG"])
def test_flags(workdir: Path, alt: str) -> None:
    text = with_images(workdir, alt, alt)
    assert lint_problems(workdir, text, CODE) == [(7, 33, CODE), (19, 14, CODE)]


def test_passes(workdir: Path) -> None:
    text = with_images(workdir, "Amira at the airport", "The photo upload page")
    assert lint_problems(workdir, text, CODE) == []
