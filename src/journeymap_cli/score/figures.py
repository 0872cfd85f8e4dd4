"""The figures of one map (../shared/spec/scoring.md, version 1.1): pure functions, no I/O.

Every figure is kept at full precision; a figure with nothing to measure is None (never 0).
Rounding and the `–` for None belong to the output formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from journeymap_cli.format.model import (
    JourneyMap,
    Named,
    Persona,
    Stage,
    Touchpoint,
    entry_id,
    entry_name,
)
from journeymap_cli.format.model import slugify as _slug
from journeymap_cli.score.opportunities import OpportunityScore, factor, score_opportunities

MISALIGNED_SPREAD = 50.0  # channels this far apart in one stage are misaligned
WEAK_BELOW = 50.0  # a touchpoint with n(performance) under this is weak


@dataclass(frozen=True, slots=True)
class Emotion:
    curve: list[float | None]
    low: float | None
    high: float | None
    end: float | None


@dataclass(frozen=True, slots=True)
class Check:
    """One completeness check: `subject` (where) and `what` it asks for."""

    subject: str
    what: str
    held: bool

    def __str__(self) -> str:
        return f"{self.subject}: {self.what}"


@dataclass(frozen=True, slots=True)
class TouchpointScore:
    id: str
    name: str
    stage: str  # stage id
    stage_name: str
    channel: str | None  # display name (the declared name when a vocabulary matches)
    owner: str | None
    backstage: bool
    moment_of_truth: bool
    weight: float
    performance: float | None  # n(performance)
    target: float | None  # n(target)
    gap: float | None  # n(target) - n(performance)
    weighted_gap: float | None  # weight * gap
    pain_points: list[str]


@dataclass(frozen=True, slots=True)
class StageScore:
    id: str
    name: str
    emotion: float | None  # n(emotion)
    effort: float | None  # n(effort)
    experience: float | None
    gap: float | None
    channels: dict[str, float]  # channel → mean n(performance) of its frontstage touchpoints
    misaligned: bool


@dataclass(frozen=True, slots=True)
class MapScore:
    path: str
    id: str
    title: str
    experience: float | None
    gap: float | None
    emotion: Emotion
    completeness: float | None
    checks: list[Check]
    ownership: float | None
    moments_of_truth: int
    misaligned_stages: list[str]
    hotspots: list[TouchpointScore]
    stages: list[StageScore]
    touchpoints: list[TouchpointScore]
    # format 1.1: how much of experience rests on evidence, and the opportunities' figures
    evidence: float | None = None
    opportunities: list[OpportunityScore] = field(default_factory=list)
    # what the portfolio groups and filters by (journey defaults to the map's id)
    journey: str = ""
    state: str = "as-is"
    persona: str = ""
    tags: list[str] = field(default_factory=list)
    based_on: str | None = None
    scale: tuple[int, int] = (1, 5)  # the map's (min, max): outputs show ratings on it

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.held]

    def figure(self, name: str) -> float | None:
        """A gateable figure by its dotted name: 'experience', 'emotion.low', ..."""
        if name.startswith("emotion."):
            value: float | None = getattr(self.emotion, name.split(".", 1)[1])
            return value
        return float(self.moments_of_truth) if name == "moments_of_truth" else getattr(self, name)


@dataclass(frozen=True, slots=True)
class OwnerLoad:
    """What one owner (team) holds across the maps."""

    owner: str | None  # None: touchpoints nobody owns
    touchpoints: int
    weak_touchpoints: int  # n(performance) < 50
    pain_points: int
    maps: list[str]  # map ids
    weighted_gap: float = 0.0  # Σ w·gap of its frontstage touchpoints, positive gaps only


@dataclass(frozen=True, slots=True)
class Portfolio:
    maps: int
    means: dict[str, float | None]  # figure → mean over the maps where it is not None
    owners: list[OwnerLoad]


def _mean(values: Sequence[float]) -> float:
    # not statistics.fmean: importing statistics costs ~8 ms of every command's start-up
    return sum(values) / len(values)


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Σ w·x / Σ w over (w, x) pairs; None when there is nothing (or no weight) to average."""
    pairs = list(pairs)
    total = sum(w for w, _ in pairs)
    if not pairs or total <= 0:
        return None
    return sum(w * x for w, x in pairs) / total


class _Scale:
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


class _Vocabulary:
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
    scale: _Scale, stage: Stage, point: Touchpoint, channels: _Vocabulary, owners: _Vocabulary
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
        backstage=point.backstage,
        moment_of_truth=point.moment_of_truth,
        weight=weight,
        performance=perf,
        target=target,
        gap=gap,
        weighted_gap=weight * gap if gap is not None else None,
        pain_points=list(point.pain_points),
    )


def _experience(points: Iterable[TouchpointScore]) -> float | None:
    return _weighted_mean(
        (p.weight, p.performance) for p in points if not p.backstage and p.performance is not None
    )


