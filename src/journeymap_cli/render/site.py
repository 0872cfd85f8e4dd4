"""The portfolio of a rendered folder: index entries, journeys grouped, overlay pages.

Each map contributes a small entry (kept while the folder renders, not its page); the
index groups entries by `journey` (format 1.1; the map's id before it), personas side by
side and as-is before to-be, and draws the links between journeys.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from journeymap_cli.render.curve import overlay
from journeymap_cli.render.drilldown import hierarchy
from journeymap_cli.render.related import RELATION_WORDS

STATE_ORDER = {"as-is": 0, "to-be": 1}


def title_of_folder(folder: Path) -> str:
    """`customer-journeys_2026` → `Customer journeys 2026`."""
    words = re.sub(r"[-_.]+", " ", folder.name).strip() or "Journey maps"
    return words[:1].upper() + words[1:]


def index_entry(page: dict[str, Any], href: str) -> dict[str, Any]:
    """What the index keeps of one rendered page (a few hundred bytes)."""
    figures = {s["key"]: s["value"] for s in page["scores"]}
    links = [{"journey": x["journey"], "relation": x["relation"]} for x in page["map"]["links"]]
    curve = page["curve"]
    return {
        "href": href,
        "id": page["map"]["id"],
        "title": page["map"]["title"],
        "description": page["map"]["description"],
        "journey": page["map"]["journey"],
        "state": page["map"]["state"],
        "tags": page["map"]["tags"],
        "persona": page["persona"]["name"],
        "segment": page["persona"]["segment"],
        "modified": page["modified"],
        "experience": figures["experience"],
        "gap": figures["gap"],
        "completeness": figures["completeness"],
        "moments_of_truth": figures["moments_of_truth"],
        "hotspots": len(page["hotspots"]),
        "top_hotspot": page["hotspots"][0]["name"] if page["hotspots"] else None,
        "thumb": {
            "viewbox": curve["viewbox"],
            "neutral_y": curve["neutral_y"],
            "paths": curve["paths"],
        },
        "curve_words": curve["desc"],
        "sparkline": page["emotion"]["sparkline"],
        "emotions": [s["emotion"] for s in page["stages"]],
        "stage_names": [s["name"] for s in page["stages"]],
        "scale": [page["map"]["scale"]["min"], page["map"]["scale"]["max"]],
        "links": links,
        "generator": page["generator"],
        # format 1.2: where the map sits in a hierarchy of detail maps
        "source": page["source"],
        "details": [
            {
                "source": s["detail"]["source"],
                "stage": s["name"],
                "step": step,
                "linked": s["detail"]["name"] if s["detail"]["href"] else None,
            }
            for step, s in enumerate(page["stages"], 1)
            if s["detail"]
        ],
        "rollup": page["rollup"],
    }


def _mean(values: Sequence[str]) -> str:
    numbers = [float(v) for v in values if v.replace(".", "", 1).isdigit()]
    return f"{sum(numbers) / len(numbers):.1f}" if numbers else "–"


def journey_groups(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Maps that share a journey, in order of first appearance; as-is before to-be."""
    groups: dict[str, dict[str, Any]] = {}
    for e in entries:
        group = groups.setdefault(
            e["journey"],
            {"journey": e["journey"], "title": e["title"], "maps": [], "href": None, "links": []},
        )
        group["maps"].append(e)
    for group in groups.values():
        group["maps"].sort(key=lambda e: (STATE_ORDER.get(e["state"], 2), e["persona"]))
        group["title"] = group["maps"][0]["title"]  # the as-is view names the journey
        personas = sorted({m["persona"] for m in group["maps"]})
        group["personas"] = personas
        group["states"] = sorted(
            {m["state"] for m in group["maps"]}, key=lambda state: STATE_ORDER.get(state, 2)
        )
        if len(group["maps"]) > 1:
            group["href"] = f"journey-{group['journey']}.html"
        seen = {(link["journey"], link["relation"]) for m in group["maps"] for link in m["links"]}
        group["links"] = [
            {"journey": j, "relation": r, "relation_words": RELATION_WORDS.get(r, r)}
            for j, r in sorted(seen)
        ]
    known = set(groups)
    for group in groups.values():
        for link in group["links"]:
            target = groups.get(link["journey"])
            link["title"] = target["title"] if target else link["journey"]
            link["href"] = f"#journey-{link['journey']}" if link["journey"] in known else None
    return list(groups.values())


def index_view(entries: list[dict[str, Any]], title: str, generator: str) -> dict[str, Any]:
    groups = journey_groups(entries)
    edges = [
        (g["title"], link["title"])
        for g in groups
        for link in g["links"]
        if link["href"] and link["relation"] == "next"
    ]
    return {
        "title": title,
        "generator": generator,
        "figures": _figures(entries, groups),
        "journeys": groups,
        "flow": chains(edges),
        "hierarchy": hierarchy(entries),
    }


def chains(edges: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """`next` links as chains of journeys: A → B, B → C becomes one chain A → B → C."""
    following: dict[str, list[str]] = {}
    for start, end in edges:
        if end not in following.setdefault(start, []):
            following[start].append(end)
    reached = {end for ends in following.values() for end in ends}
    out = []
    for start in [s for s in following if s not in reached] or list(following)[:1]:
        steps, seen = [start], {start}
        while following.get(steps[-1]):
            nxt = next((e for e in following[steps[-1]] if e not in seen), None)
            if nxt is None:
                break
            steps.append(nxt)
            seen.add(nxt)
        out.append({"steps": steps})
    drawn = {(c["steps"][i], c["steps"][i + 1]) for c in out for i in range(len(c["steps"]) - 1)}
    out += [{"steps": [a, b]} for a, ends in following.items() for b in ends if (a, b) not in drawn]
    return out


def _figures(entries: list[dict[str, Any]], groups: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"label": "Journey maps", "value": f"{len(entries):,}"},
        {"label": "Journeys", "value": f"{len(groups):,}"},
        {"label": "Personas", "value": f"{len({e['persona'] for e in entries}):,}"},
        {"label": "Mean experience", "value": _mean([e["experience"] for e in entries])},
        {"label": "Mean gap to target", "value": _mean([e["gap"] for e in entries])},
        {"label": "Hotspots", "value": f"{sum(e['hotspots'] for e in entries):,}"},
    ]


def journey_page(group: dict[str, Any], generator: str) -> dict[str, Any]:
    """The page of a journey with several maps: personas' curves overlaid, figures side by side."""
    first = group["maps"][0]
    low, high = first["scale"]
    stage_names = first["stage_names"]
    curves = []
    for m in group["maps"]:
        # curves align by stage position; a map with other stages is drawn up to its length
        values = (m["emotions"] + [None] * len(stage_names))[: len(stage_names)]
        name = m["persona"] + ("" if m["state"] == "as-is" else f" ({m['state']})")
        curves.append((name, values))
    return {
        "title": group["title"],
        "journey": group["journey"],
        "generator": generator,
        "maps": group["maps"],
        "chart": overlay(curves, stage_names, low, high),
    }
