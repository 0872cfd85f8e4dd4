"""The whole-map checks (scale, ids, vocabularies) and, for a map that failed the schema,
its persona file and references, as diagnostics at their line and column."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from journeymap_cli.format.integrity import check as integrity_check
from journeymap_cli.format.model import JourneyMap
from journeymap_cli.io.yamlstream import Document
from journeymap_cli.report.diagnostics import Diagnostic

if TYPE_CHECKING:
    from journeymap_cli.io.loader import Loader


def integrity_diagnostics(label: str, doc: Document, jmap: JourneyMap) -> list[Diagnostic]:
    """The whole-map checks (scale, ids, vocabularies, addresses, metrics) as diagnostics."""
    out = []
    for problem in integrity_check(jmap):
        line, col = doc.locate(problem.loc, key=problem.key)
        out.append(Diagnostic(label, line, col, problem.code, problem.message, hint=problem.hint))
    return out


def parts_diagnostics(
    loader: Loader, path: Path, label: str, doc: Document, reported: list[Diagnostic]
) -> list[Diagnostic]:
    """For a map that failed the schema (`reported`): the whole-map checks, its persona file
    and its references, run on its well-formed parts, so that one run reports all it can.
    A node the schema already reported is not reported twice."""
    from journeymap_cli.format.partial import well_formed  # only for a map that failed

    jmap = well_formed(doc.data)
    if jmap is None:
        return []
    found = integrity_diagnostics(label, doc, jmap)
    if isinstance(jmap.persona, str):
        found += loader.persona_reference(path, jmap.persona, doc)[2]
    found += loader.references.check_map(path, label, jmap, doc)
    taken = {(d.path, d.line, d.column) for d in reported}
    return [d for d in found if (d.path, d.line, d.column) not in taken]
