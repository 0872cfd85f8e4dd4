"""`jmap fmt`'s fast writer: a tree from tree.py written out in the canonical layout.

The layout is the one the round-trip writer (rewrite.py) gives: keys in the documented
order (canon.py), two spaces a level, list dashes two spaces in, short lists of words and
small mappings inline, prose one item per line. Scalars written on one line are copied as
written (quotes, `0x1F`, `~`), comments keep their column relative to their entry.
"""

from __future__ import annotations

from journeymap_cli.fmt.canon import (
    FLOW_KINDS,
    FLOW_MAX,
    FLOW_MAX_ITEMS,
    ORDER,
    TAME,
    double_quoted,
    single_quoted,
)
from journeymap_cli.fmt.canon import kind_of_child as _child_kind
from journeymap_cli.fmt.prose import reads_plain, short_name, word
from journeymap_cli.fmt.tree import (
    BLANK,
    Block,
    Coll,
    Date,
    Entry,
    LostComment,
    Scalar,
    Tree,
    Unsupported,
)


def _inlinable(node: object) -> bool:
    return (
        isinstance(node, Scalar)
        and not isinstance(node.value, Date)
        and "\n" not in str(node.value)
    )


def _style(coll: Coll, allow_flow_map: bool, names: bool = False) -> None:
    """Inline or block, as rewrite._style decides it."""
    item = short_name if names else word
    entries = coll.entries
    coll.inline = False
    if not entries or len(entries) > FLOW_MAX_ITEMS or (coll.is_map and not allow_flow_map):
        return
    if coll.broken or (not coll.flow and coll.commented):
        return
    length = 0
    for entry in entries:
        node = entry.node
        if not _inlinable(node):
            return
        assert isinstance(node, Scalar)
        if coll.is_map:
            assert entry.key is not None
            length += len(str(entry.key.value))
        elif not item(node.value):
            return
        length += len(str(node.value)) + 4
    coll.inline = length <= FLOW_MAX


def _arrange(node: object, kind: str | None, flow_maps: bool) -> None:
    """Keys in order and each collection's style, as rewrite._format does it."""
    if not isinstance(node, Coll):
        return
    if not node.is_map:
        for item in node.entries:
            _arrange(item.node, None, False)
        _style(node, allow_flow_map=False)
        return
    if kind in ORDER:
        order = ORDER[kind]
        rank = {key: i for i, key in enumerate(order)}
        last = len(order)
        node.entries.sort(key=lambda e: rank.get(e.key.value, last) if e.key else last)
    for entry in node.entries:
        assert entry.key is not None
        key = entry.key.value
        child = _child_kind(kind, key) if kind else None
        value = entry.node
        if child and child.endswith("*") and isinstance(value, Coll) and not value.is_map:
            item_kind = child[:-1]
            for item in value.entries:
                _arrange(item.node, item_kind, item_kind in FLOW_KINDS)
            _style(value, allow_flow_map=False, names=child == "named*")
        else:
            _arrange(value, child, key in ("scale", "metrics") or child in FLOW_KINDS)
    _style(node, allow_flow_map=flow_maps)


def _text(node: Scalar, flow: bool) -> str:
    """How a scalar is written inside `[...]` or `{...}` (flow) or in a block."""
    value = node.value
    if node.multiline:  # joined on one line, as the round-trip writer does
        if not isinstance(value, str):
            return str(value)
        if "\n" in value:
            return double_quoted(value)
        if node.style == "'":
            return single_quoted(value)
        if node.style is None and (not flow or TAME.fullmatch(value)):
            return value
        return double_quoted(value)
    if flow:
        if node.style is None and type(value) is str and not TAME.fullmatch(value):
            return double_quoted(value)
        if not node.text:
            return "null"  # an empty value: `{a: }` would read differently elsewhere
    return node.text


def _unquoted(node: Scalar) -> bool:
    return (
        node.style == '"'
        and not node.multiline
        and isinstance(node.value, str)
        and reads_plain(node.value)
    )


def _inline(coll: Coll) -> str:
    if coll.is_map:
        items = [f"{e.key.text}: {_text(e.node, True)}" for e in coll.entries]  # type: ignore[union-attr,arg-type]
        return "{" + ", ".join(items) + "}"
    return "[" + ", ".join(_text(e.node, True) for e in coll.entries) + "]"  # type: ignore[arg-type]


