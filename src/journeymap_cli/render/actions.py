"""Where to act: hotspots and open opportunities, ranked, and the summary's top three.

Opportunity priority follows scoring.md (format 1.1): impact = the weighted gaps of the
frontstage touchpoints it addresses, priority = impact * v / e. Opportunities written as
plain text (format 1.0) have no priority and follow the ranked ones, in map order.
"""

from __future__ import annotations

from typing import Any

from journeymap_cli.format.model import JourneyMap
from journeymap_cli.score.figures import MapScore

TOP_HOTSPOTS = 5
SUMMARY = 3
CLOSED = ("done", "dropped")


def _factor(rating: int | None, low: int, high: int) -> float:
    if rating is None:
        return 3.0
    return 1 + 4 * (100 * (rating - low) / (high - low)) / 100


def opportunities(jmap: JourneyMap, score: MapScore) -> list[dict[str, Any]]:
    """Every open opportunity of the map: ranked mappings first, then plain ideas."""
    gaps = {
        t.id: t.weighted_gap
        for t in score.touchpoints
        if not t.backstage and t.weighted_gap is not None and t.weighted_gap > 0
    }
    names = {t.id: t.name for t in score.touchpoints}
    low, high = jmap.scale.min, jmap.scale.max
    ranked: list[tuple[float, dict[str, Any]]] = []
    plain: list[dict[str, Any]] = []
    for stage in jmap.stages:
        for item in stage.opportunities:
            if isinstance(item, str):
                plain.append(
                    {
                        "name": item,
                        "stage": stage.name,
                        "owner": None,
                        "status": "idea",
                        "addresses": [],
                        "priority": None,
                        "value": None,
                        "effort": None,
                    }
                )
                continue
            status = str(getattr(item, "status", None) or "idea")
            if status in CLOSED:
                continue
            addresses = list(getattr(item, "addresses", None) or [])
            impact = sum(gaps.get(a, 0.0) for a in addresses)
            value, effort = getattr(item, "value", None), getattr(item, "effort", None)
            priority = impact * _factor(value, low, high) / _factor(effort, low, high)
            ranked.append(
                (
                    priority,
                    {
                        "name": item.name,
                        "stage": stage.name,
                        "owner": getattr(item, "owner", None),
                        "status": status,
                        "addresses": [names.get(a, a) for a in addresses],
                        "priority": f"{priority:,.0f}",
                        "value": None if value is None else f"{value} / {high}",
                        "effort": None if effort is None else f"{effort} / {high}",
                    },
                )
            )
    ranked.sort(key=lambda pair: -pair[0])
    return [o for _, o in ranked] + plain


def where_to_act(
    jmap: JourneyMap,
    score: MapScore,
    stages: list[dict[str, Any]],
    ranked: list[dict[str, Any]],
) -> dict[str, Any]:
    """Hotspots with what addresses them, ranked opportunities, and the summary's top 3."""
    cards = {c["id"]: c for s in stages for c in s["cards"]}
    hotspots = []
    for h in score.hotspots[:TOP_HOTSPOTS]:
        card = cards[h.id]
        addressed = [o["name"] for o in ranked if card["name"] in o["addresses"]]
        if not addressed:  # format 1.0: the ideas noted in the same stage
            addressed = [
                o["name"] for o in ranked if o["stage"] == h.stage_name and not o["addresses"]
            ]
        hotspots.append(
            {
                "name": h.name,
                "stage": h.stage_name,
                "owner": h.owner,
                "channel": h.channel,
                "moment_of_truth": h.moment_of_truth,
                "rating_text": card["rating_text"],
                "level": card["level"],
                "weighted_gap": f"{h.weighted_gap:,.0f}" if h.weighted_gap is not None else "–",
                "pain_points": list(h.pain_points),
                "addressed_by": addressed,
            }
        )
    summary = [
        {
            "kind": "hotspot",
            "name": h["name"],
            "detail": f"{h['stage']} · {h['rating_text']}"
            + (" · moment of truth" if h["moment_of_truth"] else ""),
        }
        for h in hotspots[:SUMMARY]
    ]
    for o in ranked[: SUMMARY - len(summary)]:
        summary.append(
            {
                "kind": "opportunity",
                "name": o["name"],
                "detail": o["stage"] + (f" · {o['owner']}" if o["owner"] else ""),
            }
        )
    return {"hotspots": hotspots, "opportunities": ranked, "summary": summary}
