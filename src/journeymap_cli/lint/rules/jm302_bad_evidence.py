"""JM302 bad-evidence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\s)")
_HTTP = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$", re.IGNORECASE)
_BARE_URL = re.compile(r"^(www\.|[a-z0-9-]+\.(com|org|net|io|co|example)(/|$))", re.IGNORECASE)


def problem(entry: str) -> str | None:
    """Why an evidence entry is neither an http(s) link nor a plain reference, or None."""
    text = entry.strip()
    if not text:
        return "is empty"
    if text.lower().startswith(("http://", "https://")):
        return None if _HTTP.match(text) else "is not a well-formed http(s) link"
    if _BARE_URL.match(text):
        return "looks like a link without http(s)://"
    if _SCHEME.match(text):
        scheme = text.split(":", 1)[0]
        return f"is a {scheme}: link; only http(s) links are allowed"
    return None


@register
class BadEvidence(Rule):
    """Evidence that is neither an http(s) link nor a plain reference.

    **What it does**: flags an `evidence` entry that is empty, a malformed http(s) link,
    a link without its scheme (`www.example.com/report`), or a link with another scheme
    (`javascript:`, `file:`, `ftp:`, `data:`).

    **Why it matters**: evidence is how a rating earns trust. Readers must be able to open
    a link (rendered pages link http(s) only, for safety) or find the plain reference
    ("Survey Q3 2026, n=412").

    **Example**:
    ```yaml
    evidence: ["www.example.com/survey", "file:///C:/Users/me/notes.docx"]
    ```

    **Use instead**:
    ```yaml
    evidence: ["https://www.example.com/survey", "Interview notes, shared drive, Oct 2026"]
    ```
    """

    CODE = "JM302"
    NAME = "bad-evidence"
    SUMMARY = "Evidence is neither an http(s) link nor a plain reference"
    SEVERITY = Severity.WARNING

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        for loc, _, point in ctx.touchpoints():
            for i, entry in enumerate(point.evidence):
                why = problem(entry)
                if why:
                    yield Finding((*loc, "evidence", i), f"evidence {entry!r} {why}")
