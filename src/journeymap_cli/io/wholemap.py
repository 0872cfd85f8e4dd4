"""The whole-map checks (scale, ids, vocabularies) as diagnostics at their line and column."""

from __future__ import annotations

from journeymap_cli.format.integrity import check as integrity_check
from journeymap_cli.format.model import JourneyMap
from journeymap_cli.io.yamlstream import Document
from journeymap_cli.report.diagnostics import Diagnostic


def integrity_diagnostics(
    label: str, doc: Document, jmap: JourneyMap | None, reported: list[Diagnostic]
) -> list[Diagnostic]:
    """The whole-map checks (scale, ids, vocabularies) as diagnostics. For a map that failed
    the schema they run on its well-formed parts, so that one run reports all it can; a
    node the schema already reported is not reported twice."""
    if jmap is None:  # the map failed the schema: its well-formed parts
        from journeymap_cli.format.partial import well_formed

        jmap = well_formed(doc.data)
    if jmap is None:
        return []
    taken = {(d.line, d.column) for d in reported}
    out = []
    for problem in integrity_check(jmap):
        line, col = doc.locate(problem.loc, key=problem.key)
        if (line, col) not in taken:
            out.append(
                Diagnostic(label, line, col, problem.code, problem.message, hint=problem.hint)
            )
    return out
