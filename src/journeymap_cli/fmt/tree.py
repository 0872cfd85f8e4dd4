"""A map file as a tree of entries with their comments, built from the C event stream.

`jmap fmt`'s writer (layout.py) lays this tree out again: building it costs about what
reading the file costs, where ruamel's round-trip reader costs 30 times that. The events
carry no comments, but they carry positions: what lies between two events is only
indicators, white space and comments, so a '#' there always starts a comment. A comment on
the line where an entry ends is that entry's trailing comment; full-line comments and
blank lines belong to the entry that follows them (they travel with it when keys are put
in order). What this model cannot hold (a comment inside `[...]`, a tag, a nested block
list...) raises Unsupported, and the round-trip writer takes the file.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.events import (
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
)

from journeymap_cli.io.yamlstream import resolve_scalar

BLANK = (-1, "")  # a blank line among an entry's leading comments
# YAML 1.1 timestamps: ruamel's round-trip reader makes dates of them, never inline text
_TIMESTAMP = re.compile(
    r"\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?"
    r"(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?"
)
_HEADER = re.compile(r"([|>])(-?)([ \t]+#.*)?")


class Unsupported(Exception):
    """Something the fast writer does not lay out; the round-trip writer does."""


class LostComment(Unsupported):
    """A comment inside `[...]` or `{...}` where the fast writer cannot place it: the
    round-trip writer would drop it, so the file is left as it is."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}: a comment inside [...] or {{...}} would be lost")
        self.line = line


class Scalar:
    """A scalar as written (`text`, when on one line) and as read (`value`)."""

    __slots__ = ("multiline", "style", "text", "value")

    def __init__(self, text: str, value: Any, style: str | None, multiline: bool) -> None:
        self.text, self.value, self.style, self.multiline = text, value, style, multiline


class Block:
    """A `|` or `>` scalar: its header and its lines without their indentation."""

    __slots__ = ("header", "lines")

    def __init__(self, header: str, lines: list[str]) -> None:
        self.header, self.lines = header, lines


class Coll:
    """A mapping or a list; `commented` when comments or blank lines sit among its items
    (such a block list stays a block, as the round-trip writer decides)."""

    __slots__ = ("broken", "commented", "entries", "flow", "inline", "is_map", "owner", "pending")

    def __init__(self, is_map: bool, flow: bool, owner: Entry | None) -> None:
        self.is_map, self.flow, self.owner = is_map, flow, owner
        self.broken = False  # written [...] with comments inside: it becomes a block
        self.entries: list[Entry] = []
        self.commented = False
        self.inline = False  # the layout's decision: written as [...] or {...}
        self.pending: Entry | None = None  # a mapping's entry whose value comes next


class Entry:
    """A key and its value, or a list item; `col` is where its key or dash was written."""

    __slots__ = ("col", "eol", "key", "lead", "node")

    def __init__(self, key: Scalar | None, col: int) -> None:
        self.key, self.col = key, col
        self.node: Scalar | Block | Coll | None = None
        self.lead: list[tuple[int, str]] | None = None
        self.eol: tuple[int, str] | None = None


class Tree:
    __slots__ = ("root", "tail")

    def __init__(self, root: Coll, tail: list[tuple[int, str]]) -> None:
        self.root, self.tail = root, tail


class Date(str):
    """A plain YAML 1.1 timestamp: text to the fast reader, a date to ruamel's writer."""

    __slots__ = ()


def _scalar(event: ScalarEvent, text: str, key: bool) -> Scalar:
    start, end = event.start_mark, event.end_mark
    style = event.style or None  # the C reader writes "" for plain
    # a key's text is what the layout looks up; a value's type decides its style
    value = event.value if key else resolve_scalar(event)
    if style is None and not key and type(value) is str and _TIMESTAMP.fullmatch(value):
        value = Date(value)
    multiline = start.line != end.line
    return Scalar("" if multiline else text[start.index : end.index], value, style, multiline)


