"""The one Markdown escaper: a map's text in any Markdown jmap writes can never become markup."""

from __future__ import annotations

import re
from typing import Any

# Backslash first (or the backslashes added below would be doubled), then every character
# that opens inline markup in GitHub Flavored Markdown: links and images `[ ]`, code
# spans, emphasis and strikethrough, table cells.
_BACKSLASHED = ("\\", "|", "[", "]", "`", "*", "_", "~")
# GFM's extended autolinks turn `https://x`, `www.x` and `a@b.c` into live links even
# without angle brackets. A backslash before `:` or `.` stops the first two (measured with
# cmark-gfm 0.29.0.gfm.6); an e-mail address is linked after the text is joined again, so
# it takes an invisible WORD JOINER after `@` (which also keeps GitHub from @-mentioning).
_URL_SCHEME = re.compile(r":(?=/)")
_WWW = re.compile(r"(?i)\b(www)\.")
_AT = "@"
WORD_JOINER = "\u2060"
# At the start of the text (the only line start: newlines become <br>): headings, block
# quotes (already &gt;), list items, setext underlines, ordered lists.
_LINE_START = re.compile(r"^(\s*)([#+=-])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def escape(text: Any) -> str:
    """Text for a Markdown line or table cell: nothing in it can become markup, HTML or a link.

    Order matters (FINDINGS.md): backslashes and the markup characters first, then the
    HTML characters (so `&` in an entity reads as text), and newlines become <br> last so
    the <br> itself is not escaped.
    """
    out = str(text)
    for char in _BACKSLASHED:
        out = out.replace(char, "\\" + char)
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = _URL_SCHEME.sub(r"\\:", out)
    out = _WWW.sub(r"\1\\.", out)
    out = out.replace(_AT, _AT + WORD_JOINER)
    out = _LINE_START.sub(r"\1\\\2", out)
    out = _ORDERED.sub(r"\1\\\2", out)
    return _NEWLINES.sub("<br>", out)
