"""What the canonical layout is: the order of keys, and which lists and mappings go inline.

Both writers follow it: the fast one (layout.py) and the round-trip one (rewrite.py).
"""

from __future__ import annotations

import re
from typing import Any

from journeymap_cli.format.model import JourneyMap, Named, Persona, Scale, Stage, Touchpoint
from journeymap_cli.format.parts import Image, Link, Metric, Opportunity, Quote

FLOW_MAX = 60  # a list or small mapping of scalars this short (rendered) is written inline
FLOW_MAX_ITEMS = 6
# Plain strings this tame stay plain inside [...] or {...}; any other gets double quotes,
# because libyaml (the fast reader) and ruamel's emitter disagree on flow-context plain
# scalars with ':', '?', '#', ',' and friends.
TAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()/'+-]*")
ORDER = {
    "map": list(JourneyMap.model_fields),
    "persona": list(Persona.model_fields),
    "scale": list(Scale.model_fields),
    "named": list(Named.model_fields),
    "stage": list(Stage.model_fields),
    "touchpoint": list(Touchpoint.model_fields),
    "quote": list(Quote.model_fields),
    "image": list(Image.model_fields),
    "link": list(Link.model_fields),
    "opportunity": list(Opportunity.model_fields),
    "metric": list(Metric.model_fields),
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
