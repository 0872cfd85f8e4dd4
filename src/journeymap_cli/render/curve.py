"""Geometry of the emotion curve: points at column centres, an axis, labels clear of the line.

The chart is drawn in two layers so that it fills whatever width the grid gets: the line
lives in a nested SVG stretched over a nominal coordinate system (`COLUMN` units a stage,
stroke not scaled), and points and labels sit at percentages across with pixel offsets.
Labels are placed here, not in the browser, by testing candidate spots against the
sampled line and the labels already placed, at the narrowest width a column can get.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

COLUMN = 180  # px: the narrowest a stage column gets (style.css: --stage-min)
TOP = 46  # px above the highest rating: room for a two-line label
SWING = 150  # px from the lowest to the highest rating (render.md: at least 120)
BOTTOM = 50
HEIGHT = TOP + SWING + BOTTOM
CHAR = 7.0  # px: a generous average advance of the 12.5 px label font
LINE = 15  # px: one line of label text
GAP = 9  # px between a point and its label

Box = tuple[float, float, float, float]  # left, top, right, bottom


def y_of(value: float, low: int, high: int) -> float:
    return round(TOP + (1 - (value - low) / (high - low)) * SWING, 1)


Point = tuple[float, float]


def _control_points(points: list[Point]) -> list[tuple[Point, Point, Point, Point]]:
    """Catmull-Rom segments as cubic Bézier control points."""
    segments = []
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segments.append((p1, c1, c2, p2))
    return segments


def smooth(points: list[tuple[float, float]]) -> str:
    """A Catmull-Rom spline through the points, as SVG path data."""
    d = f"M {points[0][0]:g} {points[0][1]:g}"
    for _, c1, c2, p2 in _control_points(points):
        d += f" C {c1[0]:.1f} {c1[1]:.1f}, {c2[0]:.1f} {c2[1]:.1f}, {p2[0]:g} {p2[1]:g}"
    return d


def _sample(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = list(points[:1])
    for p1, c1, c2, p2 in _control_points(points):
        for k in range(1, 25):
            t = k / 24
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            out.append(
                (
                    a * p1[0] + b * c1[0] + c * c2[0] + d * p2[0],
                    a * p1[1] + b * c1[1] + c * c2[1] + d * p2[1],
                )
            )
    return out


def _hits(box: Box, samples: list[tuple[float, float]], boxes: list[Box]) -> bool:
    """Does the box touch the line or a label already placed? Samples are sorted by x and
    labels are placed left to right, so only a window of each needs a look (big maps)."""
    left, top, right, bottom = box
    pad = 3
    start = bisect_left(samples, (left - pad, -1e9))
    for x, y in samples[start:]:
        if x > right + pad:
            break
        if top - pad <= y <= bottom + pad:
            return True
    return any(
        left < b[2] + pad and b[0] < right + pad and top < b[3] + pad and b[1] < bottom + pad
        for b in boxes[-8:]
    )


def _place(
    x: float, y: float, width: float, lines: int, limit: float, samples: list[Any], boxes: list[Box]
) -> tuple[str, float, float, Box]:
    """(anchor, dx, first baseline offset, box) of the first free candidate spot."""
    height = lines * LINE
    candidates = []
    for side in ("above", "below"):
        top = y - GAP - height if side == "above" else y + GAP
        for anchor in ("middle", "start", "end"):
            dx = {"middle": 0.0, "start": GAP, "end": -GAP}[anchor]
            left = x + dx - {"middle": width / 2, "start": 0.0, "end": width}[anchor]
            candidates.append((anchor, dx, top, (left, top, left + width, top + height)))
    for far in (1, 2):  # further out when everything near is taken
        for anchor, dx, top, box in candidates:
            shift = (far - 1) * LINE * (-1 if top < y else 1)
            moved = (box[0], box[1] + shift, box[2], box[3] + shift)
            if moved[0] < 2 or moved[2] > limit - 2 or moved[1] < 0 or moved[3] > HEIGHT:
                continue
            if not _hits(moved, samples, boxes):
                return anchor, dx, round(top + shift - y + LINE - 4, 1), moved
    anchor, dx, top, box = candidates[0]
    return anchor, dx, round(top - y + LINE - 4, 1), box


def _runs(values: list[int | None], low: int, high: int) -> list[list[tuple[float, float]]]:
    """The points of the curve at the columns' centres, in runs broken where a stage has
    no emotion (a gap in the line, never a zero)."""
    runs: list[list[tuple[float, float]]] = []
    previous: int | None = None
    for i, value in enumerate(values):
        if value is None:
            continue
        point = (i * COLUMN + COLUMN / 2, y_of(value, low, high))
        if previous == i - 1 and runs:
            runs[-1].append(point)
        else:
            runs.append([point])
        previous = i
    return runs


def emotion_curve(
    values: list[int | None],
    stage_names: list[str],
    feelings: list[list[str]],
    low: int,
    high: int,
) -> dict[str, Any]:
    """One persona's curve; a stage without emotion breaks the line (never a zero)."""
    n = len(values)
    present = [(i, v) for i, v in enumerate(values) if v is not None]
    lowest = min((v for _, v in present), default=None)
    low_index = next((i for i, v in present if v == lowest), None)
    end_index = present[-1][0] if present else None
    runs = _runs(values, low, high)
    samples = sorted(s for run in runs for s in (_sample(run) if len(run) > 1 else run))
    boxes: list[Box] = []
    points = []
    for i, value in present:
        x, y = i * COLUMN + COLUMN / 2, y_of(value, low, high)
        words = ", ".join(feelings[i][:2])
        text = f"{value}" + (f" · {words}" if words else "")
        if len(text) > 26:
            text = text[:25].rstrip(" ,·") + "…"
        mark = (
            "lowest point, how it ends"
            if i == low_index and i == end_index
            else "lowest point"
            if i == low_index
            else "how it ends"
            if i == end_index
            else None
        )
        lines = [text] + ([mark] if mark else [])
        width = max(len(line) for line in lines) * CHAR
        anchor, dx, dy, box = _place(x, y, width, len(lines), n * COLUMN, samples, boxes)
        boxes.append(box)
        points.append(
            {
                "x": f"{100 * x / (n * COLUMN):.3f}%",
                "y": y,
                "value": value,
                "stage": stage_names[i],
                "label": text,
                "mark": mark,
                "anchor": anchor,
                "dx": dx,
                "dy": dy,
            }
        )
    said = [
        f"{stage_names[i]}: {'no emotion recorded' if v is None else f'{v}'}"
        for i, v in enumerate(values)
    ]
    summary = caption = ""
    if low_index is not None and end_index is not None:
        summary = (
            f" The lowest point is {stage_names[low_index]} ({lowest});"
            f" it ends at {values[end_index]} in {stage_names[end_index]}."
        )
        caption = (
            f"Lowest: {stage_names[low_index]} ({lowest} of {high}) · ends at"
            f" {values[end_index]} of {high} ({stage_names[end_index]})"
        )
    return {
        "height": HEIGHT,
        "viewbox": f"0 0 {n * COLUMN} {HEIGHT}",
        "neutral_y": y_of((low + high) / 2, low, high),
        "paths": [smooth(run) for run in runs if len(run) > 1],
        "points": points,
        "caption": caption or "No emotion recorded",
        "title": f"How the customer feels across {n} stage{'s' * (n != 1)}",
        "desc": f"Emotion on a scale from {low} (very negative) to {high} (very positive): "
        + "; ".join(said)
        + "."
        + summary,
    }


