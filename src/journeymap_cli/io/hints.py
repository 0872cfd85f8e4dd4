"""Plain-words messages and hints for the YAML syntax errors whose cause is known.

libyaml names what it found ("did not find expected ',' or ']'"), not what the writer
did. The usual causes when writing prose in a map: a `?`, `:` or `#` inside an unquoted
item of a `[...]` list, a colon followed by a space inside plain text, a tab in the
indentation, a quote never closed. Each is recognised from the error and the text
around it, and pointed at where the writer can fix it.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap_cli.report.diagnostics import Pos

FLOW_HINT = "quote the item, or write the list one item per line"
COLON_HINT = "a colon followed by a space starts a mapping: quote the text"
TAB_HINT = "indent with spaces: YAML does not allow tabs in indentation"
QUOTE_HINT = (
    "close the quote; inside \"...\" write a quote as \\\", inside '...' write it twice ('')"
)


@dataclass(frozen=True)
class Explained:
    """A better message, position and hint for one syntax error."""

    message: str
    pos: Pos
    hint: str


def _index(text: str, pos: Pos) -> int:
    """The character offset of a 1-based (line, column) in `text`."""
    line, column = pos
    offset = 0
    for _ in range(line - 1):
        found = text.find("\n", offset)
        if found < 0:
            return len(text)
        offset = found + 1
    return min(offset + column - 1, len(text))


def _position(text: str, index: int) -> Pos:
    line = text.count("\n", 0, index) + 1
    return (line, index - (text.rfind("\n", 0, index) + 1) + 1)


def _flow_culprit(text: str, start: int, end: int) -> tuple[int, str] | None:
    """The first `?`, `:` or `#` inside an unquoted item of the `[...]` list opening at
    `start`, looking no further than `end`: (offset, character). Quoted items and
    `{...}` mappings inside the list are stepped over."""
    i, item_start = start + 1, True
    while i < min(end, len(text)):
        char = text[i]
        if item_start and char in " \t\n":
            i += 1
            continue
        if item_start and char in "\"'":
            close = i + 1
            while close < len(text):  # the end of the quoted item
                if text[close] == "\\" and char == '"':
                    close += 2
                    continue
                if text[close] == char:
                    if char == "'" and text[close + 1 : close + 2] == "'":
                        close += 2
                        continue
                    break
                close += 1
            i, item_start = close + 1, False
            continue
        item_start = False
        if char == "{":  # a mapping inside the list: its colons are its own
            depth = 0
            while i < len(text):
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                if depth == 0:
                    break
                i += 1
        elif char in ",[":
            item_start = True
        elif char in "]}":
            return None
        elif char in "?:" or (char == "#" and text[i - 1] in " \t"):
            return i, char
        i += 1
    return None


def explain(
    text: str, problem: str, context: str | None, pos: Pos, context_pos: Pos | None
) -> Explained | None:
    """A plain-words account of a libyaml error, or None when its cause is not known."""
    if problem == "found unexpected end of stream" and context and "quoted scalar" in context:
        where = context_pos or pos
        return Explained("unclosed quote: the text quoted here is never closed", where, QUOTE_HINT)
    index = _index(text, pos)
    if "tab" in problem or (
        problem == "found character that cannot start any token" and text[index : index + 1] == "\t"
    ):
        return Explained("a tab character in the indentation", pos, TAB_HINT)
    in_flow = context is not None and "flow" in context
    if in_flow or problem == "found unexpected ':'":
        opening = _index(text, context_pos) if context_pos and in_flow else -1
        if text[opening : opening + 1] not in ("[", "{"):
            # the error's context is the scalar, not the list: find the list's `[`
            opening = max(text.rfind("[", 0, index), text.rfind("{", 0, index))
        if opening >= 0 and text[opening] == "[":  # in a {...} mapping colons belong
            line_end = text.find("\n", index)
            culprit = _flow_culprit(text, opening, len(text) if line_end < 0 else line_end)
            if culprit is not None:
                at, char = culprit
                return Explained(
                    f"a {char!r} inside an unquoted item of a [...] list",
                    _position(text, at),
                    FLOW_HINT,
                )
    if problem.startswith("mapping values are not allowed"):
        return Explained("a colon followed by a space inside plain text", pos, COLON_HINT)
    return None
