"""One map's touchpoints as figures (scoring.md): the scale, the weights, the hotspots and
what stands behind each of them. Pure functions over the model, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from journeymap_cli.format.blueprint import LAYERS, Blueprint, may_support, unseen
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
    # the map it is in (as MapScore.path names maps), which a roll-up's hotspots tell apart
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
    `where`: the map's path."""
    scale = Scale(jmap)
    channels, owners = Vocabulary(jmap.channels), Vocabulary(jmap.teams)
    stages = [
        [_touchpoint(scale, stage, p, channels, owners, where) for p in stage.touchpoints]
        for stage in jmap.stages
    ]
    if any(p.supports for stage in jmap.stages for p in stage.touchpoints):
        behind = _behind(Blueprint.of(jmap), scale)
        stages = [
            [replace(p, behind=behind.get(p.id, [])) if is_hotspot(p) else p for p in points]
            for points in stages
        ]
    return stages


# What a hotspot rests on: its weakest supporters, at most this many. All of them would make
# the lists quadratic in a blueprint drawn as a web (1,000 hotspots each resting on the same
# 1,000 systems: a million entries, 27 s and 156 MB of JSON); a hotspot rests on a few.
BEHIND_AT_MOST = 10

# (unrated last, n(performance), links away, spine order): weakest first, then nearest
_Rank = tuple[bool, float, int, int]


def _behind(blueprint: Blueprint, scale: Scale) -> dict[str, list[Behind]]:
    """For every touchpoint, the BEHIND_AT_MOST weakest of the backstage and support
    touchpoints that support it, directly or through others.

    Links run towards the customer (support → backstage → frontstage), so the layers are
    a topological order: each touchpoint's list is made from its supporters' lists, which
    are complete by then, and the K weakest of a union are among the K weakest of each
    part. Linear in links for a fixed K; a link that does not run inwards (only in a map
    that failed validation) is not followed.
    """
    order = {pid: i for i, pid in enumerate(blueprint.points)}
    found: dict[str, dict[str, _Rank]] = {}
    for layer in reversed(LAYERS):  # the farthest from the customer first
        for point in blueprint.layer(layer):
            pid = point.id or ""
            ranks: dict[str, _Rank] = {}
            for giver in blueprint.supported_by.get(pid, ()):
                gid = giver.id or ""
                if not may_support(giver.layer, point.layer):
                    continue
                perf = scale.n(giver.performance)
                candidates = [(gid, (perf is None, perf or 0.0, 1, order[gid]))]
                candidates += [
                    (aid, (r[0], r[1], r[2] + 1, r[3])) for aid, r in found.get(gid, {}).items()
                ]
                for aid, rank in candidates:
                    if aid not in ranks or rank < ranks[aid]:
                        ranks[aid] = rank
            weakest = sorted(ranks.items(), key=lambda item: item[1])[:BEHIND_AT_MOST]
            found[pid] = dict(weakest)
    return {
        pid: [
            Behind(aid, blueprint.points[aid].name, str(blueprint.points[aid].layer), _n(rank))
            for aid, rank in ranks.items()
        ]
        for pid, ranks in found.items()
        if ranks
    }


def _n(rank: _Rank) -> float | None:
    return None if rank[0] else rank[1]


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