def _gap(points: Iterable[TouchpointScore]) -> float | None:
    return _weighted_mean(
        (p.weight, p.gap) for p in points if not p.backstage and p.gap is not None
    )


def _stage(scale: _Scale, stage: Stage, points: list[TouchpointScore]) -> StageScore:
    by_channel: dict[str, list[float]] = {}
    for p in points:
        if not p.backstage and p.performance is not None and p.channel is not None:
            by_channel.setdefault(p.channel, []).append(p.performance)
    means = {channel: _mean(values) for channel, values in by_channel.items()}
    spread = max(means.values()) - min(means.values()) if len(means) >= 2 else 0.0
    return StageScore(
        id=stage.id or "",
        name=stage.name,
        emotion=scale.n(stage.emotion),
        effort=scale.n(stage.effort),
        experience=_experience(points),
        gap=_gap(points),
        channels=means,
        misaligned=spread >= MISALIGNED_SPREAD,
    )


def completeness_checks(jmap: JourneyMap, persona: Persona | None) -> list[Check]:
    """The checks of scoring.md, each counted once where it applies, in spine order."""
    checks: list[Check] = []
    if persona is not None:
        checks.append(Check("persona", "a description", bool(persona.description)))
        checks.append(Check("persona", "at least one goal", bool(persona.goals)))
    for stage in jmap.stages:
        where = f"stage {stage.id!r}"
        checks.append(Check(where, "at least one action", bool(stage.actions)))
        checks.append(
            Check(where, "at least one thought or feeling", bool(stage.thoughts or stage.feelings))
        )
        checks.append(Check(where, "an emotion", stage.emotion is not None))
        checks.append(Check(where, "at least one touchpoint", bool(stage.touchpoints)))
        for point in stage.touchpoints:
            at = f"touchpoint {point.id!r}"
            # backstage work may have neither a channel nor a performance (scoring.md 1.1)
            if not point.backstage:
                checks.append(Check(at, "a channel", point.channel is not None))
            checks.append(Check(at, "an owner", point.owner is not None))
            if not point.backstage:
                checks.append(Check(at, "a performance rating", point.performance is not None))
            if point.moment_of_truth:
                checks.append(Check(at, "a target (moment of truth)", point.target is not None))
                checks.append(
                    Check(at, "at least one evidence entry (moment of truth)", bool(point.evidence))
                )
    return checks


def emotion_figures(curve: list[float | None]) -> Emotion:
    present = [v for v in curve if v is not None]
    return Emotion(
        curve=curve,
        low=min(present) if present else None,
        high=max(present) if present else None,
        end=present[-1] if present else None,
    )


def score_map(path: str, jmap: JourneyMap, persona: Persona | None) -> MapScore:
    """Every figure of one map. `persona` is the resolved persona (inline or from its file)."""
    scale = _Scale(jmap)
    channels, owners = _Vocabulary(jmap.channels), _Vocabulary(jmap.teams)
    stages: list[StageScore] = []
    points: list[TouchpointScore] = []
    for stage in jmap.stages:
        mine = [_touchpoint(scale, stage, p, channels, owners) for p in stage.touchpoints]
        stages.append(_stage(scale, stage, mine))
        points += mine
    checks = completeness_checks(jmap, persona)
    held = sum(c.held for c in checks)
    ranked = [p for p in points if not p.backstage and p.gap is not None and p.gap > 0]
    # sorted() is stable: equal weighted gaps keep spine order
    ranked.sort(key=lambda p: -(p.weighted_gap or 0.0))
    rated = [p for p in points if not p.backstage and p.performance is not None]
    evidenced = {p.id for s in jmap.stages for p in s.touchpoints if p.evidence}
    gains = {p.id: p.weighted_gap or 0.0 for p in ranked}
    return MapScore(
        path=path,
        id=jmap.id or "",
        title=jmap.title,
        experience=_experience(points),
        gap=_gap(points),
        emotion=emotion_figures([s.emotion for s in stages]),
        completeness=100 * held / len(checks) if checks else None,
        checks=checks,
        ownership=100 * sum(p.owner is not None for p in points) / len(points) if points else None,
        moments_of_truth=sum(p.moment_of_truth for p in points),
        misaligned_stages=[s.id for s in stages if s.misaligned],
        hotspots=ranked,
        stages=stages,
        touchpoints=points,
        evidence=100 * sum(p.id in evidenced for p in rated) / len(rated) if rated else None,
        opportunities=score_opportunities(jmap.stages, scale.n, gains),
        journey=jmap.journey or jmap.id or path,
        state=jmap.state,
        persona=persona.name if persona is not None else "",
        tags=list(jmap.tags),
        based_on=jmap.based_on,
        scale=(jmap.scale.min, jmap.scale.max),
    )
