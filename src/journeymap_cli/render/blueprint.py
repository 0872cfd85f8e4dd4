"""The service blueprint of a page (format 1.2): stages as columns; physical evidence,
customer actions, frontstage, backstage and support as rows; the three lines named; each
`supports` link an arrow (its geometry from render/wires.py)."""

from __future__ import annotations

from typing import Any

from journeymap_cli.format.blueprint import LAYERS, Blueprint
from journeymap_cli.format.model import JourneyMap, Layer
from journeymap_cli.render.wires import Grid, Link, lay_out

# Above the line of interaction, what the customer sees and does; (key, label, note).
ABOVE = (
    ("physical_evidence", "Physical evidence", "what the customer sees, touches or keeps"),
    ("actions", "Customer actions", "what the customer does"),
)
LAYER_LABELS = {
    "frontstage": ("Frontstage", "where the customer meets the company"),
    "backstage": ("Backstage", "staff work the customer does not see"),
    "support": ("Support", "systems, processes and partners the work relies on"),
}
LINES = {
    "interaction": ("Line of interaction", "above: the customer; below: the company"),
    "visibility": ("Line of visibility", "above: what the customer sees; below: what they do not"),
    "internal": (
        "Line of internal interaction",
        "above: staff who serve the customer; below: what supports them",
    ),
}
# Beyond this many links, arrows would be a thicket nobody can follow: the cards still say
# in words what each one supports, and the section says why there are no arrows.
MAX_ARROWS = 300
SUPPORTS_SHOWN = 4  # names listed on a card before "and N more"


def wanted(jmap: JourneyMap, links: Blueprint) -> bool:
    """Whether a map gets a blueprint (render.md, brief 3): support touchpoints, `supports`
    links or physical evidence."""
    return (
        links.linked
        or any(s.physical_evidence for s in jmap.stages)
        or any(p.layer == "support" for s in jmap.stages for p in s.touchpoints)
    )


