"""Roll-up (scoring.md 1.2): a map's figures over its own frontstage touchpoints and those
of every detail map below it, a sub-journey counted once for each time the customer lives it.

The hierarchy is never expanded: each map below is visited once, in breadth-first order,
and the number of times it is lived (its multiplicity: the number of stage-to-detail
routes from the top map down to it) is added up in topological order. The figures are
sums, so a map lived k times adds k times its sums. A hierarchy of 10 levels in which
every stage details the same map is lived 2^9 times at the bottom and costs no more than
a chain. Each map's own part is computed once per `Memo`, which a caller may share
between the maps of one run (the same detail map under several top maps).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from journeymap_cli.format.drilldown import Detail
from journeymap_cli.format.model import JourneyMap, Stage
from journeymap_cli.io.paths import shared_path
from journeymap_cli.score.points import (
    TouchpointScore,
    emotion_of,
    evidenced,
    experience,
    gap,
    hotspots,
    stage_points,
)


@dataclass(frozen=True, slots=True)
class DetailFigures:
    """A stage's detail map, by its own figures (not its roll-up)."""

    path: str  # as the stage's `detail` names it, relative to the parent map
    experience: float | None
    gap: float | None
    emotion_low: float | None  # n(emotion), on 0-100 as every figure
    emotion_end: float | None
    scale: tuple[int, int]  # the detail map's (min, max), to read the emotion back on it


@dataclass(frozen=True, slots=True)
class Rollup:
    experience: float | None
    gap: float | None
    evidence: float | None
    moments_of_truth: int
    hotspots: list[TouchpointScore]  # each map's once, `map` naming the map it is in
    maps: int  # the maps rolled up, this one included, each once
    touchpoints: int  # frontstage touchpoints counted, each once per time it is lived


@dataclass(frozen=True, slots=True)
class Part:
    """What one map adds to a roll-up each time it is lived: sums over its frontstage
    touchpoints, its hotspots, and its own figures for the stage it details."""

    performance: tuple[float, float]  # (Σ w, Σ w·n(performance)) over the rated ones
    gap: tuple[float, float]  # (Σ w, Σ w·gap) over those with both ratings
    rated: int  # frontstage touchpoints with a performance
    backed: int  # ... of which with at least one evidence entry
    moments: int  # frontstage moments of truth
    count: int  # frontstage touchpoints
    hotspots: list[TouchpointScore]
    own: DetailFigures  # with an empty path: the stage that names it fills it in


