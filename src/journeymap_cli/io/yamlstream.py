"""Text → plain data with positions, built iteratively from ruamel's C event stream.

Why not `YAML().load` or `.compose`: the round-trip loader is ~30x slower, and the C
composer recurses in C and segfaults on deeply nested input (../shared/FINDINGS.md). The
event stream is flat, so this builder never recurses, stops at the depth limit, and refuses
anchors, aliases and tags on the events themselves, before any work out of proportion to
the file is done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)

from journeymap_cli.report import diagnostics as codes
from journeymap_cli.report.diagnostics import Loc, Pos

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null")} | {"!"}
_COLLECTION_TAGS = {f"{_CORE}map", f"{_CORE}seq"}

# Control characters that only a double-quoted escape can put in a scalar (`"\e[2J"`,
# `"\0"`, `"\x9b"`, `"\r"`): printed by `jmap score` or `jmap diff` they would drive the
# terminal of whoever runs jmap on someone else's map. Tab and newline stay allowed.
# YAML also lets these through, written as they are or as escapes: NEL (U+0085) and the
# line and paragraph separators (U+2028/9) break a line where a reader sees none; the
# bidirectional embeddings, overrides (U+202A-E) and isolates (U+2066-9) display the text
# around them reversed, so a link or a name reads as something else ("Trojan Source").
CONTROL_CHARACTER = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_INVISIBLE = re.compile(r"[\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
# Python refuses to convert integers longer than this (sys.get_int_max_str_digits); far
# beyond any rating or metric, so such a number is refused rather than converted.
MAX_NUMBER_CHARS = 4300
# Integers beyond 64 bits are refused: every figure derived from them (a mean, a gap, a
# curve) must fit a float, and other tools (TOML, JSON Schema's int64) stop there too.
MAX_INT = 2**63 - 1


def _digits(written: str) -> str:
    """'0xfff...' (4,002 characters) as a short description of what was written."""
    return f"{written[:12]}... ({len(written):,} characters)" if len(written) > 24 else written


class YamlProblem(Exception):
    """A failure that stops building the document; becomes one Diagnostic."""

    def __init__(self, code: str, message: str, pos: Pos, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.pos, self.hint = code, message, pos, hint


@dataclass
class Document:
    """Plain data (dicts, lists, scalars) with the position of every node and key."""

    data: Any
    values: dict[Loc, Pos] = field(default_factory=dict)
    keys: dict[Loc, Pos] = field(default_factory=dict)
    # Duplicate keys do not stop the build (all of them are reported), but a document
    # holding one is not checked against the schema: which value wins is ambiguous.
    duplicates: list[YamlProblem] = field(default_factory=list)

    def locate(self, loc: Loc, *, key: bool = False) -> Pos:
        """Position of the node at `loc` (its key with key=True), else its nearest parent."""
        while True:
            if key and loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _pos(event: Any) -> Pos:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


# A plain scalar whose first character is none of these can only be a string.
_MAYBE_TYPED = frozenset("-+.0123456789~nNtTfF")


def control_character(text: str) -> str | None:
    """'control character U+001B' (or a bidi or separator one) for the first in `text`."""
    found = CONTROL_CHARACTER.search(text)
    if found is None:
        return None
    char = found.group()
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        kind = "bidirectional control character"
    elif char in "\u2028\u2029":
        kind = "line separator" if char == "\u2028" else "paragraph separator"
    else:
        kind = "control character"
    return f"{kind} U+{ord(char):04X}"


def resolve_scalar(event: ScalarEvent) -> Any:
    """The value of a scalar as YAML 1.2's core schema reads it."""
    value: str = event.value
    tag = event.tag
    # Only an escape in a double-quoted scalar gets here: parse() refused any written raw.
    if event.style == '"' and (control := control_character(value)):
        raise YamlProblem(
            codes.ENCODING,
            f"{control} (written as an escape) is not allowed in text",
            _pos(event),
            "maps hold plain text: remove the escape (\\t and \\n are fine)",
        )
    if tag is None and (event.style or (value and value[0] not in _MAYBE_TYPED)):
        return value  # the common case, decided without a regular expression
    if tag is not None and tag not in _SCALAR_TAGS:
        raise YamlProblem(
            codes.UNSAFE,
            f"tag '{_short_tag(tag)}' is not allowed",
            _pos(event),
            "maps are plain data: remove the tag",
        )
    if tag == f"{_CORE}str" or tag == "!" or (tag is None and event.style):
        return value  # quoted, block or explicitly a string
    kind = tag[len(_CORE) :] if tag else None
    if kind in (None, "null") and _NULL.fullmatch(value):
        return None
    if kind in (None, "bool"):
        if _TRUE.fullmatch(value):
            return True
        if _FALSE.fullmatch(value):
            return False
    if kind in (None, "int", "float") and len(value) > MAX_NUMBER_CHARS and _FLOAT.fullmatch(value):
        raise YamlProblem(
            codes.LIMIT, f"number too large to convert ({len(value)} digits)", _pos(event)
        )
    if kind in (None, "int"):
        number = None
        if _INT10.fullmatch(value):
            number = int(value)
        elif _INT8.fullmatch(value):
            number = int(value[2:], 8)
        elif _INT16.fullmatch(value):
            number = int(value[2:], 16)
        if number is not None:
            if not -MAX_INT - 1 <= number <= MAX_INT:
                raise YamlProblem(
                    codes.LIMIT,
                    f"number too large: {_digits(value)} (integers hold 64 bits, as in TOML)",
                    _pos(event),
                    f"at most {MAX_INT:,}; write a larger figure as text, or in units",
                )
            return number
    if kind in (None, "float"):
        if _FLOAT.fullmatch(value):
            return float(value)
        if _INF.fullmatch(value):
            return float("-inf") if value.startswith("-") else float("inf")
        if _NAN.fullmatch(value):
            return float("nan")
    if kind is None:
        return value
    raise YamlProblem(codes.SCHEMA, f"{value!r} is not a valid !!{kind}", _pos(event))


