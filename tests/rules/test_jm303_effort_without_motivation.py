"""JM303 effort-without-motivation: a high-effort stage without motivation."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM303"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace(
        "    effort: 2\n    touchpoints:\n      - name: Collects",
        "    effort: 5\n    touchpoints:\n      - name: Collects",
    )
    assert lint_problems(workdir, text, CODE) == [(25, 5, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN.replace(
        "    effort: 2\n    touchpoints:\n      - name: Collects",
        "    effort: 5\n    motivations: [Travel next week]\n"
        "    touchpoints:\n      - name: Collects",
    )
    assert lint_problems(workdir, text, CODE) == []


def test_threshold_option(workdir: Path) -> None:
    (workdir / "jmap.toml").write_text("[lint.rules.JM303]\nhigh-effort = 20\n")
    assert lint_problems(workdir, CLEAN, CODE) == [(10, 5, CODE), (25, 5, CODE)]