def supports_words(names: list[str]) -> str:
    """`A, B and C`, or `A, B, C, D and 3 more` beyond SUPPORTS_SHOWN."""
    if len(names) > SUPPORTS_SHOWN:
        shown = names[:SUPPORTS_SHOWN]
        return ", ".join(shown) + f" and {len(names) - SUPPORTS_SHOWN:,} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def blueprint_view(
    jmap: JourneyMap, links: Blueprint, stages: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The blueprint section's view-model, or None for a map that has none.

    `stages`: the page's stage views, whose `cards` (touchpoint views, with `layer`) are
    placed here as they are, one card a cell.
    """
    if not wanted(jmap, links):
        return None
    n = len(stages)
    # slot rows: each layer as many as its fullest stage has cards (one at least)
    per_layer = {
        layer: [[c for c in s["cards"] if c["layer"] == layer] for s in stages] for layer in LAYERS
    }
    first_slot: dict[str, int] = {}
    slots = 0
    for layer in LAYERS:
        first_slot[layer] = slots
        slots += max([1, *(len(cards) for cards in per_layer[layer])])
    place: dict[str, tuple[int, int]] = {}  # card id → (stage, slot)
    cards_by_id: dict[str, dict[str, Any]] = {}
    for layer in LAYERS:
        for i, cards in enumerate(per_layer[layer]):
            for k, card in enumerate(cards):
                place[card["id"]] = (i, first_slot[layer] + k)
                cards_by_id[card["id"]] = card
    contents = [
        {"physical_evidence": s["physical_evidence"], "actions": s["lanes"]["actions"]}
        for s in stages
    ]
    above = [(key, label, note) for key, label, note in ABOVE if any(c[key] for c in contents)]
    rows_above = 1 + len(above) + 1  # stage heads, lanes above, the line of interaction
    pairs = [
        (giver, taker)
        for giver in links.points.values()
        for taker in links.supports.get(giver.id or "", [])
        if giver.id in place and taker.id in place
    ]
    drawn = len(pairs) <= MAX_ARROWS
    arrows = [
        Link(g.id or "", t.id or "", *place[g.id or ""], *place[t.id or ""]) for g, t in pairs
    ]
    lines = {first_slot["backstage"] - 1: "visibility", first_slot["support"] - 1: "internal"}
    grid = lay_out(n, rows_above, slots, lines, arrows if drawn else [])
    return {
        "columns": " ".join(grid.columns),
        "rows": " ".join(grid.rows),
        "stages": [
            {"stage": s, "step": i + 1, "area": grid.area(1, grid.stage_column[i])}
            for i, s in enumerate(stages)
        ],
        "lanes": _lanes(grid, above, rows_above, lines),
        "cells": [
            {
                "key": key,
                "texts": c[key],
                "area": grid.area(2 + r, grid.stage_column[i]),
            }
            for r, (key, _, _) in enumerate(above)
            for i, c in enumerate(contents)
        ],
        "lines": _lines(grid, rows_above, lines),
        "cards": [
            {"card": card, "area": grid.area(grid.slot_row[slot], grid.stage_column[stage])}
            for card_id, (stage, slot) in place.items()
            for card in [cards_by_id[card_id]]
        ],
        "wires": [
            {
                "giver": w.giver,
                "taker": w.taker,
                "pieces": [{"area": p.area, "segments": p.segments} for p in w.pieces],
            }
            for w in grid.wires
        ],
        "links": len(pairs),
        "link_list": [
            {
                "giver": g.name,
                "giver_layer": g.layer,
                "giver_stage": stages[place[g.id or ""][0]]["name"],
                "taker": t.name,
                "taker_layer": t.layer,
                "taker_stage": stages[place[t.id or ""][0]]["name"],
            }
            for g, t in pairs
        ],
        "table": _table(above, contents, per_layer),
        "drawn": drawn,
        "not_drawn": None
        if drawn
        else f"{len(pairs):,} supports links are too many to draw as arrows: each card says"
        " in words what it supports.",
    }


def card_words(card: dict[str, Any]) -> str:
    """A card in one line of text (Markdown): name, actor, rating."""
    words = str(card["name"]) + (f" ({card['actor']})" if card["actor"] else "")
    if card["performance"] is not None:
        words += f": {card['rating_text']}"
    return words


def _table(
    above: list[tuple[str, str, str]],
    contents: list[dict[str, list[str]]],
    per_layer: dict[Layer, list[list[dict[str, Any]]]],
) -> list[dict[str, Any]]:
    """The blueprint as rows of text, stages as columns (Markdown): the lanes, and the
    three lines as rows of their own."""
    rows: list[dict[str, Any]] = [
        {"label": label, "line": False, "cells": [c[key] for c in contents]}
        for key, label, _ in above
    ]
    line_before = {"frontstage": "interaction", "backstage": "visibility", "support": "internal"}
    for layer in LAYERS:
        rows.append({"label": LINES[line_before[layer]][0], "line": True, "cells": []})
        rows.append(
            {
                "label": LAYER_LABELS[layer][0],
                "line": False,
                "cells": [[card_words(c) for c in cards] for cards in per_layer[layer]],
            }
        )
    return rows


def _lanes(
    grid: Grid, above: list[tuple[str, str, str]], rows_above: int, lines: dict[int, str]
) -> list[dict[str, Any]]:
    """The row labels at the left edge and the band behind each layer of the blueprint,
    from the line above it to the line below it."""
    lanes = [
        {"key": key, "label": label, "note": note, "area": grid.area(2 + r, 1), "band": None}
        for r, (key, label, note) in enumerate(above)
    ]
    edges = [rows_above, *(grid.line_row[c] for c in sorted(lines)), len(grid.rows) + 1]
    for layer, top, end in zip(LAYERS, edges[:-1], edges[1:], strict=True):
        label, note = LAYER_LABELS[layer]
        lanes.append(
            {
                "key": layer,
                "label": label,
                "note": note,
                "area": grid.area(top + 1, 1, rows=end - top - 1),
                "band": grid.area(top + 1, 1, rows=end - top - 1, columns=len(grid.columns)),
            }
        )
    return lanes


def _lines(grid: Grid, rows_above: int, lines: dict[int, str]) -> list[dict[str, Any]]:
    """The three lines, each named at the left edge and drawn across every stage."""
    rows = [(rows_above, "interaction")]
    rows += [(grid.line_row[channel], key) for channel, key in sorted(lines.items())]
    return [
        {
            "key": key,
            "label": LINES[key][0],
            "note": LINES[key][1],
            "label_area": grid.area(row, 1),
            "line_area": grid.area(row, 2, columns=len(grid.columns) - 1),
        }
        for row, key in rows
    ]
