"""`jmap lint --fix` as edits of the text: each fix changes only the characters of what it
fixes, found by their positions in the C event stream.

Nothing else of the file moves (indentation, quoting, comments, blank lines), the cost is
one pass of the fast reader, and the result is checked: the fast reader must read the
patched text as the data with the fixes applied. A fix this cannot make as an edit (a
block scalar to strip, the last item of a block list to drop) returns None, and the
round-trip writer makes it instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.events import (
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
)

from journeymap_cli.fmt.canon import double_quoted, single_quoted
from journeymap_cli.fmt.edits import Fix
from journeymap_cli.report.diagnostics import Loc

_DASH_ONLY = re.compile(r"[ \t]*-[ \t]*")
_REST_OF_LINE = re.compile(r"[ \t]*(?:#.*)?")


class _Span:
    """Where a scalar is written, and how."""

    __slots__ = ("end", "flow", "start", "style", "value")

    def __init__(self, event: ScalarEvent, flow: bool) -> None:
        self.start, self.end = event.start_mark.index, event.end_mark.index
        self.style: str | None = event.style or None
        self.value: str = event.value
        self.flow = flow
        if event.start_mark.line != event.end_mark.line:
            self.style = "multiline"  # never edited: its lines would need re-folding


class _Frame:
    __slots__ = ("count", "flow", "is_map", "key", "loc")

    def __init__(self, loc: Loc, is_map: bool, flow: bool) -> None:
        self.loc, self.is_map, self.flow = loc, is_map, flow
        self.key: str | None = None
        self.count = 0


def _spans(text: str, wanted: set[Loc], lists: set[Loc]) -> tuple[dict[Loc, _Span], dict[Loc, int]]:
    """The spans of the scalars at `wanted` and of every item of the lists at `lists`, and
    the length of those lists (an item that is not a scalar has no span)."""
    spans: dict[Loc, _Span] = {}
    lengths: dict[Loc, int] = {}
    stack: list[_Frame] = []
    for event in YAML(typ="safe", pure=False).parse(text):
        is_scalar = event.__class__ is ScalarEvent
        if isinstance(event, CollectionEndEvent):
            frame = stack.pop()
            if frame.loc in lists:
                lengths[frame.loc] = frame.count
            continue
        if not is_scalar and not isinstance(event, CollectionStartEvent):
            continue
        loc: Loc = ()
        flow = False
        if stack:
            frame = stack[-1]
            flow = frame.flow
            if frame.is_map:
                if frame.key is None:
                    frame.key = event.value if is_scalar else ""
                    continue
                loc = (*frame.loc, frame.key)
                frame.key = None
            else:
                loc = (*frame.loc, frame.count)
                frame.count += 1
        if is_scalar:
            if loc in wanted or loc[:-1] in lists:
                spans[loc] = _Span(event, flow)
        else:
            is_map = isinstance(event, MappingStartEvent)
            stack.append(_Frame(loc, is_map, bool(event.flow_style)))
    return spans, lengths


def _written(value: str, style: str | None) -> str:
    if style == "'":
        return single_quoted(value)
    if style == '"':
        return double_quoted(value)
    return value


class _Cannot(Exception):
    """A fix this cannot make as an edit."""


def _drop(text: str, loc: Loc, spans: dict[Loc, _Span], lengths: dict[Loc, int]) -> tuple[int, int]:
    """The characters to remove to drop the list item at `loc`."""
    span = spans[loc]
    *parent, index = loc
    after = spans.get((*parent, int(index) + 1))
    before = spans.get((*parent, int(index) - 1))
    length = lengths.get(tuple(parent), 0)
    if span.flow:
        if int(index) + 1 < length:
            if after is None:
                raise _Cannot
            return span.start, after.start  # `x, ` up to the next item
        if int(index) > 0:
            if before is None:
                raise _Cannot
            return before.end, span.end  # `, x` after the one before
        return span.start, span.end  # the only item: `[]` stays
    if length < 2:
        raise _Cannot  # a block list left with no item would read as null, not []
    line_start = text.rfind("\n", 0, span.start) + 1
    break_at = text.find("\n", span.end)
    line_end = len(text) if break_at < 0 else break_at
    if not _DASH_ONLY.fullmatch(text, line_start, span.start):
        raise _Cannot
    if not _REST_OF_LINE.fullmatch(text, span.end, line_end):
        raise _Cannot
    return line_start, line_end + (break_at >= 0)  # the line with its line break


def patch(text: str, fixes: Sequence[Fix], expected: Any) -> str | None:
    """`text` with `fixes` made as edits, or None where one cannot be; `expected` is the
    data with the fixes applied, which the patched text must read as."""
    from journeymap_cli.fmt.rewrite import equal
    from journeymap_cli.io.yamlstream import YamlProblem, parse

    wanted: set[Loc] = set()
    lists: set[Loc] = set()
    for fix in fixes:
        if fix.action == "strip":
            wanted.add(fix.loc)
        elif fix.action in ("drop", "join"):
            lists.add(fix.loc[:-1])
        else:
            return None
    spans, lengths = _spans(text, wanted, lists)
    edits: list[tuple[int, int, str]] = []
    try:
        for fix in fixes:
            if fix.action == "strip":
                span = spans.get(fix.loc)
                if span is None or span.style not in (None, "'", '"'):
                    raise _Cannot
                edits.append((span.start, span.end, _written(span.value.strip(), span.style)))
            elif fix.action == "drop":
                if fix.loc not in spans:
                    raise _Cannot
                start, end = _drop(text, fix.loc, spans, lengths)
                edits.append((start, end, ""))
            else:
                *parent, first = fix.loc
                items = [spans.get((*parent, int(first) + k)) for k in range(fix.span + 1)]
                if any(
                    item is None or not item.flow or item.style == "multiline" for item in items
                ):
                    raise _Cannot
                joined = ", ".join(item.value for item in items)  # type: ignore[union-attr]
                style = "'" if items[0].style == "'" else '"'  # type: ignore[union-attr]
                edits.append((items[0].start, items[-1].end, _written(joined, style)))  # type: ignore[union-attr]
    except _Cannot:
        return None
    edits.sort()
    out: list[str] = []
    at = 0
    for start, end, new in edits:
        if start < at:
            return None  # two fixes on the same characters
        out += [text[at:start], new]
        at = end
    out.append(text[at:])
    patched = "".join(out)
    try:
        if not equal(parse(patched).data, expected):
            return None
    except YamlProblem:
        return None
    return patched
