"""Rewriting map files through ruamel's round-trip mode: comments and unknown content kept.

Used by `jmap lint --fix` and `jmap fmt`. A file is only rewritten after the fast, safe
reader accepted it (no anchors, tags, duplicate keys or excessive nesting), so the
round-trip loader never sees hostile input; files are written by `atomic.write_file`.
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from journeymap_cli.fmt.canon import (
    FLOW_KINDS,
    FLOW_MAX,
    FLOW_MAX_ITEMS,
    ORDER,
    TAME,
    kind_of_child,
)
from journeymap_cli.fmt.edits import Fix
from journeymap_cli.fmt.prose import short_name, unquote_prose, word
from journeymap_cli.report.diagnostics import Loc

# A key with nothing after it but maybe a comment opens a block ("stages:", and
# "  - touchpoints:" inside a list item), as does a block scalar ("description: >-");
# "lead" is everything before the key.
_BLOCK_KEY = re.compile(
    r"^(?P<lead>(?:\s*- )*\s*)[^\s#:-][^:#]*:\s*(?P<scalar>[|>][-+0-9]*)?\s*(?:#.*)?$"
)
_COMMENT = re.compile(r"^\s*#")


class UnsafeRewrite(Exception):
    """The rewritten text would not read back as the same data: nothing is written."""


@dataclass(frozen=True)
class Layout:
    """How a file indents: `mapping` spaces per level; a list's dashes `offset` spaces in
    from their key, and its items' content `sequence` spaces in ("- " or "-   ")."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


CANONICAL = Layout()


def _yaml(layout: Layout = CANONICAL) -> YAML:
    y = YAML(typ="rt")
    y.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    y.width = 4096  # never re-wrap people's prose
    y.preserve_quotes = True
    return y


def guess_layout(text: str) -> Layout:
    """The layout the file's author used, from each block key and the line after it.

    `--fix` and `import --merge` write back in it, so that they change only what they
    mean to; `fmt` always writes the canonical layout.
    """
    mappings: Counter[int] = Counter()
    sequences: Counter[tuple[int, int]] = Counter()
    lines = [line for line in text.splitlines() if line.strip() and not _COMMENT.match(line)]
    for line, after in itertools.pairwise(lines):
        head = _BLOCK_KEY.match(line)
        if head is None:
            continue
        column = len(head["lead"])  # where the key starts (after "- " for a list item)
        content = after.lstrip(" ")
        step = len(after) - len(content) - column
        if content.startswith("- ") and not head["scalar"]:
            dash = len(content) - len(content[1:].lstrip(" "))  # "-" and its spaces
            sequences[(step, step + dash)] += 1
        elif step > 0:
            mappings[step] += 1
    mapping = mappings.most_common(1)[0][0] if mappings else CANONICAL.mapping
    offset, sequence = (
        sequences.most_common(1)[0][0] if sequences else (CANONICAL.offset, CANONICAL.sequence)
    )
    if 0 < mapping < 10 and 0 <= offset < 10 and offset + 2 <= sequence < 12:
        return Layout(mapping, sequence, offset)
    return CANONICAL


def load(text: str) -> Any:
    """Round-trip data; UnsafeRewrite where ruamel's pure-Python reader disagrees with
    libyaml's (e.g. a tab inside a key that libyaml accepts and ruamel refuses)."""
    from ruamel.yaml.error import YAMLError

    try:
        return _yaml().load(text)
    except YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UnsafeRewrite(f"the round-trip reader refuses this file ({problem})") from None


def dump(data: Any, layout: Layout = CANONICAL) -> str:
    out = io.StringIO()
    _yaml(layout).dump(data, out)
    return out.getvalue()


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict) and part not in node:
        # the fast reader keeps non-string keys as their text ('2026'); round-trip does not
        part = next((k for k in node if str(k) == part), part)
    return node[part]


def _replace(parent: Any, part: str | int, value: Any) -> None:
    if isinstance(parent, dict) and part not in parent:
        part = next((k for k in parent if str(k) == part), part)
    parent[part] = value


