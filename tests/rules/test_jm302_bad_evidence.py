"""JM302 bad-evidence: evidence that is neither an http(s) link nor a plain reference."""

from __future__ import annotations

from pathlib import Path

from helpers import CLEAN, lint_problems

CODE = "JM302"


def test_flags(workdir: Path) -> None:
    text = CLEAN.replace(
        '["https://example.com/survey"]',
        '["www.example.com/survey", "javascript:alert(1)", "Survey Q3 2026, n=40"]',
    )
    assert lint_problems(workdir, text, CODE) == [(24, 20, CODE), (24, 46, CODE)]


def test_passes(workdir: Path) -> None:
    text = CLEAN.replace('["https://example.com/survey"]', '["Survey Q3 2026, n=40"]')
    assert lint_problems(workdir, text, CODE) == []
