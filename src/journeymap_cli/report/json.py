"""`--format json`: one object, documented in docs/output.md; its shape is stable."""

from __future__ import annotations

import json
from typing import TextIO

from journeymap_cli import __version__
from journeymap_cli.report import Report
from journeymap_cli.report.diagnostics import Severity

SCHEMA_VERSION = 1


def report(report: Report, out: TextIO, *, color: bool) -> None:
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "jmap", "version": __version__},
        "command": report.command,
        "summary": {
            "files": len(report.files),
            "files_with_problems": report.files_with_problems(),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
        },
        "files": report.files,
        "diagnostics": [d.to_dict() for d in report.diagnostics],
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")
