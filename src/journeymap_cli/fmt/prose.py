"""Which lists hold prose (written one item per line) and the quotes prose no longer needs."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString

# A list is written inline only when every item is a word: no space and at most this many
# characters (tags, feelings, channel ids). Prose goes one `- item` per line, where a comma
# inside an item cannot split it in two and `?`, `:` or `#` need no quotes.
WORD_MAX = 20
# Vocabularies (`channels`, `teams`) hold names, which may have spaces ("In person"); the
# README, the examples and the starter write them inline, so fmt keeps them so.
NAME_MAX = 30
_ID = re.compile(r"[\w.-]+")


def word(value: Any) -> bool:
    """A list item short enough to sit inline: a number, one word of WORD_MAX or fewer
    characters ("hopeful", "WhatsApp"), or an id of any length ("calls-support-about-
    the-delivery": letters, digits, '-', '_' and '.' only). Anything else is prose."""
    if not isinstance(value, str):
        return isinstance(value, (int, float, bool)) or value is None
    if any(char.isspace() for char in value):
        return False
    return len(value) <= WORD_MAX or _ID.fullmatch(value) is not None


def short_name(value: Any) -> bool:
    """An item of a vocabulary (`channels: [Portal, Website, In person]`): a name, not a
    sentence, so it may sit inline with a space in it: one line of at most NAME_MAX
    characters without a comma (inside `[...]` a comma would split it when read back)."""
    if not isinstance(value, str):
        return word(value)
    return "\n" not in value and "," not in value and len(value) <= NAME_MAX


_YAML11_WORDS = frozenset(("yes", "no", "on", "off", "y", "n"))


def reads_plain(value: str) -> bool:
    """Whether `value`, double-quoted in a `[...]` list, reads the same as a bare `- item`
    ("Is the online price the real price?"): then one item per line needs no quotes."""
    from journeymap_cli.io.yamlstream import YamlProblem, parse

    if "\n" in value or value != value.strip() or not value or "\\" in value:
        return False
    if value.lower() in _YAML11_WORDS:  # YAML 1.1 tools would read a boolean
        return False
    try:
        return bool(parse(f"- {value}\n").data == [value])
    except YamlProblem:
        return False


def unquote_prose(node: CommentedSeq) -> None:
    """Items of a `[...]` list that goes one item per line lose the double quotes that
    only the inline list needed, where the fast reader reads the bare item as the same
    text."""
    for i, value in enumerate(node):
        if isinstance(value, DoubleQuotedScalarString) and reads_plain(str(value)):
            node[i] = PlainScalarString(value)  # a plain str would keep the quotes
