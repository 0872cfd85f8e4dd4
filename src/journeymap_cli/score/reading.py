"""Scores as a client reads them: ratings on the map's own scale, and two groups of figures.

The figures are computed on 0-100 (scoring.md) so that maps compare; a client reads an
emotion of 25 as "a quarter", where the map said 2 on its 1-5 scale. Text, Markdown and
the rendered page show emotion and ratings as the map wrote them ("2 / 5"); the JSON
keeps the normalised figures and names the scale. The figures also answer two different
questions, kept apart and named in every output: how the customer's experience goes
(experience, gap to target, emotion, moments of truth) and how good the map is as a
piece of work (completeness, ownership, and evidence once scoring 1.1 computes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

from journeymap_cli.score.figures import MapScore, Portfolio, StageScore, TouchpointScore
from journeymap_cli.score.output import DASH, shown, sparkline

EXPERIENCE_TITLE = "The customer's experience"
QUALITY_TITLE = "The map's quality"
EXPERIENCE_HEAD = (
    "Map", "Experience", "Gap to target", "Emotion", "Lowest", "At the end", "Moments of truth",
)  # fmt: skip
# evidence joins the map's quality figures where the scoring model computes it (1.1)
_QUALITY = tuple(
    name
    for name in ("completeness", "ownership", "evidence")
    if name in {f.name for f in fields(MapScore)}
)
QUALITY_LABELS = {"completeness": "Completeness", "ownership": "Ownership", "evidence": "Evidence"}
QUALITY_HEAD = ("Map", *(QUALITY_LABELS[name] for name in _QUALITY))
EXPERIENCE_NOTE = (
    "Experience and gap to target run 0-100 (the gap: lower is better); emotion is on each"
    " map's own scale."
)
QUALITY_NOTE = (
    "Completeness: share of the map's checks that hold; ownership: share of touchpoints"
    " with an accountable team"
    + (
        "; evidence: share of rated touchpoints backed by evidence"
        if "evidence" in _QUALITY
        else ""
    )
    + "; each 0-100."
)


def rating(n: float | None, scale: tuple[int, int], *, of: bool = True) -> str:
    """A normalised figure back on the map's scale: 25 on 1-5 → '2 / 5' (or '2')."""
    if n is None:
        return DASH
    low, high = scale
    value = low + n * (high - low) / 100
    text = f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
    return f"{text} / {high}" if of else text


def experience_row(s: MapScore) -> list[str]:
    return [
        s.title,
        shown(s.experience),
        shown(s.gap),
        sparkline(s.emotion.curve),
        rating(s.emotion.low, s.scale),
        rating(s.emotion.end, s.scale),
        str(s.moments_of_truth),
    ]


def quality_row(s: MapScore) -> list[str]:
    return [s.title, *(shown(getattr(s, name)) for name in _QUALITY)]


ROLLUP_NOTE = (
    "↳ the map with the detail maps its stages open into (roll-up: a sub-journey counts each"
    " time it is lived); the portfolio counts each map once, by its own figures."
)


def rollup_label(s: MapScore) -> str:
    below = s.rollup.maps - 1 if s.rollup is not None else 0
    return f"↳ with its {below} detail map{'s' * (below != 1)}"


def experience_rows(scores: Sequence[MapScore]) -> list[list[str]]:
    """Each map's row, and under a map with detail maps its roll-up's (format 1.2)."""
    rows = []
    for s in scores:
        rows.append(experience_row(s))
        if (r := s.rollup) is not None:
            figures = [shown(r.experience), shown(r.gap), "", "", "", str(r.moments_of_truth)]
            rows.append([rollup_label(s), *figures])
    return rows


def quality_rows(scores: Sequence[MapScore]) -> list[list[str]]:
    """As experience_rows: of the quality figures, a roll-up has only evidence."""
    rows = []
    for s in scores:
        rows.append(quality_row(s))
        if (r := s.rollup) is not None:
            figures = {"evidence": shown(r.evidence)}
            rows.append([rollup_label(s), *(figures.get(name, "") for name in _QUALITY)])
    return rows


def behind_line(h: TouchpointScore, scale: tuple[int, int]) -> str:
    """What a hotspot rests on, weakest first: 'behind it: Stock system, 2 / 5; ...'."""
    parts = [
        f"{b.name}, {rating(b.performance, scale) if b.performance is not None else 'not rated'}"
        for b in h.behind
    ]
    return "behind it: " + "; ".join(parts)


def detail_line(stage: StageScore) -> str:
    """A stage's detail map by its own figures, emotion on the detail map's scale."""
    d = stage.detail
    if d is None:
        return ""
    return (
        f"{stage.name} opens into {d.path}: experience {shown(d.experience)}, gap"
        f" {shown(d.gap)}, lowest emotion {rating(d.emotion_low, d.scale)}, at the end"
        f" {rating(d.emotion_end, d.scale)}"
    )


def rollup_line(s: MapScore) -> str:
    r = s.rollup
    if r is None:
        return ""
    below = r.maps - 1
    return (
        f"With its {below} detail map{'s' * (below != 1)} ({r.touchpoints} frontstage"
        f" touchpoints as the customer lives them): experience {shown(r.experience)}, gap"
        f" {shown(r.gap)}, evidence {shown(r.evidence)}, {r.moments_of_truth} moment"
        f"{'s' * (r.moments_of_truth != 1)} of truth"
    )


def rolled_hotspot(h: TouchpointScore, s: MapScore) -> str:
    """A hotspot of a roll-up, naming the detail map it is in (not the map's own)."""
    where = f"{h.stage_name}, in {h.map}" if h.map and h.map != s.path else h.stage_name
    return f"{h.name} — {where}, {h.owner or 'no owner'}"


def _shared_scale(scores: Sequence[MapScore]) -> tuple[int, int] | None:
    scales = {s.scale for s in scores}
    return scales.pop() if len(scales) == 1 else None


def portfolio_label(p: Portfolio) -> str:
    return f"Portfolio ({p.maps} map{'s' * (p.maps != 1)})"


def portfolio_experience_row(p: Portfolio, scores: Sequence[MapScore]) -> list[str]:
    """Means over the maps; emotion on their scale when they share one, else 0-100."""
    m = p.means
    scale = _shared_scale(scores)

    def emotion(key: str) -> str:
        return rating(m[key], scale) if scale else f"{shown(m[key])} / 100"

    return [
        portfolio_label(p),
        shown(m["experience"]),
        shown(m["gap"]),
        "",
        emotion("emotion.low"),
        emotion("emotion.end"),
        shown(m["moments_of_truth"]),
    ]


def portfolio_quality_row(p: Portfolio) -> list[str]:
    return [portfolio_label(p), *(shown(p.means.get(name)) for name in _QUALITY)]


def misaligned(stage: StageScore, scale: tuple[int, int]) -> str:
    """A misaligned stage as a sentence a client understands: 'In Purchase, how well things
    go depends on the channel the customer uses: Showroom 3 / 5, WhatsApp 1 / 5 (average
    performance).' Best channel first."""
    ranked = sorted(stage.channels.items(), key=lambda item: -item[1])
    parts = [f"{channel} {rating(n, scale)}" for channel, n in ranked]
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 2 else ", ".join(parts)
    return (
        f"In {stage.name}, how well things go depends on the channel the customer uses:"
        f" {listed} (average performance)."
    )


def misaligned_notes(s: MapScore) -> list[str]:
    return [misaligned(stage, s.scale) for stage in s.stages if stage.misaligned]
