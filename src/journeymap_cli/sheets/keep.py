"""What a cell shows unchanged keeps the map's own form: a text with spaces around it, a
list item with a line break, and the comments on the items of a list the sheet edited."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from journeymap_cli.sheets.comments import add_tail, take_tail


def as_read(current: Any, wanted: Any) -> Any:
    """`wanted` (a cell as read) with the map's own text wherever the cell shows it
    unchanged: a spreadsheet drops the spaces around a text, and a list cell holds one item
    per line, so "  Sales " or an item with a line break must not read as an edit."""
    if isinstance(current, str) and isinstance(wanted, str):
        return current if current.strip() == wanted.strip() else wanted
    if _texts(current) and _texts(wanted):
        return [item for item, _ in keep_items(current, wanted)]
    return wanted


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def keep_items(current: list[str], wanted: list[str]) -> list[tuple[str, int | None]]:
    """The sheet's list as (item, index in `current` or None): each of the map's items kept
    as it is written where all its lines are still in the cell, in order."""
    from journeymap_cli.sheets.columns import split_items

    groups = [split_items(item) for item in current]
    lines = [line for group in groups for line in group]
    if lines == wanted:
        return [(item, i) for i, item in enumerate(current)]
    owner = [i for i, group in enumerate(groups) for _ in group]
    out: list[tuple[str, int | None]] = []
    matcher = SequenceMatcher(None, lines, wanted, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out += [(line, None) for line in wanted[j1:j2]]
            continue
        k = i1
        while k < i2:
            item = owner[k]
            size = len(groups[item])
            if (k == 0 or owner[k - 1] != item) and k + size <= i2:  # the whole item
                out.append((current[item], item))
                k += size
            else:
                out.append((lines[k], None))  # part of an item: the line is an item now
                k += 1
    return out


def update_list(seq: CommentedSeq, wanted: list[str]) -> None:
    """`seq` made `wanted` in place: kept items keep their comments, and the lines after
    the list (the next key's heading) stay after it."""
    pairs = keep_items(list(seq), wanted)
    tail = take_tail(seq)
    comments = dict(seq.ca.items)
    del seq[:]
    seq.ca.items.clear()
    for j, (item, source) in enumerate(pairs):
        seq.append(item)
        if source is not None and source in comments:
            seq.ca.items[j] = comments[source]
    add_tail(seq, tail)
