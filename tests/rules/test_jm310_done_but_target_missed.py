"""JM310 done-but-target-missed: a done opportunity whose touchpoints still miss their
target (rating or metric)."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM310"


def with_opportunity(status: str, addresses: str) -> str:
    return CLEAN.replace(
        "    effort: 2\n    touchpoints:\n      - name: Fills",
        f"    effort: 2\n    opportunities:\n      - name: Photo checker\n"
        f"        addresses: [{addresses}]\n        status: {status}\n"
        "    touchpoints:\n      - name: Fills",
    )


def test_flags_a_rating_below_target(workdir: Path) -> None:
    text = with_opportunity("done", "fills-in-the-online-form")  # performance 3, target 4
    assert lint_problems(workdir, text, CODE) == [(19, 17, CODE)]


def test_flags_a_metric_that_misses(workdir: Path) -> None:
    text = with_opportunity("done", "collects-at-the-counter").replace(
        "        performance: 4\n        target: 4\n",
        "        performance: 4\n        target: 4\n"
        "        metrics:\n          wait: {value: 40, unit: min, target: 15, better: lower}\n",
    )
    assert lint_problems(workdir, text, CODE) == [(19, 17, CODE)]


def test_passes(workdir: Path) -> None:
    met = with_opportunity("done", "collects-at-the-counter")  # performance 4, target 4
    assert lint_problems(workdir, met, CODE) == []
    open_ = with_opportunity("in-progress", "fills-in-the-online-form")
    assert lint_problems(workdir, open_, CODE) == []