def _with_comment(text: str, entry: Entry, shift: int) -> str:
    """`text` and the entry's trailing comment, at its column moved by `shift` (or one
    space after the text)."""
    if entry.eol is None:
        return text
    col, comment = entry.eol
    pad = col + shift - len(text)
    return f"{text}{' ' * (pad if pad > 0 else 1)}{comment}"


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.block = 0  # the indentation of a `|` or `>` scalar just written (0: none)

    def comments(self, lines: list[tuple[int, str]], shift: int) -> None:
        """Full-line comments and blank lines; right after a block scalar, a comment
        stays left of its text (there, it would be text)."""
        for col, comment in lines:
            if (col, comment) == BLANK:
                self.out.append("")
                continue
            col = max(col + shift, 0)
            if self.block:
                col = min(col, self.block - 1)
            self.out.append(" " * col + comment)
            self.block = 0  # a comment left of the text ends the block scalar

    def lead(self, entry: Entry, shift: int) -> None:
        if entry.lead:
            self.comments(entry.lead, shift)

    def line(self, text: str, entry: Entry, shift: int) -> None:
        self.out.append(_with_comment(text, entry, shift))
        self.block = 0

    def value(self, head: str, entry: Entry, indent: int, shift: int) -> None:
        """`head` ("  key:" or "  -") and the entry's value, its lines at `indent`."""
        node = entry.node
        if isinstance(node, Scalar):
            text = _text(node, False)
            self.line(f"{head} {text}" if text else head, entry, shift)
        elif isinstance(node, Block):
            self.line(f"{head} {node.header}", entry, shift)
            pad = " " * indent
            self.out += [pad + line if line else "" for line in node.lines]
            self.block = indent
        elif isinstance(node, Coll):
            if not node.entries:
                self.line(f"{head} {{}}" if node.is_map else f"{head} []", entry, shift)
            elif node.inline:
                self.line(f"{head} {_inline(node)}", entry, shift)
            elif node.is_map:
                if head.endswith("-"):  # a list item: its first key on the dash's line
                    self.mapping(node, indent, first=head + " ", item=entry, shift=shift)
                else:
                    self.line(head, entry, shift)
                    self.mapping(node, indent)
            else:
                if head.endswith("-"):
                    if node.broken:
                        raise LostComment(0)
                    raise Unsupported("a list in a list, written as a block")
                self.line(head, entry, shift)
                self.sequence(node, indent)

    def mapping(
        self,
        coll: Coll,
        indent: int,
        first: str | None = None,
        item: Entry | None = None,
        shift: int = 0,
    ) -> None:
        """The entries of `coll` at `indent`; the first on the line of `first` ("  - ")
        when it is a list `item`, whose own trailing comment goes on that line."""
        pad = " " * indent
        for entry in coll.entries:
            assert entry.key is not None
            self.lead(entry, indent - entry.col)  # a key put first: above the item's dash
            if first is None:
                self.value(f"{pad}{entry.key.text}:", entry, indent + 2, indent - entry.col)
                continue
            dash_line = len(self.out)
            self.value(f"{first}{entry.key.text}:", entry, indent + 2, indent - entry.col)
            first = None
            if item is not None:  # `- {name: T}  # why`
                self.out[dash_line] = _with_comment(self.out[dash_line], item, shift)

    def sequence(self, coll: Coll, indent: int) -> None:
        pad = " " * indent
        for entry in coll.entries:
            shift = indent - entry.col
            self.lead(entry, shift)
            node = entry.node
            if coll.flow and isinstance(node, Scalar) and _unquoted(node):
                # prose from a `[...]` list loses the quotes only the inline list needed
                self.line(f"{pad}- {node.value}", entry, shift)
            else:
                self.value(f"{pad}-", entry, indent + 2, shift)


def write(tree: Tree, *, persona_file: bool = False) -> str:
    """The tree in the canonical layout."""
    root = tree.root
    _arrange(root, "persona" if persona_file else "map", False)
    writer = _Writer()
    if root.entries:
        writer.mapping(root, 0)
    else:
        writer.out.append("{}")
    writer.comments(tree.tail, 0)
    return "\n".join(writer.out) + "\n"
