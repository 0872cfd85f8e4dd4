"""The scorer's format 1.2 fields as the render reads them (shared brief: `TouchpointScore.
behind`, `StageScore.detail`, `MapScore.rollup`), stood in for in tests of the render.

The scoring of 1.2 is built beside the render; until both are merged, these tests give the
page a score that carries the agreed fields, with values set here by hand, so what the page
does with them is tested now. `REAL` says whether the installed scorer fills them itself
(the tests that run the real scorer through the CLI are skipped until it does).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest

from journeymap_cli.format.blueprint import Blueprint
from journeymap_cli.render import page
from journeymap_cli.score.figures import MapScore, StageScore, TouchpointScore

REAL = all(
    name in {f.name for f in dataclasses.fields(kind)}
    for kind, name in ((TouchpointScore, "behind"), (StageScore, "detail"), (MapScore, "rollup"))
)
needs_real_scorer = pytest.mark.skipif(
    not REAL, reason="the scorer's format 1.2 fields are not merged yet (shared brief)"
)


class With:
    """A score object with extra attributes (the real ones are frozen and slotted)."""

    def __init__(self, base: Any, **extra: Any) -> None:
        self._base = base
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)


def behind_of(loaded: Any, point_id: str) -> list[SimpleNamespace]:
    """What supports a touchpoint, directly or not, weakest first (None last), as
    scoring.md 1.2 defines `behind`."""
    jmap = loaded.jmap
    low, high = jmap.scale.min, jmap.scale.max
    found = [
        SimpleNamespace(
            id=p.id,
            name=p.name,
            layer=p.layer,
            performance=None
            if p.performance is None
            else 100 * (p.performance - low) / (high - low),
        )
        for p in Blueprint.of(jmap).behind(point_id)
    ]
    return sorted(found, key=lambda b: (b.performance is None, b.performance or 0.0))


Figures = Callable[[Any, MapScore], dict[str, Any]]


@contextmanager
def stand_in(figures: Figures | None = None) -> Iterator[None]:
    """Pages rendered inside get scores with `behind` on every hotspot and, from
    `figures(loaded, score)`, `rollup` and per stage index `details` (DetailFigures)."""
    if REAL:  # the scorer fills the fields itself: the page is tested with its figures
        yield
        return
    real = page.scored

    def scored(loaded: Any) -> Any:
        score = real(loaded)
        extra = figures(loaded, score) if figures else {}
        hot = {t.id for t in score.hotspots}
        points = {
            t.id: With(t, behind=behind_of(loaded, t.id) if t.id in hot else [])
            for t in score.touchpoints
        }
        details = extra.get("details", {})
        return With(
            score,
            touchpoints=list(points.values()),
            hotspots=[points[t.id] for t in score.hotspots],
            stages=[With(s, detail=details.get(i)) for i, s in enumerate(score.stages)],
            rollup=extra.get("rollup"),
        )

    page.scored = scored  # type: ignore[assignment]
    try:
        yield
    finally:
        page.scored = real  # type: ignore[assignment]


def detail_figures(experience: float, gap: float) -> SimpleNamespace:
    return SimpleNamespace(
        path="", experience=experience, gap=gap, emotion_low=25.0, emotion_end=50.0
    )


def rollup(experience: float, gap: float) -> SimpleNamespace:
    return SimpleNamespace(
        experience=experience, gap=gap, evidence=10.0, moments_of_truth=5, hotspots=[]
    )
