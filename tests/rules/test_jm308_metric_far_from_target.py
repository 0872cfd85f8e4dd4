"""JM308 metric-far-from-target: a metric misses its target by more than the margin and its
stage has no open opportunity."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CLEAN, lint_problems

CODE = "JM308"


def with_metric(metric: str, extra: str = "") -> str:
    return CLEAN.replace(
        "    effort: 2\n    touchpoints:\n      - name: Fills",
        f"    effort: 2\n{extra}    metrics:\n      {metric}\n"
        "    touchpoints:\n      - name: Fills",
    )


@pytest.mark.parametrize(
    "metric",
    [
        "conversion: {value: 0.25, target: 0.35, better: higher}",  # 29 % short
        "wait_days: {value: 13, target: 10, better: lower}",  # 30 % over
        "complaints: {value: 2, target: 0, better: lower}",  # any miss of 0
    ],
)
def test_flags(workdir: Path, metric: str) -> None:
    column = metric.index("value: ") + 7 + 7
    assert lint_problems(workdir, with_metric(metric), CODE) == [(17, column, CODE)]


def test_flags_a_touchpoint_metric(workdir: Path) -> None:
    text = CLEAN.replace(
        "        target: 4\n        pain",
        "        target: 4\n        metrics:\n"
        "          csat: {value: 60, unit: '%', target: 85, better: higher}\n        pain",
    )
    assert lint_problems(workdir, text, CODE) == [(24, 25, CODE)]
    # an open opportunity addressing that touchpoint is enough, wherever it stands
    planned = text.replace(
        "    feelings: [relieved]\n",
        "    feelings: [relieved]\n    opportunities:\n"
        "      - {name: Photo checker, addresses: [fills-in-the-online-form]}\n",
    )
    assert lint_problems(workdir, planned, CODE) == []


@pytest.mark.parametrize(
    "metric",
    [
        "conversion: {value: 0.3, target: 0.35, better: higher}",  # 14 % short: narrow
        "conversion: {value: 0.4, target: 0.35, better: higher}",  # met
        "conversion: {value: 0.1}",  # no target
        "conversion: 0.1",
    ],
)
def test_passes(workdir: Path, metric: str) -> None:
    assert lint_problems(workdir, with_metric(metric), CODE) == []


def test_an_open_opportunity_in_the_stage_is_enough(workdir: Path) -> None:
    metric = "conversion: {value: 0.2, target: 0.35, better: higher}"
    assert lint_problems(workdir, with_metric(metric, "    opportunities: [A plan]\n"), CODE) == []
    done = "    opportunities:\n      - {name: A plan, status: done}\n"
    assert lint_problems(workdir, with_metric(metric, done), CODE) == [(19, 27, CODE)]


def test_margin_option(workdir: Path) -> None:
    (workdir / "jmap.toml").write_text("[lint.rules.JM308]\nmargin = 0.1\n")
    metric = "conversion: {value: 0.3, target: 0.35, better: higher}"
    assert lint_problems(workdir, with_metric(metric), CODE) == [(17, 27, CODE)]
