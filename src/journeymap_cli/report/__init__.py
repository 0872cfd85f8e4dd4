"""Output formats for diagnostics: each reporter reads a Report and writes it; none computes."""

from __future__ import annotations

import importlib
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from journeymap_cli.report.diagnostics import Diagnostic, Severity

FORMATS = ("text", "json", "github", "sarif")


@dataclass
class Report:
    """What a checking command found: the files it checked and every diagnostic."""

    command: str
    files: list[str]
    diagnostics: list[Diagnostic]
    sources: dict[str, str] = field(default_factory=dict)  # path → text, for source lines

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def files_with_problems(self) -> int:
        return len({d.path for d in self.diagnostics})

    def summary(self) -> str:
        """'3 files checked, 2 errors, 1 info in 1 file' or '3 files checked, no problems'.

        "info" is the rules' own word for the lowest severity, and takes no plural.
        """
        n = len(self.files)
        head = f"{n} file{'s' * (n != 1)} checked"
        counts = Counter(d.severity for d in self.diagnostics)
        parts = [
            f"{counts[sev]} {sev}{'s' * (counts[sev] != 1 and sev != Severity.INFO)}"
            for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO)
            if counts[sev]
        ]
        if not parts:
            return f"{head}, no problems"
        bad = self.files_with_problems()
        return f"{head}, {', '.join(parts)} in {bad} file{'s' * (bad != 1)}"


class Reporter(Protocol):
    def __call__(self, report: Report, out: TextIO, *, color: bool) -> None: ...


def default_format() -> str:
    """GitHub workflow commands inside GitHub Actions, text elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def emit(fmt: str, report: Report, out: TextIO, *, color: bool) -> None:
    module = importlib.import_module(f"journeymap_cli.report.{fmt}")
    reporter: Reporter = module.report
    reporter(report, out, color=color)
