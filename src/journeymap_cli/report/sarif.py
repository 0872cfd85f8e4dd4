"""`--format sarif`: SARIF 2.1.0 for code-scanning upload."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from journeymap_cli import __version__
from journeymap_cli.report import Report
from journeymap_cli.report.diagnostics import Severity, code_name

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def report(report: Report, out: TextIO, *, color: bool) -> None:
    codes = sorted({d.code for d in report.diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {"id": code, "name": code_name(code), "shortDescription": {"text": code_name(code)}}
        for code in codes
    ]
    results: list[dict[str, Any]] = []
    for d in report.diagnostics:
        message = d.message + (f" ({d.hint})" if d.hint else "")
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _LEVEL[d.severity],
                "message": {"text": message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": quote(PurePath(d.path).as_posix()),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": {"startLine": d.line, "startColumn": d.column},
                        }
                    }
                ],
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jmap",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    json.dump(log, out, indent=2, ensure_ascii=False)
    out.write("\n")