class _Frame:
    __slots__ = ("container", "is_map", "key", "key_pos", "loc", "seen")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.loc = loc
        self.key: str | None = None
        self.key_pos: Pos = (0, 0)
        self.seen: dict[str, Pos] = {}


def parse(text: str, *, max_depth: int = 64) -> Document:
    """Build the single document in `text`; raise YamlProblem on anything refused."""
    # Written as they are, these are found here at their exact place (YAML itself would
    # take NEL and the separators for line breaks and report a confusing syntax error).
    if raw := _INVISIBLE.search(text):
        raise YamlProblem(
            codes.ENCODING,
            f"{control_character(raw.group())} is not allowed in a map",
            position_of(text, raw.start()),
            "maps hold plain text: remove this invisible character",
        )
    doc = Document(data=None)
    values, keys = doc.values, doc.keys
    stack: list[_Frame] = []
    documents = 0
    try:
        # Hot loop (about 1,500 events for a typical map): dispatch on the exact class and
        # inline the common scalar path; the rarer events take the general route below.
        for event in YAML(typ="safe", pure=False).parse(text):
            cls = event.__class__
            if cls is ScalarEvent and event.anchor is None:
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                value = resolve_scalar(event)
                if not stack:
                    doc.data = value
                    values[()] = pos
                    continue
                frame = stack[-1]
                if frame.is_map:
                    if frame.key is None:
                        _take_key(doc, frame, value, event)
                        continue
                    loc = (*frame.loc, frame.key)
                    if frame.key not in frame.container:  # a duplicate keeps the first value
                        frame.container[frame.key] = value  # type: ignore[call-overload]
                    keys[loc] = frame.key_pos
                    frame.key = None
                else:
                    loc = (*frame.loc, len(frame.container))
                    frame.container.append(value)  # type: ignore[union-attr]
                values[loc] = pos
                continue
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
                continue
            if cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        codes.SYNTAX,
                        "more than one YAML document in the file",
                        _pos(event),
                        "a map file holds exactly one document: remove the '---' separator",
                    )
                continue
            if cls is AliasEvent:
                raise YamlProblem(
                    codes.UNSAFE,
                    f"alias '*{event.anchor}' is not allowed",
                    _pos(event),
                    "write the value out in full: anchors and aliases are refused",
                )
            if not isinstance(event, (ScalarEvent, CollectionStartEvent)):
                continue  # stream and document ends
            if event.anchor is not None:
                raise YamlProblem(
                    codes.UNSAFE,
                    f"anchor '&{event.anchor}' is not allowed",
                    _pos(event),
                    "write the value out in full: anchors and aliases are refused",
                )
            frame_or_none = stack[-1] if stack else None
            if frame_or_none is not None and frame_or_none.is_map and frame_or_none.key is None:
                raise YamlProblem(codes.SCHEMA, "mapping keys must be plain strings", _pos(event))
            if event.tag is not None and event.tag not in _COLLECTION_TAGS:
                raise YamlProblem(
                    codes.UNSAFE,
                    f"tag '{_short_tag(event.tag)}' is not allowed",
                    _pos(event),
                    "maps are plain data: remove the tag",
                )
            if len(stack) >= max_depth:
                raise YamlProblem(
                    codes.LIMIT,
                    f"nesting deeper than {max_depth} levels",
                    _pos(event),
                )
            container: dict[str, Any] | list[Any] = {} if cls is MappingStartEvent else []
            loc = _attach(doc, frame_or_none, container, _pos(event))
            stack.append(_Frame(container, loc))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        where = exc.context_mark
        from journeymap_cli.io.hints import explain  # only for a file that does not parse

        known = explain(
            text,
            problem,
            exc.context,
            pos,
            (where.line + 1, where.column + 1) if where is not None else None,
        )
        if known is not None:
            raise YamlProblem(
                codes.SYNTAX, f"YAML syntax error: {known.message}", known.pos, known.hint
            ) from None
        context = ""
        if exc.context and exc.problem:
            where = exc.context_mark
            started = (
                f" that started at line {where.line + 1}, column {where.column + 1}"
                if where is not None and where.line + 1 != pos[0]
                else ""
            )
            context = f" ({exc.context}{started})"
        raise YamlProblem(codes.SYNTAX, f"YAML syntax error: {problem}{context}", pos) from None
    except YAMLError as exc:  # ReaderError: a character YAML does not allow
        index = getattr(exc, "position", 0) or 0
        char = getattr(exc, "character", None)
        code_point = char if isinstance(char, int) else ord(char) if char else 0
        raise YamlProblem(
            codes.ENCODING,
            f"control character U+{code_point:04X} is not allowed in YAML",
            position_of(text, index),
        ) from None
    return doc


