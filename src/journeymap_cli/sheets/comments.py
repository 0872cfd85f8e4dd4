"""Comment lines that sit after a node's last value, taken off and put back elsewhere, so that
a merge which removes, moves or reorders touchpoints (or drops a key) keeps every comment
that was not inside what it removed: a stage's heading comment, the file's last lines."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

# ruamel keeps the full-line comments that follow a value in the token of the deepest last
# entry: after "key: value" (position 2 of a mapping entry) or "- item" (position 0 of a
# sequence entry); the token's text starts with the end of that line ("  # eol\n" or "\n"),
# except after a block scalar (| or >), whose text ends its own line.


def _slot(node: Any) -> tuple[Any, Any, int, Any] | None:
    """(container, key, position, value) of the entry whose token holds `node`'s tail."""
    while True:
        if isinstance(node, CommentedMap) and len(node):
            key, position = list(node)[-1], 2
        elif isinstance(node, CommentedSeq) and len(node):
            key, position = len(node) - 1, 0
        else:
            return None
        value = node[key]
        if (
            isinstance(value, CommentedMap | CommentedSeq)
            and len(value)
            and not (value.fa.flow_style())
        ):
            node = value
            continue
        return node, key, position, value


def _split(token: CommentToken, value: Any) -> tuple[str, str]:
    """The token's text as (the end of the value's line, the full lines after it)."""
    text = str(token.value)
    if isinstance(value, LiteralScalarString | FoldedScalarString):
        return "", text
    end = text.find("\n")
    return (text, "") if end < 0 else (text[: end + 1], text[end + 1 :])


def _outside(tail: str, column: int) -> int:
    """Where the lines that are not inside a node whose keys start at `column` begin: at the
    first comment line left of that column (with the blank lines just before it)."""
    lines = tail.splitlines(keepends=True)
    start, offset = 0, 0
    for line in lines:
        text = line.lstrip(" ")
        if not text.strip():
            offset += len(line)
            continue
        if len(line) - len(text) < column:
            return start
        offset += len(line)
        start = offset
    return len(tail)


def take_tail(node: Any, *, inside: int | None = None) -> str:
    """Remove and return the full comment lines after `node`'s last value ("" if none).
    With `inside` (the column of the node's keys), lines indented that far stay: they are
    comments inside the node, not between it and the next."""
    slot = _slot(node)
    if slot is None:
        return ""
    container, key, position, value = slot
    entry = container.ca.items.get(key)
    token = entry[position] if entry and len(entry) > position else None
    if not isinstance(token, CommentToken):
        return ""
    line_end, tail = _split(token, value)
    if inside is not None:
        cut = _outside(tail, inside)
        line_end, tail = line_end + tail[:cut], tail[cut:]
    if not tail:
        return ""
    if line_end:
        token.value = line_end
    else:
        entry[position] = None
    return tail


def add_tail(node: Any, tail: str) -> None:
    """Put full comment lines (as `take_tail` gave them) after `node`'s last value."""
    if not tail:
        return
    slot = _slot(node)
    if slot is None:
        return
    container, key, position, value = slot
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= position:
        entry.append(None)
    token = entry[position]
    if isinstance(token, CommentToken):
        token.value = str(token.value) + tail
        return
    start = "" if isinstance(value, LiteralScalarString | FoldedScalarString) else "\n"
    entry[position] = CommentToken(start + tail, CommentMark(0), None)


def _entry(node: CommentedMap, key: Any) -> CommentedMap:
    """A mapping of the one entry `key`, sharing its value and its comment list with `node`."""
    holder = CommentedMap()
    holder[key] = node[key]
    holder.ca.items[key] = node.ca.items.setdefault(key, [None, None, None, None])
    return holder


def take_entry_tail(node: CommentedMap, key: Any) -> str:
    """The full comment lines after the entry `key` of `node`, taken off."""
    return take_tail(_entry(node, key))


def add_entry_tail(node: CommentedMap, key: Any, tail: str) -> None:
    """Put full comment lines after the entry `key` of `node`."""
    if tail:
        add_tail(_entry(node, key), tail)


def take_lead(node: CommentedMap, key: Any) -> str:
    """Remove and return the comment lines before the first item of the block sequence
    `node[key]` (ruamel holds them on the sequence and on the key, in one shared list)."""
    seq = node[key]
    comment = seq.ca.comment
    tokens = comment[1] if comment and len(comment) > 1 and comment[1] else []
    text = "".join(
        (" " * token.column if str(token.value).strip() else "") + str(token.value)
        for token in tokens
    )
    if tokens:  # an empty list left behind makes ruamel write "key:   -" (measured)
        seq.ca.comment = None
        entry = node.ca.items.get(key)
        if entry and len(entry) > 3:
            entry[3] = None
    return text


def add_lead(node: CommentedMap, key: Any, lines: str) -> None:
    """Put comment lines (as `take_lead` or `take_tail` gave them) before the first item of
    the sequence `node[key]`."""
    if not lines:
        return
    tokens = [
        CommentToken(line.lstrip(" "), CommentMark(len(line) - len(line.lstrip(" "))), None)
        for line in lines.splitlines(keepends=True)
    ]
    seq = node[key]
    comment = seq.ca.comment
    if comment and len(comment) > 1 and isinstance(comment[1], list):
        comment[1][len(comment[1]) :] = tokens
        return
    seq.ca.comment = [None, tokens]
    entry = node.ca.items.get(key)
    if entry and len(entry) > 3:
        entry[3] = tokens  # shared, as ruamel reads it