def _block(event: ScalarEvent, text: str) -> tuple[Block, int, tuple[int, str] | None]:
    """The block scalar, where its last line ends, and the comment on its header line."""
    start = event.start_mark
    header_end = text.find("\n", start.index)
    if header_end < 0:
        raise Unsupported("a block scalar without lines")
    header = _HEADER.fullmatch(text[start.index : header_end].rstrip())
    if header is None:  # an indentation digit or keep chomping (`|2`, `|+`)
        raise Unsupported("a block scalar header")
    comment = None
    if header[3]:
        note = header[3].lstrip(" \t")
        comment = (start.column + header.start(3) + len(header[3]) - len(note), note)
    lines = text[header_end + 1 : event.end_mark.index].split("\n")
    while lines and not lines[-1].strip(" "):
        lines.pop()  # clip and strip: trailing blank lines are not content
    if not lines:
        raise Unsupported("an empty block scalar")
    first = next(line for line in lines if line.strip(" "))
    indent = len(first) - len(first.lstrip(" "))
    body: list[str] = []
    for line in lines:
        if line.strip(" "):
            if line[:indent].strip(" "):
                raise Unsupported("a block scalar line")
            body.append(line[indent:])
        elif len(line) > indent:
            raise Unsupported("white space as block scalar content")
        else:
            body.append("")
    end = header_end + 1 + sum(len(line) + 1 for line in lines) - 1
    return Block(header[1] + header[2], body), end, comment