def _take_key(doc: Document, frame: _Frame, value: Any, event: ScalarEvent) -> None:
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        # `1:` or `true:` as a key: keep its text so a schema error can name it.
        value = event.value
    pos = _pos(event)
    if value in frame.seen:
        line, col = frame.seen[value]
        doc.duplicates.append(
            YamlProblem(
                codes.DUPLICATE_KEY,
                f"duplicate key {value!r} (first defined at line {line}, column {col})",
                pos,
                "remove one of them: which value counts would be ambiguous",
            )
        )
    frame.seen[value] = pos
    frame.key = value
    frame.key_pos = pos


def _attach(doc: Document, frame: _Frame | None, value: Any, pos: Pos) -> Loc:
    if frame is None:
        doc.data = value
        loc: Loc = ()
    elif isinstance(frame.container, dict):
        key = frame.key
        assert key is not None
        loc = (*frame.loc, key)
        if key not in frame.container:  # a duplicate keeps the first value
            frame.container[key] = value
        doc.keys[loc] = frame.key_pos
        frame.key = None
    else:
        loc = (*frame.loc, len(frame.container))
        frame.container.append(value)
    doc.values[loc] = pos
    return loc


def position_of(text: str, index: int) -> Pos:
    """1-based line and column of a character offset in `text`."""
    line = text.count("\n", 0, index) + 1
    return (line, index - (text.rfind("\n", 0, index) + 1) + 1)
