"""Maps that share a `journey`, side by side: personas, states, as-is against to-be.

Within a journey, states are listed as-is, then to-be, then any other by name; maps in
that order of their state, then by persona and path; personas by name. So the listing
reads the same whatever order the files were found in (`car-purchase-to-be.jmap.yaml`
sorts before `car-purchase.jmap.yaml`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from journeymap_cli.score.figures import MapScore

# the figures set side by side per persona, and compared between as-is and to-be
JOURNEY_FIGURES = ("experience", "gap", "evidence", "emotion.low", "emotion.end")
STATE_ORDER = {"as-is": 0, "to-be": 1}


def state_key(state: str) -> tuple[int, str]:
    """as-is, then to-be, then any other state by name."""
    return STATE_ORDER.get(state, len(STATE_ORDER)), state


def _name_key(name: str) -> tuple[str, str]:
    return name.casefold(), name


def _map_key(score: MapScore) -> tuple[tuple[int, str], tuple[str, str], str]:
    return state_key(score.state), _name_key(score.persona), score.path


@dataclass(frozen=True, slots=True)
class JourneyMapView:
    """One map of a journey: its persona, state and figures, the curve on the journey's stages."""

    path: str
    id: str
    title: str
    persona: str
    state: str
    figures: dict[str, float | None]
    curve: list[float | None]  # n(emotion) per stage of the journey; None where it has none


@dataclass(frozen=True, slots=True)
class Comparison:
    """A to-be map beside the as-is map it improves on: `deltas` are to-be minus as-is."""

    persona: str
    as_is: str  # path
    to_be: str  # path
    deltas: dict[str, float | None]  # None where either side has nothing to measure


@dataclass(frozen=True, slots=True)
class JourneySummary:
    journey: str
    stages: list[str]  # stage ids, every map's spine merged in order
    stage_names: list[str]
    personas: list[str]
    states: list[str]
    maps: list[JourneyMapView]
    comparisons: list[Comparison]


def _merged_spine(scores: Sequence[MapScore]) -> tuple[list[str], dict[str, str]]:
    """Stage ids of every map in one order: a stage only one map has follows its predecessor."""
    order: list[str] = []
    names: dict[str, str] = {}
    for score in scores:
        at = -1
        for stage in score.stages:
            if stage.id in names:
                at = order.index(stage.id)
            else:
                names[stage.id] = stage.name
                at += 1
                order.insert(at, stage.id)
    return order, names


def _norm(path: str) -> str:
    return posixpath.normpath(path.replace("\\", "/"))


def _as_is_of(to_be: MapScore, group: Sequence[MapScore]) -> MapScore | None:
    """The as-is map a to-be map improves on: its `based_on` when that is in the group,
    else the one as-is map of the same persona."""
    as_is = [s for s in group if s.state == "as-is"]
    if to_be.based_on:
        target = _norm(posixpath.join(posixpath.dirname(_norm(to_be.path)), to_be.based_on))
        named = [s for s in as_is if _norm(s.path) == target]
        if named:
            return named[0]
    same = [s for s in as_is if s.persona == to_be.persona]
    return same[0] if len(same) == 1 else None


def _delta(old: float | None, new: float | None) -> float | None:
    return None if old is None or new is None else new - old


def journeys(scores: Sequence[MapScore]) -> list[JourneySummary]:
    """One summary per journey that two or more maps share, in order of first appearance;
    its states, maps and personas in the order the module's docstring gives."""
    groups: dict[str, list[MapScore]] = {}
    for score in scores:
        groups.setdefault(score.journey, []).append(score)
    out: list[JourneySummary] = []
    for journey, found in groups.items():
        if len(found) < 2:
            continue
        group = sorted(found, key=_map_key)
        order, names = _merged_spine(group)
        views = []
        for s in group:
            emotion = {st.id: st.emotion for st in s.stages}
            views.append(
                JourneyMapView(
                    path=s.path,
                    id=s.id,
                    title=s.title,
                    persona=s.persona,
                    state=s.state,
                    figures={f: s.figure(f) for f in JOURNEY_FIGURES},
                    curve=[emotion.get(sid) for sid in order],
                )
            )
        comparisons = []
        for s in group:
            base = _as_is_of(s, group) if s.state == "to-be" else None
            if base is not None:
                deltas = {f: _delta(base.figure(f), s.figure(f)) for f in JOURNEY_FIGURES}
                comparisons.append(Comparison(s.persona, base.path, s.path, deltas))
        out.append(
            JourneySummary(
                journey=journey,
                stages=order,
                stage_names=[names[sid] for sid in order],
                personas=sorted({s.persona for s in group}, key=_name_key),
                states=sorted({s.state for s in group}, key=state_key),
                maps=views,
                comparisons=comparisons,
            )
        )
    return out
