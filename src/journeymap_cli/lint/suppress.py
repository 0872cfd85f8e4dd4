"""`# jmap: disable=...` comments: which diagnostics they silence, and which silence nothing.

- At the end of a line with content: silences those codes on that line's node.
- On a line of its own: silences the next node (the next line with content).
- `# jmap: disable-file=...` anywhere: silences the codes in the whole file.
Codes may be written as codes (JM101) or names (stage-without-touchpoints), comma-separated,
and followed by a reason: `# jmap: disable=JM201 -- the gap is the finding of this map`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from journeymap_cli.report.diagnostics import UNUSED_SUPPRESSION, Diagnostic, Severity

# codes, then optionally a reason: `# jmap: disable=JM201,JM102 -- why it is fine here`
_DIRECTIVE = re.compile(
    r"(?:^|\s)#\s*jmap:\s*(disable|disable-file)\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)"
)


@dataclass
class Directive:
    line: int  # where the comment is
    column: int
    target: int | None  # the line it silences; None for the whole file
    codes: list[str]
    used: set[str] = field(default_factory=set)


def directives(text: str) -> list[Directive]:
    if "jmap:" not in text:  # most maps: no line to scan (every directive holds "jmap:")
        return []
    found: list[Directive] = []
    pending: list[Directive] = []  # own-line directives waiting for the next node
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        match = _DIRECTIVE.search(line)
        own_line = stripped.startswith("#")
        if match:
            codes = [c.strip() for c in match[2].split(",") if c.strip()]
            column = match.start(0) + (0 if line[match.start(0)] == "#" else 1) + 1
            if match[1] == "disable-file":
                found.append(Directive(number, column, None, codes))
            elif own_line:
                pending.append(Directive(number, column, None, codes))
            else:
                found.append(Directive(number, column, number, codes))
        if stripped and not own_line:
            for directive in pending:
                directive.target = number
                found.append(directive)
            pending = []
    return found


def apply(
    diagnostics: list[Diagnostic],
    text: str,
    names: dict[str, str],
    path: str,
    ran: set[str] | None = None,
) -> list[Diagnostic]:
    """The diagnostics not silenced, plus one JM050 per suppression that silenced nothing.

    `names` maps rule names to codes, so either may be written in a directive. `ran`: the
    codes of the rules that ran on this file (default: all); a suppression of a rule that
    did not run (not selected, or not checked in this file) is not called unused.
    """
    found = directives(text)
    if not found:
        return diagnostics
    # Each diagnostic looks up only the directives of its own line and of the whole file,
    # by code: linear in findings + directives (matching every pair took 4 min 43 s on
    # 16,000 suppressed stages).
    by_line: dict[tuple[int | None, str], list[Directive]] = {}
    for directive in found:
        for code in {names.get(c, c.upper()) for c in directive.codes}:
            by_line.setdefault((directive.target, code), []).append(directive)
    kept = []
    for d in diagnostics:
        silencing = by_line.get((d.line, d.code), []) + by_line.get((None, d.code), [])
        for directive in silencing:
            directive.used.add(d.code)
        if not silencing:
            kept.append(d)
    known = set(names.values())
    for directive in found:
        for written in directive.codes:
            code = names.get(written, written.upper())
            if code not in known:
                message = f"suppression names an unknown rule {written!r}"
            elif code not in directive.used and (ran is None or code in ran):
                message = f"unused suppression of {code} ({written}): nothing to silence here"
            else:
                continue
            kept.append(
                Diagnostic(
                    path,
                    directive.line,
                    directive.column,
                    UNUSED_SUPPRESSION,
                    message,
                    Severity.WARNING,
                    hint="remove it, so suppressions do not outlive the problems they hid",
                )
            )
    return kept
