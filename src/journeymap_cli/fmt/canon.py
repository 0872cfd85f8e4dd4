"""What the canonical layout is: the order of keys, and which lists and mappings go inline.

Both writers follow it: the fast one (layout.py) and the round-trip one (rewrite.py).
"""

from __future__ import annotations

import re
from typing import Any

FLOW_MAX = 60  # a list or small mapping of scalars this short (rendered) is written inline
FLOW_MAX_ITEMS = 6
# Plain strings this tame stay plain inside [...] or {...}; any other gets double quotes,
# because libyaml (the fast reader) and ruamel's emitter disagree on flow-context plain
# scalars with ':', '?', '#', ',' and friends.
TAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()/'+-]*")
# The documented order of each kind's keys: the order of the models' fields (format/model.py,
# format/parts.py; tests/test_fmt.py holds them equal), written out so that `jmap fmt` does
# not import pydantic and the models (about 130 ms of start-up).
ORDER: dict[str, list[str]] = {
    "map": [
        "jmap",
        "title",
        "id",
        "description",
        "owner",
        "tags",
        "journey",
        "state",
        "based_on",
        "links",
        "persona",
        "scenario",
        "scale",
        "channels",
        "teams",
        "stages",
    ],
    "persona": [
        "name",
        "segment",
        "description",
        "goals",
        "frustrations",
        "traits",
        "quote",
        "image",
    ],
    "scale": ["min", "max"],
    "named": ["id", "name", "description"],
    "stage": [
        "name",
        "id",
        "description",
        "detail",
        "goals",
        "actions",
        "thoughts",
        "feelings",
        "emotion",
        "effort",
        "barriers",
        "motivations",
        "questions",
        "physical_evidence",
        "quotes",
        "images",
        "opportunities",
        "metrics",
        "touchpoints",
    ],
    "touchpoint": [
        "name",
        "id",
        "channel",
        "owner",
        "actor",
        "layer",
        "backstage",
        "supports",
        "moment_of_truth",
        "performance",
        "target",
        "importance",
        "would_pay",
        "pain_points",
        "quotes",
        "metrics",
        "notes",
        "evidence",
    ],
    "quote": ["text", "who", "source", "date"],
    "image": ["path", "alt", "caption"],
    "link": ["map", "relation", "note"],
    "opportunity": [
        "name",
        "id",
        "addresses",
        "owner",
        "value",
        "effort",
        "status",
        "notes",
        "evidence",
    ],
    "metric": ["value", "label", "unit", "target", "better", "source", "date"],
}
# Kinds of mapping that may be written inline when short ({path: a.png, alt: Sarah});
# stages, touchpoints and opportunities always take a block.
FLOW_KINDS = ("named", "scale", "quote", "image", "link", "metric")


def kind_of_child(kind: str, key: Any) -> str | None:
    """The kind of mapping found under `key` of a mapping of `kind` (None: leave as is)."""
    if kind == "metrics":  # a metric's key is its own name: every value is a metric
        return "metric"
    table = {
        ("map", "persona"): "persona",
        ("map", "scale"): "scale",
        ("map", "channels"): "named*",
        ("map", "teams"): "named*",
        ("map", "links"): "link*",
        ("map", "stages"): "stage*",
        ("persona", "image"): "image",
        ("stage", "quotes"): "quote*",
        ("stage", "images"): "image*",
        ("stage", "opportunities"): "opportunity*",
        ("stage", "metrics"): "metrics",
        ("stage", "touchpoints"): "touchpoint*",
        ("touchpoint", "quotes"): "quote*",
        ("touchpoint", "metrics"): "metrics",
    }
    return table.get((kind, key))


def single_quoted(value: str) -> str:
    """`value` as a single-quoted YAML scalar (no line break in it)."""
    return "'" + value.replace("'", "''") + "'"


def double_quoted(value: str) -> str:
    """`value` as a double-quoted YAML scalar (the safe reader refused any other control
    character before this point)."""
    body = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + body.replace("\n", "\\n").replace("\t", "\\t") + '"'