MAX_TICKS = 11  # a wider scale (say -1,000,000 to 1,000,000) gets five ticks, not millions


def axis(low: int, high: int) -> list[dict[str, Any]]:
    """The scale's values at their heights, the ends and the middle named in words."""
    middle = (low + high) / 2
    if high - low < MAX_TICKS:
        values: list[float] = list(range(high, low - 1, -1))
    else:
        values = [high - (high - low) * k / 4 for k in range(5)]
    ticks = []
    for value in values:
        words = (
            "very positive"
            if value == high
            else "very negative"
            if value == low
            else "neutral"
            if value == middle
            else None
        )
        shown = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
        ticks.append({"value": shown, "y": y_of(value, low, high), "words": words})
    return ticks


def overlay(
    curves: list[tuple[str, list[int | None]]], stage_names: list[str], low: int, high: int
) -> dict[str, Any]:
    """Several personas' curves over the same stages, one line style each."""
    n = len(stage_names)
    lines = []
    for k, (persona, values) in enumerate(curves):
        runs = _runs(values, low, high)
        lines.append(
            {
                "persona": persona,
                "style": k % 4,
                "paths": [smooth(run) for run in runs if len(run) > 1],
                "points": [
                    {"x": f"{100 * p[0] / (n * COLUMN):.3f}%", "y": p[1]}
                    for run in runs
                    for p in run
                ],
                "words": f"{persona}: "
                + ", ".join(
                    f"{stage_names[i]} {'–' if v is None else v}" for i, v in enumerate(values)
                ),
            }
        )
    return {
        "height": HEIGHT,
        "viewbox": f"0 0 {n * COLUMN} {HEIGHT}",
        "neutral_y": y_of((low + high) / 2, low, high),
        "stages": [
            {"name": name, "x": f"{100 * (i * COLUMN + COLUMN / 2) / (n * COLUMN):.3f}%"}
            for i, name in enumerate(stage_names)
        ],
        "lines": lines,
        "axis": axis(low, high),
        "desc": f"Emotion on a scale from {low} (very negative) to {high} (very positive). "
        + "; ".join(str(line["words"]) for line in lines)
        + ".",
    }