def apply_fixes(data: Any, fixes: Iterable[Fix]) -> int:
    """Apply fixes to round-trip data; list items are dropped last, highest index first."""
    applied = 0
    drops: list[Loc] = []
    joined: set[tuple[Any, ...]] = set()  # dropped because a join took them in: counted once
    for fix in fixes:
        *parents, last = fix.loc
        parent = data
        for part in parents:
            parent = _child(parent, part)
        if fix.action == "strip":
            old = _child(parent, last)
            new = old.strip()
            # keep the quoting style: ruamel's quoted strings are str subclasses
            _replace(parent, last, type(old)(new) if isinstance(old, ScalarString) else new)
            applied += 1
        elif fix.action == "drop":
            drops.append(fix.loc)
        elif fix.action == "join":
            # the items a comma split apart inside [...], back as one; the items after it
            # are dropped with the others, highest index first
            first = int(last)
            items = [_child(parent, first + k) for k in range(fix.span + 1)]
            whole = ", ".join(str(item) for item in items)
            old = items[0]
            _replace(parent, first, type(old)(whole) if isinstance(old, ScalarString) else whole)
            taken: list[Loc] = [(*parents, first + k) for k in range(1, fix.span + 1)]
            drops += taken
            joined.update(taken)
            applied += 1
    for loc in sorted(drops, key=lambda loc: (repr(loc[:-1]), -int(loc[-1]))):
        *parents, index = loc
        parent = data
        for part in parents:
            parent = _child(parent, part)
        del parent[int(index)]
        applied += loc not in joined
    return applied


# ---- fmt: one canonical layout ---------------------------------------------------------


def _reorder(node: CommentedMap, order: list[str]) -> None:
    """Known keys in the documented order, unknown keys after them in their own order.

    Comments live on the keys in ruamel, so they travel with them.
    """
    known = [k for k in order if k in node]
    rest = [k for k in node if k not in order]
    for key in known + rest:
        node.move_to_end(key)


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) or value is None


def _has_comments(node: CommentedMap | CommentedSeq) -> bool:
    ca = node.ca
    return bool(ca.items) or bool(ca.comment and any(ca.comment)) or bool(ca.end)


def _inline_length(node: CommentedMap | CommentedSeq) -> int:
    if isinstance(node, CommentedSeq):
        return sum(len(str(v)) + 4 for v in node)
    return sum(len(str(k)) + len(str(v)) + 4 for k, v in node.items())


def _style(node: CommentedMap | CommentedSeq, allow_flow_map: bool, names: bool = False) -> None:
    values = list(node) if isinstance(node, CommentedSeq) else list(node.values())
    item = short_name if names else word
    short = (
        all(_scalar(v) and "\n" not in str(v) for v in values)
        and (isinstance(node, CommentedMap) or all(item(v) for v in values))
        and len(values) <= FLOW_MAX_ITEMS
        and _inline_length(node) <= FLOW_MAX
        # a block list with comments between its items stays a block; a list already
        # inline can only carry a comment at its end, which stays with it
        and (node.fa.flow_style() or not _has_comments(node))
    )
    if isinstance(node, CommentedMap) and not allow_flow_map:
        short = False
    if short and values:
        node.fa.set_flow_style()
        _quote_untame(node)
    else:
        if isinstance(node, CommentedSeq) and node.fa.flow_style():
            unquote_prose(node)
        node.fa.set_block_style()


def _quote_untame(node: CommentedMap | CommentedSeq) -> None:
    keys = range(len(node)) if isinstance(node, CommentedSeq) else list(node)
    for key in keys:
        value = node[key]
        if type(value) is str and not TAME.fullmatch(value) and value.strip() == value:
            node[key] = DoubleQuotedScalarString(value)


def _format(node: Any, kind: str | None, flow_maps: bool) -> None:
    if isinstance(node, CommentedMap):
        if kind in ORDER:
            _reorder(node, ORDER[kind])
        for key, value in node.items():
            child = kind_of_child(kind, key) if kind else None
            if child and child.endswith("*") and isinstance(value, CommentedSeq):
                for item in value:
                    _format(item, child[:-1], flow_maps=child[:-1] in FLOW_KINDS)
                _style(value, allow_flow_map=False, names=child == "named*")
            else:
                flow = key in ("scale", "metrics") or child in FLOW_KINDS
                _format(value, child, flow_maps=flow)
        _style(node, allow_flow_map=flow_maps)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _format(item, None, flow_maps=False)
        _style(node, allow_flow_map=False)


