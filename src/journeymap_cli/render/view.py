"""The view-model templates receive: plain dicts, lists and strings built from a scored map.

Templates never see the pydantic model or raw YAML, and compute nothing: every label,
number text and curve coordinate is prepared here. docs/templates.md documents the shape.
"""

from __future__ import annotations

from typing import Any

from journeymap_cli import __version__
from journeymap_cli.format.blueprint import Blueprint
from journeymap_cli.format.drilldown import Detail
from journeymap_cli.format.model import JourneyMap, Persona, Stage, Touchpoint
from journeymap_cli.render.actions import opportunities, where_to_act
from journeymap_cli.render.blueprint import blueprint_view, supports_words
from journeymap_cli.render.content import evidence, image, metric, quote, relative_source
from journeymap_cli.render.curve import axis, emotion_curve
from journeymap_cli.render.drilldown import SitePages, parents, rollup, stage_details
from journeymap_cli.score.figures import MapScore, TouchpointScore
from journeymap_cli.score.output import DASH, shown, sparkline
from journeymap_cli.score.reading import (
    EXPERIENCE_TITLE,
    QUALITY_TITLE,
    misaligned_notes,
    rating,
)

# The lanes of the grid in render.md's order; (key, label, kind). Pain points are not a
# lane: they show once, on their touchpoint's card.
LANES = (
    ("goals", "Goals", "list"),
    ("actions", "Actions", "list"),
    ("thoughts", "Thoughts", "list"),
    ("feelings", "Feelings", "list"),
    ("emotion", "Emotion", "curve"),
    ("touchpoints", "Touchpoints", "touchpoints"),
    ("visibility", "Line of visibility", "visibility"),
    ("backstage", "Backstage", "touchpoints"),
    ("barriers", "Barriers", "list"),
    ("motivations", "Motivations", "list"),
    ("questions", "Questions", "list"),
    ("quotes", "Quotes", "quotes"),
    ("opportunities", "Opportunities", "opportunities"),
    ("metrics", "Metrics", "metrics"),
    ("images", "Images", "images"),
)

SCORE_STRIP = (
    ("experience", "Experience", "importance-weighted performance, 0–100"),
    ("gap", "Gap to target", "how far below target, 0–100 (lower is better)"),
    ("completeness", "Completeness", "share of the map's checks that hold, %"),
    ("ownership", "Ownership", "share of touchpoints with an accountable team, %"),
    ("moments_of_truth", "Moments of truth", "touchpoints that decide whether customers stay"),
    ("evidence", "Evidence", "share of rated touchpoints whose rating rests on evidence, %"),
)
SHOWN_BEHIND = 4  # what stands behind a hotspot, named before "and N more"
LEVEL_WORDS = {"poor": "poor", "fair": "fair", "good": "good", "none": "not rated"}
# Which question each figure answers (score/reading.py): the customer's experience, or
# the map's quality as a piece of work.
SCORE_GROUPS = (
    ("experience", EXPERIENCE_TITLE, ("experience", "gap", "moments_of_truth")),
    ("quality", QUALITY_TITLE, ("completeness", "ownership", "evidence")),
)


def rating_level(n: float | None) -> str:
    """A colour class backed by words: poor (< 40), fair (< 70), good, or none."""
    if n is None:
        return "none"
    return "poor" if n < 40 else "fair" if n < 70 else "good"


def behind(score: TouchpointScore, names: dict[str, str], scale: tuple[int, int]) -> list[Any]:
    """What stands behind a hotspot (scoring.md 1.2, `TouchpointScore.behind`), weakest
    first as the scorer ranks it: name, layer and rating on the map's scale."""
    return [
        {
            "name": b.name or names.get(b.id, b.id),
            "layer": b.layer,
            "rating": "not rated" if b.performance is None else rating(b.performance, scale),
        }
        for b in score.behind
    ]


def behind_words(items: list[dict[str, Any]]) -> str | None:
    """`Stock system, 2 / 5; Vehicle preparation, not rated`, the first four and a count."""
    if not items:
        return None
    words = "; ".join(f"{b['name']}, {b['rating']}" for b in items[:SHOWN_BEHIND])
    more = len(items) - SHOWN_BEHIND
    return words + (f"; and {more:,} more" if more > 0 else "")