def _sums(pairs: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """(Σ w, Σ w·x) over (w, x) pairs."""
    total = weighted = 0.0
    for w, x in pairs:
        total += w
        weighted += w * x
    return total, weighted


def part(jmap: JourneyMap, points: Sequence[TouchpointScore]) -> Part:
    """A map's part, from its touchpoints' figures (every layer: the backstage is left out)."""
    front = [p for p in points if not p.backstage]
    rated = [p for p in front if p.performance is not None]
    gapped = [p for p in front if p.gap is not None]
    backed = evidenced(jmap)
    emotion = emotion_of(jmap)
    return Part(
        performance=_sums((p.weight, p.performance or 0.0) for p in rated),
        gap=_sums((p.weight, p.gap or 0.0) for p in gapped),
        rated=len(rated),
        backed=sum(p.id in backed for p in rated),
        moments=sum(p.moment_of_truth for p in front),
        count=len(front),
        hotspots=hotspots(front),
        own=DetailFigures(
            path="",
            experience=experience(front),
            gap=gap(front),
            emotion_low=emotion.low,
            emotion_end=emotion.end,
            scale=(jmap.scale.min, jmap.scale.max),
        ),
    )


Scored = list[list[TouchpointScore]]  # a map's touchpoints' figures, stage by stage


class Memo:
    """Each detail map's figures, computed once however many maps it is below. Kept by the
    map's stages (the list object), so a model read again is scored again; and a map that
    comes up to be scored on its own after it was scored as a detail finds its figures
    here, since the loader hands it the model its parent's details were read into
    (io/references.py, read_ahead)."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[list[Stage], str, list[list[TouchpointScore]], Part]] = {}

    def scored(
        self, jmap: JourneyMap, where: str
    ) -> tuple[list[list[TouchpointScore]], Part] | None:
        """The figures of `jmap` if it was scored here under the same path."""
        kept = self._kept.get(id(jmap.stages))
        if kept is None or kept[0] is not jmap.stages or kept[1] != where:
            return None
        return kept[2], kept[3]

    def part(self, detail: Detail) -> Part:
        where = shared_path(detail.label)
        found = self.scored(detail.jmap, where)
        if found is not None:
            return found[1]
        by_stage = stage_points(detail.jmap, where)
        mine = part(detail.jmap, [p for stage in by_stage for p in stage])
        # the stages are kept with their figures: their id is not reused while kept
        self._kept[id(detail.jmap.stages)] = (detail.jmap.stages, where, by_stage, mine)
        return mine


def _below(details: Mapping[int, Detail]) -> list[Detail]:
    """The maps below, each once, breadth first."""
    found = list({d.path: d for _, d in sorted(details.items())}.values())
    seen = {d.path for d in found}
    for node in found:  # the list grows as it is read: a queue without pops
        for _, child in sorted(node.details.items()):
            if child.path not in seen:
                seen.add(child.path)
                found.append(child)
    return found


def _times(top: Mapping[int, Detail], below: Sequence[Detail]) -> dict[Path, int]:
    """How many times each map below is lived: the routes from the top map down to it,
    added up in topological order (Kahn's), so each link is followed once."""
    waiting = dict.fromkeys((d.path for d in below), 0)
    for node in below:
        for child in node.details.values():
            waiting[child.path] += 1
    times = dict.fromkeys(waiting, 0)
    for detail in top.values():
        times[detail.path] += 1
    by_path = {d.path: d for d in below}
    ready = [d.path for d in below if waiting[d.path] == 0]
    for path in ready:  # grows as it is read
        for child in by_path[path].details.values():
            times[child.path] += times[path]
            waiting[child.path] -= 1
            if waiting[child.path] == 0:
                ready.append(child.path)
    return times


def _times_sums(parts: Iterable[tuple[int, tuple[float, float]]]) -> tuple[float, float]:
    """The (Σ w, Σ w·x) of parts each lived k times."""
    total = weighted = 0.0
    for k, (w, wx) in parts:
        total += k * w
        weighted += k * wx
    return total, weighted


def _ratio(total: tuple[float, float]) -> float | None:
    weight, weighted = total
    return weighted / weight if weight > 0 else None


def roll_up(
    jmap: JourneyMap,
    own: Part,
    details: Mapping[int, Detail],
    memo: Memo | None = None,
) -> tuple[Rollup | None, dict[int, DetailFigures]]:
    """The roll-up of a map with detail maps (None without), and each detailed stage's
    detail map by its own figures (by stage index)."""
    if not details:
        return None, {}
    memo = memo or Memo()
    below = _below(details)
    times = _times(details, below)
    parts = [(1, own)] + [(times[d.path], memo.part(d)) for d in below]
    perf = _times_sums((k, p.performance) for k, p in parts)
    gaps = _times_sums((k, p.gap) for k, p in parts)
    rated = sum(k * p.rated for k, p in parts)
    # each map's hotspots once (sorted() is stable: ties keep the breadth-first order)
    ranked = sorted(
        (h for _, p in parts for h in p.hotspots), key=lambda h: -(h.weighted_gap or 0.0)
    )
    rollup = Rollup(
        experience=_ratio(perf),
        gap=_ratio(gaps),
        evidence=100 * sum(k * p.backed for k, p in parts) / rated if rated else None,
        moments_of_truth=sum(k * p.moments for k, p in parts),
        hotspots=ranked,
        maps=len(parts),
        touchpoints=sum(k * p.count for k, p in parts),
    )
    stages = {
        s: replace(memo.part(d).own, path=jmap.stages[s].detail or "") for s, d in details.items()
    }
    return rollup, stages
