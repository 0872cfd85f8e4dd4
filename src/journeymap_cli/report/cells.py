"""Spreadsheet cells safe to open: formula-looking text defused on the way out, restored on
the way in, so that a round trip through a sheet is lossless."""

from __future__ import annotations

# What Excel, LibreOffice and Google Sheets start a formula (or DDE call) with: OWASP's
# "CSV injection" list. A cell starting with one of these runs when the sheet is opened.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(text: str) -> bool:
    # Any leading quotes count too: "'=x" itself gets one more quote, so that restoring
    # (which strips exactly one) gives back "'=x" and no text is ever changed by a round trip.
    return text.lstrip("'").startswith(TRIGGERS)


def defuse(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet would read it as a formula (OWASP)."""
    return "'" + text if _looks_like_formula(text) else text


def restore(text: str) -> str:
    """The text `defuse` was given: one leading `'` removed before a formula-looking start."""
    if text.startswith("'") and _looks_like_formula(text[1:]):
        return text[1:]
    return text