def touchpoint_view(
    point: Touchpoint,
    score: TouchpointScore,
    jmap: JourneyMap,
    links: Blueprint,
    names: dict[str, str],
) -> dict[str, Any]:
    low, high = jmap.scale.min, jmap.scale.max
    if point.performance is not None:
        rating = f"{point.performance} / {high}"
        if point.target is not None:
            rating += f" → target {point.target}"
    else:
        rating = "not rated" + (f" (target {point.target})" if point.target is not None else "")
    level = rating_level(score.performance)
    # the lowest rating still shows a sliver of bar: 1/5 must not look like "not rated"
    bar = None
    if point.performance is not None:
        bar = round(6 + 94 * (point.performance - low) / (high - low), 1)
    target_bar = None
    if point.target is not None:
        target_bar = round(6 + 94 * (point.target - low) / (high - low), 1)
    supported = [p.name for p in links.supports.get(score.id, [])]
    held_up = behind(score, names, (low, high))
    return {
        "id": score.id,
        "name": point.name,
        "channel": score.channel,
        "owner": score.owner,
        "actor": point.actor,
        "layer": point.layer,
        "backstage": score.backstage,  # backstage or support: behind the line of visibility
        "supports": supported,
        "supports_words": supports_words(supported) if supported else None,
        "behind": held_up[:SHOWN_BEHIND],  # named on the page, then "and N more"
        "behind_more": max(0, len(held_up) - SHOWN_BEHIND),
        "behind_words": behind_words(held_up),
        "moment_of_truth": point.moment_of_truth,
        "would_pay": point.would_pay,
        "performance": point.performance,
        "target": point.target,
        "importance": point.importance,
        "rating_text": rating,
        "level": level,
        "level_words": LEVEL_WORDS[level],
        "bar": bar,
        "target_bar": target_bar,
        "below_target": score.gap is not None and score.gap > 0,
        "pain_points": list(point.pain_points),
        "quotes": [quote(q) for q in getattr(point, "quotes", None) or []],
        "metrics": [metric(k, v) for k, v in (getattr(point, "metrics", None) or {}).items()],
        "evidence": evidence(point.evidence),
        "notes": point.notes,
    }


def _lane_cells(
    key: str, stage: Stage, cards: list[dict[str, Any]], map_path: str, image_limit: int
) -> Any:
    if key == "touchpoints":
        return [c for c in cards if not c["backstage"]]
    if key == "backstage":
        return [c for c in cards if c["backstage"]]
    if key == "metrics":
        return [metric(k, v) for k, v in stage.metrics.items()]
    if key == "quotes":
        return [quote(q) for q in getattr(stage, "quotes", None) or []]
    if key == "images":
        return [image(i, map_path, image_limit) for i in getattr(stage, "images", None) or []]
    if key == "opportunities":
        return [
            o if isinstance(o, str) else o.name + ("" if o.status == "idea" else f" ({o.status})")
            for o in stage.opportunities
        ]
    return list(getattr(stage, key))


def _state(jmap: JourneyMap) -> tuple[str, str]:
    state = str(getattr(jmap, "state", None) or "as-is")
    return state, "to-be (the experience we want)" if state == "to-be" else "as-is (today)"


