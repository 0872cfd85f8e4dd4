"""A touchpoint's layer from a sheet row: the `layer` column, or the `backstage` column of
a sheet made before format 1.2, written into the map the way the touchpoint says it."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from journeymap_cli.sheets.nodes import delete, put


def current(node: Any) -> str:
    """The layer a touchpoint's node has: `layer`, else `backstage: true`, else frontstage."""
    layer = node.get("layer")
    if isinstance(layer, str) and layer:
        return layer
    return "backstage" if node.get("backstage") is True else "frontstage"


def wanted(node: Any, values: dict[str, Any]) -> str | None:
    """The layer a row gives; None when the sheet has neither column. A blank `layer` is
    frontstage (a blank cell removes the value). The old `backstage` column says only
    whether the customer sees the touchpoint: yes keeps a backstage or support touchpoint
    where it is (a sheet made before format 1.2 cannot tell the two apart)."""
    if values.get("layer"):
        return str(values["layer"])
    if "backstage" in values:
        if not values["backstage"]:
            return "frontstage"
        return current(node) if current(node) != "frontstage" else "backstage"
    return "frontstage" if "layer" in values else None


def put_layer(node: CommentedMap, values: dict[str, Any]) -> bool:
    """Make the node's layer the row's; True if it changed. A touchpoint that says
    `backstage:` keeps saying it while that can say the layer (and a sheet without a
    `layer` column writes `backstage: true`, as jmap did before format 1.2); otherwise
    `layer` is written and a `backstage` it would disagree with goes."""
    layer = wanted(node, values)
    if layer is None or layer == current(node):
        return False
    if (
        "layer" not in node
        and layer != "support"
        and ("backstage" in node or "layer" not in values)
    ):
        return put(node, "touchpoint", "backstage", layer == "backstage")
    put(node, "touchpoint", "layer", layer)
    if "backstage" in node:
        delete(node, "backstage")
    return True