class _Builder:
    """One pass over the events; `gap` reads what lies between two of them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[Coll] = []
        self.root: Coll | None = None
        self.last_end = 0  # where the previous event with content ended
        self.last_col = 0  # its column there
        self.after_key = False  # that event was a key
        self.eol_target: Entry | None = None  # the entry a comment on that line belongs to
        self.last_coll: Coll | None = None  # the collection holding that event
        self.fresh: list[Entry] = []  # entries begun since then (outermost first)
        self.fresh_colls: list[Coll] = []
        self.flow = 0  # depth inside [...] and {...}
        self.closed = False  # a block collection ended since that event
        self.outer: Coll | None = None  # the outermost [...] or {...} we are in

    def run(self) -> Tree:
        for event in YAML(typ="safe", pure=False).parse(self.text):
            cls = event.__class__
            if cls is ScalarEvent:
                self.scalar(event)
            elif isinstance(event, CollectionStartEvent):
                self.start(event)
            elif isinstance(event, CollectionEndEvent):
                self.end(event)
        if self.root is None or not self.root.is_map:
            raise Unsupported("the top level is not a mapping")
        tail = self.gap(len(self.text), end=True)
        return Tree(self.root, tail)

    def _entry(self, event: Any) -> Entry | None:
        """The entry `event` begins in the innermost collection, if it begins one."""
        if not self.stack:
            return None
        parent = self.stack[-1]
        if parent.is_map:
            if parent.pending is None:
                return None  # a key: the caller makes its entry
            entry = parent.pending
            parent.pending = None
            return entry
        col = event.start_mark.column
        if not parent.flow:  # the column of the item's dash
            text = self.text
            dash = text.rfind("-", self.last_end, event.start_mark.index)
            if dash < 0:
                raise Unsupported("a list item without its dash")
            col = dash - (text.rfind("\n", 0, dash) + 1)
        entry = Entry(None, col)
        parent.entries.append(entry)
        if self.flow < 2:  # in a block, or in the outermost [...]: comments can go here
            self.fresh.append(entry)
        return entry

    def scalar(self, event: ScalarEvent) -> None:
        if event.anchor is not None or event.tag is not None:
            raise Unsupported("an anchor or a tag")
        text = self.text
        parent = self.stack[-1] if self.stack else None
        if parent is None:
            raise Unsupported("a scalar document")
        key = parent.is_map and parent.pending is None
        end_mark = event.end_mark
        comment = None
        node: Scalar | Block
        if event.style in ("|", ">"):
            if key:
                raise Unsupported("a block scalar key")
            node, end, comment = _block(event, text)
            end_col = end - (text.rfind("\n", 0, end) + 1)
        else:
            node = _scalar(event, text, key)
            end, end_col = end_mark.index, end_mark.column
        if key:
            assert isinstance(node, Scalar)
            if node.multiline:
                raise Unsupported("a key over several lines")
            entry = Entry(node, event.start_mark.column)
            parent.entries.append(entry)
            parent.pending = entry
            if self.flow < 2:
                self.fresh.append(entry)
        else:
            found = self._entry(event)
            assert found is not None
            entry = found
            entry.node = node
        self.gap(event.start_mark.index)
        self._after(end, end_col, entry if self.flow < 2 else None, parent, key=key)
        if comment is not None:
            entry.eol = comment
            parent.commented = True

    def start(self, event: CollectionStartEvent) -> None:
        if event.anchor is not None or event.tag is not None:
            raise Unsupported("an anchor or a tag")
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.is_map and parent.pending is None:
            raise Unsupported("a mapping or list as a key")
        entry = self._entry(event)
        coll = Coll(isinstance(event, MappingStartEvent), bool(event.flow_style), entry)
        if entry is not None:
            entry.node = coll
        elif self.root is None:
            self.root = coll
        else:
            raise Unsupported("more than one document")
        if coll.flow:
            self.gap(event.start_mark.index)
            self.flow += 1
            if self.flow == 1:
                self.outer = coll
            mark = event.end_mark  # `tags: [  # why`: a comment for the key's line
            self._after(mark.index, mark.column, entry if self.flow == 1 else None, coll)
        else:
            self.fresh_colls.append(coll)
        self.stack.append(coll)

    def end(self, event: CollectionEndEvent) -> None:
        coll = self.stack.pop()
        if not coll.flow:
            self.closed = True
            return
        self.fresh.clear()  # nothing after `]` in the brackets takes a comment
        self.gap(event.start_mark.index)
        self.flow -= 1
        mark = event.end_mark
        owner = coll.owner if self.flow == 0 else None
        self._after(mark.index, mark.column, owner, self.stack[-1] if self.stack else None)

    def _after(
        self, end: int, col: int, eol: Entry | None, coll: Coll | None, *, key: bool = False
    ) -> None:
        """An event with content ended at `end` (column `col`) in `coll`; a comment on the
        rest of its line goes to `eol`."""
        self.last_end, self.last_col = end, col
        self.after_key = key
        self.eol_target = eol
        self.last_coll = coll

    def gap(self, stop: int, *, end: bool = False) -> list[tuple[int, str]]:
        """Comments and blank lines between the last event and `stop`, attached where they
        belong; at the end of the file, those that follow the last entry."""
        text, start = self.text, self.last_end
        fresh, fresh_colls = self.fresh, self.fresh_colls
        lines = text.count("\n", start, stop)
        if not end and start and (lines == 0 or (lines == 1 and text.find("#", start, stop) < 0)):
            fresh.clear()
            fresh_colls.clear()
            self.closed = False
            return []
        first, *rest = text[start:stop].split("\n")
        if start == 0:  # the top of the file: its first line is a whole line
            first, rest = "", [first, *rest]
        # the line the next event starts on holds only indicators; at the end of the
        # file, the empty text after its last line break is no blank line
        middle = rest[:-1] if not end or (rest and not rest[-1].strip(" \t")) else rest
        found = False
        flow = self.flow
        if "#" in first:
            at = first.index("#")
            if self.eol_target is None or first[:at].strip(" \t") not in ("", ":", ","):
                raise LostComment(text.count("\n", 0, start) + 1)
            self.eol_target.eol = (self.last_col + at, first[at:])
            found = True
        trivia: list[tuple[int, str]] = []
        for line in middle:
            body = line.strip(" \t")
            if not body:
                trivia.append(BLANK)
            elif body[0] == "#":
                trivia.append((len(line) - len(line.lstrip(" \t")), line.lstrip(" \t")))
            elif "#" in line:
                raise Unsupported("a comment after an indicator")
        if flow:  # blank lines inside [...] mean nothing
            trivia = [item for item in trivia if item is not BLANK]
        if trivia and not end:
            if not fresh:
                if flow:
                    raise LostComment(text.count("\n", 0, start) + 2)
                raise Unsupported("a comment between a key and its value")
            fresh[0].lead = trivia
        if flow and (found or trivia) and self.outer is not None:
            self.outer.broken = True
        # Comments among a block list's items keep it a block (as the round-trip writer
        # decides); those after its last item belong to what follows, and do not.
        if self.after_key and fresh_colls and (found or trivia):
            fresh_colls[0].commented = True
        elif self.last_coll is not None and (found or (trivia and not self.closed)):
            self.last_coll.commented = True
        self.closed = False
        fresh.clear()
        fresh_colls.clear()
        return trivia


def build(text: str) -> Tree:
    """The tree of `text`, which the safe reader has accepted; Unsupported where the fast
    writer cannot keep everything the file holds."""
    if "\r" in text or text.startswith("\ufeff"):
        raise Unsupported("carriage returns or a byte order mark")
    return _Builder(text).run()