def build(
    path: str,
    jmap: JourneyMap,
    persona: Persona,
    score: MapScore,
    *,
    persona_source: str | None = None,
    modified: str | None = None,
    index_href: str | None = None,
    related: dict[str, Any] | None = None,
    image_limit: int,
    details: dict[int, Detail] | None = None,
    site: SitePages | None = None,
) -> dict[str, Any]:
    """The whole page of one map; every key is documented in docs/templates.md.

    `image_limit`: max-image-bytes, as the map was checked with (its images are embedded).

    `related` (from a site render) names the pages of `based_on` and `links` targets;
    `details`: the stages' detail maps (format 1.2) by stage index; `site`: the other pages
    of the site this page is part of.
    """
    by_id = {t.id: t for t in score.touchpoints}
    names = {t.id: t.name for t in score.touchpoints}
    links = Blueprint.of(jmap)
    low, high = jmap.scale.min, jmap.scale.max
    detailed = stage_details(details or {}, score, site)
    stages: list[dict[str, Any]] = []
    for index, (stage, stage_score) in enumerate(zip(jmap.stages, score.stages, strict=True)):
        cards = [
            touchpoint_view(p, by_id[p.id or ""], jmap, links, names) for p in stage.touchpoints
        ]
        stages.append(
            {
                "id": stage_score.id,
                "name": stage.name,
                "description": stage.description,
                "detail": detailed.get(index),
                "physical_evidence": list(stage.physical_evidence),
                "emotion": stage.emotion,
                "effort": stage.effort,
                "misaligned": stage_score.misaligned,
                "cards": cards,
                "lanes": {
                    key: _lane_cells(key, stage, cards, path, image_limit)
                    for key, _, kind in LANES
                    if kind not in ("curve", "visibility")
                },
            }
        )
    lanes = []
    for key, label, kind in LANES:
        if kind == "curve":
            filled = any(s["emotion"] is not None for s in stages)
        elif kind == "visibility":
            filled = any(s["lanes"]["backstage"] for s in stages)
        else:
            filled = any(s["lanes"][key] for s in stages)
        if filled:
            if key == "backstage" and any(
                c["layer"] == "support" for s in stages for c in s["cards"]
            ):
                label = "Backstage and support"
            lanes.append({"key": key, "label": label, "kind": kind})
    state, state_words = _state(jmap)
    drawn, rolled, up = blueprint_view(jmap, links, stages), rollup(score), parents(site)
    ranked = opportunities(jmap, score)
    act = where_to_act(jmap, score, stages, ranked)
    strip = [
        {
            "key": key,
            "label": label,
            "meaning": meaning,
            "group": next(g for g, _, keys in SCORE_GROUPS if key in keys),
            "value": shown(score.figure(key))
            if key != "moments_of_truth"
            else str(score.moments_of_truth),
            "measured": score.figure(key) is not None,
        }
        for key, label, meaning in SCORE_STRIP
    ]
    persona_image = getattr(persona, "image", None)
    related = related or {}
    return {
        "generator": f"jmap {__version__}",
        "source": relative_source(path),
        "modified": modified,
        "index_href": index_href,
        "map": {
            "id": score.id,
            "title": jmap.title,
            "description": jmap.description,
            "owner": jmap.owner,
            "tags": list(jmap.tags),
            "scenario": jmap.scenario,
            "journey": str(getattr(jmap, "journey", None) or score.id),
            "state": state,
            "state_words": state_words,
            "based_on": related.get("based_on"),
            "links": related.get("links", []),
            "scale": {
                "min": low,
                "max": high,
                "words": f"ratings {low}–{high}",
                "axis": axis(low, high),
            },
        },
        "persona": {
            "name": persona.name,
            "description": persona.description,
            "segment": persona.segment,
            "goals": list(persona.goals),
            "frustrations": list(persona.frustrations),
            "traits": list(persona.traits),
            "quote": persona.quote,
            "source": relative_source(persona_source) if persona_source else None,
            "image": (
                image(persona_image, persona_source or path, image_limit) if persona_image else None
            ),
        },
        "scores": strip,
        "score_groups": [
            {
                "key": key,
                "title": title,
                "scores": [s for s in strip if s["key"] in keys],
            }
            for key, title, keys in SCORE_GROUPS
        ],
        "emotion": {
            "sparkline": sparkline(score.emotion.curve),
            # on the map's own scale, as the map wrote it: "2 / 5"
            "low": rating(score.emotion.low, score.scale),
            "end": rating(score.emotion.end, score.scale),
        },
        "summary": act["summary"],
        "stages": stages,
        "lanes": lanes,
        "curve": emotion_curve(
            [s.emotion for s in jmap.stages],
            [s.name for s in jmap.stages],
            [list(s.feelings) for s in jmap.stages],
            low,
            high,
        ),
        "hotspots": act["hotspots"],
        "opportunities": act["opportunities"],
        "blueprint": drawn,
        "rollup": rolled,
        "detail_of": up,
        # format 1.2's styles, only on pages that use it: earlier pages stay as they were
        "extra_styles": (["blueprint.css"] if drawn else [])
        + (["hierarchy.css"] if rolled or up or detailed else []),
        "misaligned_stages": [s["name"] for s in stages if s["misaligned"]],
        "dash": DASH,
        "misaligned_notes": misaligned_notes(score),
    }
