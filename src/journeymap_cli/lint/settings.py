"""What the configuration says about linting: selection, failure level, per-rule settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RuleSetting:
    """`[lint.rules.CODE]`: a severity and the rule's options (validated by its model)."""

    severity: str | None
    options: Any  # an instance of the rule's Options model


@dataclass
class LintConfig:
    select: list[str] | None = None  # code prefixes; None: every rule
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    rules: dict[str, RuleSetting] = field(default_factory=dict)
