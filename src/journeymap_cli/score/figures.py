"""The figures of one map (../shared/spec/scoring.md, version 1.2): pure functions, no I/O.

Every figure is kept at full precision; a figure with nothing to measure is None (never 0).
Rounding and the `–` for None belong to the output formats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from journeymap_cli.format.blueprint import unseen
from journeymap_cli.format.drilldown import Detail
from journeymap_cli.format.model import JourneyMap, Persona, Stage
from journeymap_cli.score.opportunities import OpportunityScore, score_opportunities
from journeymap_cli.score.points import (
    Behind,
    Emotion,
    Scale,
    TouchpointScore,
    emotion_figures,
    evidenced,
    experience,
    gap,
    hotspots,
    mean,
    stage_points,
)
from journeymap_cli.score.rollup import DetailFigures, Memo, Rollup, part, roll_up

# the figures' types, for the outputs and the page to import from one place
__all__ = [
    "Behind",
    "Check",
    "DetailFigures",
    "Emotion",
    "MapScore",
    "OwnerLoad",
    "Portfolio",
    "Rollup",
    "StageScore",
    "TouchpointScore",
    "completeness_checks",
    "mean",
    "score_map",
]

MISALIGNED_SPREAD = 50.0  # channels this far apart in one stage are misaligned
WEAK_BELOW = 50.0  # a touchpoint with n(performance) under this is weak


@dataclass(frozen=True, slots=True)
class Check:
    """One completeness check: `subject` (where) and `what` it asks for."""

    subject: str
    what: str
    held: bool

    def __str__(self) -> str:
        return f"{self.subject}: {self.what}"


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
    detail: DetailFigures | None = None  # format 1.2: the map this stage opens into


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
    # format 1.2: with the detail maps below it (None for a map without details)
    rollup: Rollup | None = None

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.held]

    def figure(self, name: str) -> float | None:
        """A gateable figure by its dotted name: 'experience', 'emotion.low', ..."""
        if name.startswith("emotion."):
            value: float | None = getattr(self.emotion, name.split(".", 1)[1])
            return value
        if name.startswith("rollup."):
            if self.rollup is None:
                return None
            rolled: float | int | None = getattr(self.rollup, name.split(".", 1)[1])
            return None if rolled is None else float(rolled)
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


def _stage(
    scale: Scale, stage: Stage, points: list[TouchpointScore], detail: DetailFigures | None
) -> StageScore:
    by_channel: dict[str, list[float]] = {}
    for p in points:
        if not p.backstage and p.performance is not None and p.channel is not None:
            by_channel.setdefault(p.channel, []).append(p.performance)
    means = {channel: mean(values) for channel, values in by_channel.items()}
    spread = max(means.values()) - min(means.values()) if len(means) >= 2 else 0.0
    return StageScore(
        id=stage.id or "",
        name=stage.name,
        emotion=scale.n(stage.emotion),
        effort=scale.n(stage.effort),
        experience=experience(points),
        gap=gap(points),
        channels=means,
        misaligned=spread >= MISALIGNED_SPREAD,
        detail=detail,
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
            # backstage and support work may have neither a channel nor a performance
            if not unseen(point):
                checks.append(Check(at, "a channel", point.channel is not None))
            checks.append(Check(at, "an owner", point.owner is not None))
            if not unseen(point):
                checks.append(Check(at, "a performance rating", point.performance is not None))
            if point.moment_of_truth:
                checks.append(Check(at, "a target (moment of truth)", point.target is not None))
                checks.append(
                    Check(at, "at least one evidence entry (moment of truth)", bool(point.evidence))
                )
    return checks


def score_map(
    path: str,
    jmap: JourneyMap,
    persona: Persona | None,
    details: Mapping[int, Detail] | None = None,
    memo: Memo | None = None,
) -> MapScore:
    """Every figure of one map. `persona` is the resolved persona (inline or from its file);
    `details` its stages' detail maps (by stage index), for the roll-up; `memo` keeps each
    detail map's figures between the maps of one run."""
    scale = Scale(jmap)
    found = memo.scored(jmap, path) if memo is not None else None
    by_stage = found[0] if found else stage_points(jmap, path)
    points = [p for mine in by_stage for p in mine]
    own = found[1] if found else part(jmap, points)
    rollup, below = roll_up(jmap, own, details or {}, memo)
    stages = [
        _stage(scale, stage, mine, below.get(s))
        for s, (stage, mine) in enumerate(zip(jmap.stages, by_stage, strict=True))
    ]
    checks = completeness_checks(jmap, persona)
    held = sum(c.held for c in checks)
    ranked = hotspots(points)
    rated = [p for p in points if not p.backstage and p.performance is not None]
    backed = evidenced(jmap)
    gains = {p.id: p.weighted_gap or 0.0 for p in ranked}
    return MapScore(
        path=path,
        id=jmap.id or "",
        title=jmap.title,
        experience=experience(points),
        gap=gap(points),
        emotion=emotion_figures([s.emotion for s in stages]),
        completeness=100 * held / len(checks) if checks else None,
        checks=checks,
        ownership=100 * sum(p.owner is not None for p in points) / len(points) if points else None,
        moments_of_truth=sum(p.moment_of_truth for p in points),
        misaligned_stages=[s.id for s in stages if s.misaligned],
        hotspots=ranked,
        stages=stages,
        touchpoints=points,
        evidence=100 * sum(p.id in backed for p in rated) / len(rated) if rated else None,
        opportunities=score_opportunities(jmap.stages, scale.n, gains),
        journey=jmap.journey or jmap.id or path,
        state=jmap.state,
        persona=persona.name if persona is not None else "",
        tags=list(jmap.tags),
        based_on=jmap.based_on,
        scale=(jmap.scale.min, jmap.scale.max),
        rollup=rollup,
    )
