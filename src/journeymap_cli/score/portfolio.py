"""Figures of many maps (scoring.md, "Figures of many maps"): means, owners, filters."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap_cli.format.model import slugify as _slug
from journeymap_cli.score.figures import WEAK_BELOW, MapScore, OwnerLoad, Portfolio, mean

PORTFOLIO_FIGURES = (
    "experience",
    "gap",
    "emotion.low",
    "emotion.high",
    "emotion.end",
    "completeness",
    "ownership",
    "moments_of_truth",
    "evidence",
)


def owner_loads(scores: Sequence[MapScore]) -> list[OwnerLoad]:
    """Per owner across the maps, ranked by the weighted gaps they own (scoring.md 1.1).

    Every touchpoint counts (backstage too: the team is accountable for it); the weighted
    gap only adds frontstage ones, as hotspots do, since the customer sees no backstage
    gap. Owners are matched by slug, so 'Service' and 'service' are one owner (and '営業' and
    'マーケティング' two: a name with no slug matches only itself). Ties go to
    pain points, then weak touchpoints, most first; unowned work comes last.
    """
    loads: dict[str | None, OwnerLoad] = {}
    for score in scores:
        for p in score.touchpoints:
            key = (_slug(p.owner) or p.owner) if p.owner is not None else None
            load = loads.get(key) or OwnerLoad(p.owner, 0, 0, 0, [])
            weak = p.performance is not None and p.performance < WEAK_BELOW
            gain = p.weighted_gap or 0.0
            loads[key] = OwnerLoad(
                owner=load.owner,
                touchpoints=load.touchpoints + 1,
                weak_touchpoints=load.weak_touchpoints + weak,
                pain_points=load.pain_points + len(p.pain_points),
                maps=load.maps if score.id in load.maps else [*load.maps, score.id],
                weighted_gap=load.weighted_gap + (gain if not p.backstage and gain > 0 else 0.0),
            )
    return sorted(
        loads.values(),
        key=lambda o: (
            o.owner is None,
            -o.weighted_gap,
            -o.pain_points,
            -o.weak_touchpoints,
            o.owner or "",
        ),
    )


def portfolio(scores: Sequence[MapScore]) -> Portfolio:
    means: dict[str, float | None] = {}
    for name in PORTFOLIO_FIGURES:
        values = [v for s in scores if (v := s.figure(name)) is not None]
        means[name] = mean(values) if values else None
    return Portfolio(maps=len(scores), means=means, owners=owner_loads(scores))


def keep(score: MapScore, tags: Sequence[str], state: str | None) -> bool:
    """`--tag` (any of them, case and punctuation forgiven) and `--state` filters."""
    if state is not None and score.state != state:
        return False
    if not tags:
        return True
    mine = {_slug(t) for t in score.tags}
    return any(_slug(t) in mine for t in tags)


def unknown_tags(scores: Sequence[MapScore], tags: Sequence[str]) -> list[str]:
    """The `--tag` values no valid map has (a typo would otherwise score nothing, silently)."""
    known = {_slug(t) for s in scores for t in s.tags}
    return [t for t in tags if _slug(t) not in known]
