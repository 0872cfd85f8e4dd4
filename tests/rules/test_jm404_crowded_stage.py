"""JM404 crowded-stage: a stage with too many touchpoints."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM404"

EXTRA = "".join(
    f"      - {{name: Extra step {i}, channel: Counter, owner: Front office}}\n" for i in range(10)
)


def test_flags(workdir: Path) -> None:
    # the second stage gets 1 + 10 = 11 touchpoints: over the default of 10
    text = CLEAN + EXTRA
    assert lint_problems(workdir, text, CODE) == [(25, 5, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN + EXTRA[: EXTRA.index("Extra step 9") - len("      - {name: ")]
    assert lint_problems(workdir, text, CODE) == []


def test_max_touchpoints_option(workdir: Path) -> None:
    (workdir / "jmap.toml").write_text("[lint.rules.JM404]\nmax-touchpoints = 1\n")
    text = CLEAN.replace("      - name: Collects", "      - {name: Waits}\n      - name: Collects")
    assert lint_problems(workdir, text, CODE) == [(25, 5, CODE)]