def tidy(node: CommentedMap, kind: str) -> None:
    """One node (a touchpoint, a stage) in fmt's key order and list style."""
    _format(node, kind, flow_maps=False)


def equal(a: Any, b: Any) -> bool:
    """`a == b` for loaded data, where NaN is the same value as NaN (`.nan` in a file would
    otherwise make every rewrite look like a change of meaning)."""
    stack = [(a, b)]
    while stack:  # iterative: no recursion limit on deep data
        x, y = stack.pop()
        if isinstance(x, dict) and isinstance(y, dict):
            if x.keys() != y.keys():  # in any order: fmt puts keys in its own order
                return False
            stack += [(x[k], y[k]) for k in x]
        elif isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                return False
            stack += list(zip(x, y, strict=True))
        elif isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y):
            continue
        elif x != y:
            return False
    return True


def same_meaning(old: str, new: str, old_data: Any = None) -> None:
    """Raise UnsafeRewrite unless the fast reader gets the same data from both texts
    (`old_data`: what it read from `old` already)."""
    from journeymap_cli.io.yamlstream import YamlProblem, parse

    if new == old:
        return
    try:
        before = parse(old).data if old_data is None else old_data
        same = equal(before, parse(new).data)
    except YamlProblem as exc:
        raise UnsafeRewrite(f"the rewrite would not parse ({exc.message})") from None
    if not same:
        raise UnsafeRewrite("the rewrite would change the data")


def plain(node: Any) -> Any:
    """Round-trip data as plain dicts, lists and scalars, as the fast reader builds them."""
    if isinstance(node, dict):
        return {k if isinstance(k, str) else str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if hasattr(node, "isoformat"):  # ruamel's date for 2026-03-14: text to the fast reader
        return node.isoformat()
    return node


def reads_back(text: str, data: Any) -> None:
    """Raise UnsafeRewrite unless the fast reader reads `text` as exactly `data`."""
    from journeymap_cli.io.yamlstream import YamlProblem, parse

    try:
        same = equal(parse(text).data, plain(data))
    except YamlProblem as exc:
        raise UnsafeRewrite(f"the rewrite would not parse ({exc.message})") from None
    if not same:
        raise UnsafeRewrite("the rewrite would read back differently")


def canonical(text: str, *, persona_file: bool = False, data: Any = None) -> str:
    """The file in jmap's canonical layout (docs/lint.md, "jmap fmt"); UnsafeRewrite if that would
    change what the file means. `data`: what the fast reader read from `text`, if known.

    The fast writer (tree.py, layout.py) lays out nearly every file; what it cannot hold
    (a comment inside `[...]`, a block list in a list, a tag...) goes through ruamel's
    round-trip reader and writer, which is 30 times slower.
    """
    from journeymap_cli.fmt.layout import write
    from journeymap_cli.fmt.tree import LostComment, Unsupported, build

    try:
        out = write(build(text), persona_file=persona_file)
    except LostComment as exc:  # the round-trip writer would drop it
        where = f"the comment at line {exc.line}" if exc.line else "a comment"
        raise UnsafeRewrite(
            f"{where} sits inside [...] or {{...}} where fmt cannot keep it; "
            "move it out of the brackets"
        ) from None
    except Unsupported:
        pass
    else:
        try:
            same_meaning(text, out, data)
            return out
        except UnsafeRewrite:
            pass  # the slow writer decides; tests hold the fast one to every case
    return slow_canonical(text, persona_file=persona_file)


def slow_canonical(text: str, *, persona_file: bool = False) -> str:
    """canonical() through ruamel's round-trip reader and writer."""
    data = load(text)
    if isinstance(data, CommentedMap):
        _format(data, "persona" if persona_file else "map", flow_maps=False)
        data.fa.set_block_style()
    out = dump(data)
    same_meaning(text, out)
    return out
