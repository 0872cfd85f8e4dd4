"""The view-model templates receive: plain dicts, lists and strings built from a scored map.

Templates never see the pydantic model or raw YAML, and compute nothing: every label,
number text and curve coordinate is prepared here. docs/templates.md documents the shape.
"""

from __future__ import annotations

import re
from typing import Any

from journeymap_cli import __version__
from journeymap_cli.format.model import JourneyMap, Persona, Stage, Touchpoint
from journeymap_cli.format.parts import metric_value, opportunity_name
from journeymap_cli.render.curve import emotion_curve
from journeymap_cli.score.figures import MapScore, TouchpointScore
from journeymap_cli.score.output import DASH, shown, sparkline
from journeymap_cli.score.reading import (
    EXPERIENCE_TITLE,
    QUALITY_TITLE,
    misaligned_notes,
    rating,
)

TOP_HOTSPOTS = 5
_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)

# The lanes of the grid in render.md's order; (key, label, kind).
LANES = (
    ("goals", "Goals", "list"),
    ("actions", "Actions", "list"),
    ("thoughts", "Thoughts", "list"),
    ("feelings", "Feelings", "list"),
    ("emotion", "Emotion", "curve"),
    ("touchpoints", "Touchpoints", "touchpoints"),
    ("visibility", "Line of visibility", "visibility"),
    ("backstage", "Backstage", "touchpoints"),
    ("pain_points", "Pain points", "list"),
    ("barriers", "Barriers", "list"),
    ("motivations", "Motivations", "list"),
    ("questions", "Questions", "list"),
    ("opportunities", "Opportunities", "list"),
    ("metrics", "Metrics", "metrics"),
)

SCORE_STRIP = (
    ("experience", "Experience", "importance-weighted performance, 0–100"),
    ("gap", "Gap to target", "how far below target, 0–100 (lower is better)"),
    ("completeness", "Completeness", "share of the map's checks that hold, %"),
    ("ownership", "Ownership", "share of touchpoints with an accountable team, %"),
    ("moments_of_truth", "Moments of truth", "touchpoints that decide whether customers stay"),
)
# Which question each figure answers (score/reading.py): the customer's experience, or
# the map's quality as a piece of work.
SCORE_GROUPS = (
    ("experience", EXPERIENCE_TITLE, ("experience", "gap", "moments_of_truth")),
    ("quality", QUALITY_TITLE, ("completeness", "ownership", "evidence")),
)


def safe_href(text: str) -> str | None:
    """The link itself when it is http(s) and nothing else; None for anything else."""
    candidate = text.strip()
    return candidate if _URL.match(candidate) else None


def evidence(items: list[str]) -> list[dict[str, Any]]:
    return [{"text": item, "href": safe_href(item)} for item in items]


def rating_level(n: float | None) -> str:
    """A colour class backed by words: poor (< 40), fair (< 70), good, or none."""
    if n is None:
        return "none"
    return "poor" if n < 40 else "fair" if n < 70 else "good"


def touchpoint_view(point: Touchpoint, score: TouchpointScore, jmap: JourneyMap) -> dict[str, Any]:
    high = jmap.scale.max
    if point.performance is not None:
        rating = f"{point.performance} / {high}"
        if point.target is not None:
            rating += f" → target {point.target}"
    else:
        rating = "not rated" + (f" (target {point.target})" if point.target is not None else "")
    return {
        "id": score.id,
        "name": point.name,
        "channel": score.channel,
        "owner": score.owner,
        "backstage": point.backstage,
        "moment_of_truth": point.moment_of_truth,
        "would_pay": point.would_pay,
        "performance": point.performance,
        "target": point.target,
        "importance": point.importance,
        "rating_text": rating,
        "level": rating_level(score.performance),
        "bar": None if score.performance is None else round(score.performance, 1),
        "target_bar": None if score.target is None else round(score.target, 1),
        "pain_points": list(point.pain_points),
        "evidence": evidence(point.evidence),
        "notes": point.notes,
    }


def _lane_cells(key: str, stage: Stage, cards: list[dict[str, Any]]) -> Any:
    if key == "touchpoints":
        return [c for c in cards if not c["backstage"]]
    if key == "backstage":
        return [c for c in cards if c["backstage"]]
    if key == "pain_points":
        return [pain for c in cards for pain in c["pain_points"]]
    if key == "metrics":  # format 1.1 metric mappings show their value until 1.1 rendering
        return [{"name": k, "value": str(metric_value(v))} for k, v in stage.metrics.items()]
    if key == "opportunities":  # format 1.1 opportunity mappings show their name
        return [opportunity_name(o) for o in stage.opportunities]
    return list(getattr(stage, key))


def build(
    path: str,
    jmap: JourneyMap,
    persona: Persona,
    score: MapScore,
    *,
    persona_source: str | None = None,
    modified: str | None = None,
) -> dict[str, Any]:
    """The whole page of one map; every key is documented in docs/templates.md."""
    by_id = {t.id: t for t in score.touchpoints}
    stages: list[dict[str, Any]] = []
    for stage, stage_score in zip(jmap.stages, score.stages, strict=True):
        cards = [touchpoint_view(p, by_id[p.id or ""], jmap) for p in stage.touchpoints]
        stages.append(
            {
                "id": stage_score.id,
                "name": stage.name,
                "description": stage.description,
                "emotion": stage.emotion,
                "effort": stage.effort,
                "misaligned": stage_score.misaligned,
                "cards": cards,
                "lanes": {
                    key: _lane_cells(key, stage, cards)
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
            lanes.append({"key": key, "label": label, "kind": kind})
    feelings = [(s.feelings[0] if s.feelings else None) for s in jmap.stages]
    low, high = jmap.scale.min, jmap.scale.max
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
    return {
        "generator": f"jmap {__version__}",
        "source": path,
        "modified": modified,
        "map": {
            "id": score.id,
            "title": jmap.title,
            "description": jmap.description,
            "owner": jmap.owner,
            "tags": list(jmap.tags),
            "scenario": jmap.scenario,
            "scale": {"min": low, "max": high, "words": f"ratings {low}–{high}"},
        },
        "persona": {
            "name": persona.name,
            "description": persona.description,
            "segment": persona.segment,
            "goals": list(persona.goals),
            "frustrations": list(persona.frustrations),
            "traits": list(persona.traits),
            "quote": persona.quote,
            "source": persona_source,
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
        "stages": stages,
        "lanes": lanes,
        "curve": emotion_curve(
            [s.emotion for s in jmap.stages], [s.name for s in jmap.stages], feelings, low, high
        ),
        "hotspots": [
            {
                "name": h.name,
                "stage": h.stage_name,
                "owner": h.owner,
                "channel": h.channel,
                "moment_of_truth": h.moment_of_truth,
                "rating_text": _card(stages, h.id)["rating_text"],
                "weighted_gap": f"{h.weighted_gap:.0f}" if h.weighted_gap is not None else DASH,
                "pain_points": h.pain_points,
            }
            for h in score.hotspots[:TOP_HOTSPOTS]
        ],
        "misaligned_stages": [s["name"] for s in stages if s["misaligned"]],
        "misaligned_notes": misaligned_notes(score),
    }


def _card(stages: list[dict[str, Any]], touchpoint_id: str) -> dict[str, Any]:
    cards: list[dict[str, Any]] = [c for stage in stages for c in stage["cards"]]
    return next(c for c in cards if c["id"] == touchpoint_id)
