"""JM110 journey-ends-at-purchase: a journey that stops at the purchase."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM110"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace("  - name: Collecting", "  - name: Purchase")
    assert lint_problems(workdir, text, CODE) == [(25, 5, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN.replace("  - name: Collecting", "  - name: Post-purchase")
    assert lint_problems(workdir, text, CODE) == []


def test_purchase_words_option(workdir: Path) -> None:
    (workdir / "jmap.toml").write_text('[lint.rules.JM110]\npurchase-words = ["collect"]\n')
    assert lint_problems(workdir, CLEAN, CODE) == [(25, 5, CODE)]
