"""One map's touchpoints as figures (scoring.md): the scale, the weights, the hotspots and
what stands behind each of them. Pure functions over the model, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from journeymap_cli.format.blueprint import Blueprint, unseen
from journeymap_cli.format.model import (
    JourneyMap,
    Named,
    Stage,
    Touchpoint,
    entry_id,
    entry_name,
)
from journeymap_cli.format.model import slugify as _slug
from journeymap_cli.score.opportunities import factor


@dataclass(frozen=True, slots=True)
class Emotion:
    curve: list[float | None]
    low: float | None
    high: float | None
    end: float | None


@dataclass(frozen=True, slots=True)
class Behind:
    """A backstage or support touchpoint that a hotspot rests on (scoring.md 1.2)."""

    id: str
    name: str
    layer: str  # backstage or support
    performance: float | None  # n(performance); None where it is not rated


@dataclass(frozen=True, slots=True)
class TouchpointScore:
    id: str
    name: str
    stage: str  # stage id
    stage_name: str
    channel: str | None  # display name (the declared name when a vocabulary matches)
    owner: str | None
    backstage: bool  # out of the customer's sight: the backstage or the support layer
    moment_of_truth: bool
    weight: float
    performance: float | None  # n(performance)
    target: float | None  # n(target)
    gap: float | None  # n(target) - n(performance)
    weighted_gap: float | None  # weight * gap
    pain_points: list[str]
    # format 1.2: the layer, the work behind a hotspot (weakest first; hotspots only), and
    # the detail map it is in when scored as one (as `path` names maps; "" for a map's own)
    layer: str = "frontstage"
    behind: list[Behind] = field(default_factory=list)
    map: str = ""


def mean(values: Sequence[float]) -> float:
    # not statistics.fmean: importing statistics costs ~8 ms of every command's start-up
    return sum(values) / len(values)


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Σ w·x / Σ w over (w, x) pairs; None when there is nothing (or no weight) to average."""
    pairs = list(pairs)
    total = sum(w for w, _ in pairs)
    if not pairs or total <= 0:
        return None
    return sum(w * x for w, x in pairs) / total


class Scale:
    """A map's rating scale: n(rating) on 0-100, and a touchpoint's weight."""

    def __init__(self, jmap: JourneyMap) -> None:
        self.low, self.high = jmap.scale.min, jmap.scale.max

    def n(self, rating: int | None) -> float | None:
        if rating is None:
            return None
        return 100 * (rating - self.low) / (self.high - self.low)

    def weight(self, point: Touchpoint) -> float:
        # 1 + 4·n(importance)/100: 1 to 5 on any scale (the raw importance on 1-5, as in
        # version 1); the raw midpoint weighed 0 on a -2…2 scale and left no figure at all
        return factor(self.n(point.importance)) * (2 if point.moment_of_truth else 1)


class Vocabulary:
    """Display names of channels and owners: the declared name when one matches."""

    def __init__(self, entries: Sequence[str | Named] | None) -> None:
        self.names: dict[str, str] = {}
        for entry in entries or []:
            name = entry_name(entry)
            for key in (entry_id(entry), name):
                self.names[_slug(key) or key] = name  # a slug-less name matches only itself

    def display(self, value: str | None) -> str | None:
        if value is None:
            return None
        return self.names.get(_slug(value) or value, value)


def _touchpoint(
    scale: Scale,
    stage: Stage,
    point: Touchpoint,
    channels: Vocabulary,
    owners: Vocabulary,
    where: str,
) -> TouchpointScore:
    perf, target = scale.n(point.performance), scale.n(point.target)
    gap = target - perf if perf is not None and target is not None else None
    weight = scale.weight(point)
    return TouchpointScore(
        id=point.id or "",
        name=point.name,
        stage=stage.id or "",
        stage_name=stage.name,
        channel=channels.display(point.channel),
        owner=owners.display(point.owner),
        backstage=unseen(point),
        moment_of_truth=point.moment_of_truth,
        weight=weight,
        performance=perf,
        target=target,
        gap=gap,
        weighted_gap=weight * gap if gap is not None else None,
        pain_points=list(point.pain_points),
        layer=str(point.layer),
        map=where,
    )


def stage_points(jmap: JourneyMap, where: str = "") -> list[list[TouchpointScore]]:
    """Every touchpoint's figures, stage by stage; hotspots carry what stands behind them.
    `where`: the map's path, for a detail map scored into a roll-up."""
    scale = Scale(jmap)
    channels, owners = Vocabulary(jmap.channels), Vocabulary(jmap.teams)
    stages = [
        [_touchpoint(scale, stage, p, channels, owners, where) for p in stage.touchpoints]
        for stage in jmap.stages
    ]
    if any(p.supports for stage in jmap.stages for p in stage.touchpoints):
        blueprint = Blueprint.of(jmap)
        stages = [
            [
                replace(p, behind=_behind(blueprint, scale, p.id)) if is_hotspot(p) else p
                for p in points
            ]
            for points in stages
        ]
    return stages


def _behind(blueprint: Blueprint, scale: Scale, point_id: str) -> list[Behind]:
    """The backstage and support work a touchpoint rests on, weakest first, unrated last
    (sorted() is stable: equals stay nearest first, as Blueprint.behind finds them)."""
    found = [
        Behind(p.id or "", p.name, str(p.layer), scale.n(p.performance))
        for p in blueprint.behind(point_id)
    ]
    return sorted(found, key=lambda b: (b.performance is None, b.performance or 0.0))


def is_hotspot(p: TouchpointScore) -> bool:
    """Frontstage, with both ratings, below its target."""
    return not p.backstage and p.gap is not None and p.gap > 0


def hotspots(points: Iterable[TouchpointScore]) -> list[TouchpointScore]:
    """Hotspots ranked by weighted gap, largest first; sorted() is stable, so equal weighted
    gaps keep the order given (spine order)."""
    return sorted((p for p in points if is_hotspot(p)), key=lambda p: -(p.weighted_gap or 0.0))


def experience(points: Iterable[TouchpointScore]) -> float | None:
    return weighted_mean(
        (p.weight, p.performance) for p in points if not p.backstage and p.performance is not None
    )


def gap(points: Iterable[TouchpointScore]) -> float | None:
    return weighted_mean((p.weight, p.gap) for p in points if not p.backstage and p.gap is not None)


def emotion_figures(curve: list[float | None]) -> Emotion:
    present = [v for v in curve if v is not None]
    return Emotion(
        curve=curve,
        low=min(present) if present else None,
        high=max(present) if present else None,
        end=present[-1] if present else None,
    )


def emotion_of(jmap: JourneyMap) -> Emotion:
    """The emotion curve of a map: n(emotion) per stage, in spine order."""
    scale = Scale(jmap)
    return emotion_figures([scale.n(stage.emotion) for stage in jmap.stages])


def evidenced(jmap: JourneyMap) -> set[str]:
    """Ids of the touchpoints with at least one evidence entry."""
    return {p.id for s in jmap.stages for p in s.touchpoints if p.evidence and p.id}
