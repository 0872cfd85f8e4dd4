"""Where to act: hotspots and open opportunities, ranked, and the summary's top three.

Opportunity figures are the scoring model's (score/opportunities.py, scoring.md 1.1): the
page reads `MapScore.opportunities` and ranks them with `ranked`, so it can never disagree
with `jmap score`. Opportunities written as plain text (format 1.0) have no figures and
follow the ranked ones, in map order.
"""

from __future__ import annotations

from typing import Any

from journeymap_cli.format.model import JourneyMap
from journeymap_cli.score.figures import MapScore
from journeymap_cli.score.opportunities import ranked
from journeymap_cli.score.reading import rating

TOP_HOTSPOTS = 5
SUMMARY = 3


def opportunities(jmap: JourneyMap, score: MapScore) -> list[dict[str, Any]]:
    """Every open opportunity of the map: ranked mappings first, then plain ideas."""
    names = {t.id: t.name for t in score.touchpoints}
    out = [
        {
            "name": o.name,
            "stage": o.stage_name,
            "owner": o.owner,
            "status": o.status,
            # a touchpoint written twice is addressed once, as its gap counts once
            "addresses": [names.get(a, a) for a in dict.fromkeys(o.addresses)],
            "priority": f"{o.priority:,.0f}",
            "value": None if o.value is None else rating(o.value, score.scale),
            "effort": None if o.effort is None else rating(o.effort, score.scale),
        }
        for o in ranked(score.opportunities)
    ]
    for stage in jmap.stages:
        out += [
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
            for item in stage.opportunities
            if isinstance(item, str)
        ]
    return out


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
                # format 1.2: what stands behind it
                "behind": card["behind"],
                "behind_more": card["behind_more"],
                "behind_words": card["behind_words"],
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
