"""Geometry of the emotion curve: one point per stage column, smooth runs, gaps for no data."""

from __future__ import annotations

from typing import Any

COLUMN = 220  # px: the width of a stage column in the grid (the template sets it on <col>)
HEIGHT = 150
PAD = 34  # room above and below for labels


def _y(value: int, low: int, high: int) -> float:
    return round(PAD + (1 - (value - low) / (high - low)) * (HEIGHT - 2 * PAD), 1)


def _smooth(points: list[tuple[float, float]]) -> str:
    """A Catmull-Rom spline through the points, as cubic Bézier SVG path data."""
    x0, y0 = points[0]
    d = f"M {x0} {y0}"
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = (round(p1[0] + (p2[0] - p0[0]) / 6, 1), round(p1[1] + (p2[1] - p0[1]) / 6, 1))
        c2 = (round(p2[0] - (p3[0] - p1[0]) / 6, 1), round(p2[1] - (p3[1] - p1[1]) / 6, 1))
        d += f" C {c1[0]} {c1[1]}, {c2[0]} {c2[1]}, {p2[0]} {p2[1]}"
    return d


def emotion_curve(
    values: list[int | None],
    stage_names: list[str],
    feelings: list[str | None],
    low: int,
    high: int,
) -> dict[str, Any]:
    """Points at each column's centre; a stage without emotion breaks the line (no zero)."""
    present = [(i, v) for i, v in enumerate(values) if v is not None]
    lowest = min((v for _, v in present), default=None)
    low_index = next((i for i, v in present if v == lowest), None)
    end_index = present[-1][0] if present else None
    points = []
    for i, value in enumerate(values):
        if value is None:
            continue
        feeling = feelings[i]
        points.append(
            {
                "x": i * COLUMN + COLUMN // 2,
                "y": _y(value, low, high),
                "value": value,
                "stage": stage_names[i],
                "label": f"{value}" + (f" · {feeling}" if feeling else ""),
                "lowest": i == low_index,
                "end": i == end_index,
            }
        )
    runs: list[list[tuple[float, float]]] = []
    previous = None
    for i, value in enumerate(values):
        if value is None:
            previous = None
            continue
        point = (float(i * COLUMN + COLUMN // 2), _y(value, low, high))
        if previous is None:
            runs.append([point])
        else:
            runs[-1].append(point)
        previous = i
    words = [
        f"{stage_names[i]}: {'no emotion recorded' if v is None else f'{v} of {high}'}"
        for i, v in enumerate(values)
    ]
    return {
        "width": len(values) * COLUMN,
        "height": HEIGHT,
        "column": COLUMN,
        "neutral_y": round(PAD + (HEIGHT - 2 * PAD) / 2, 1),
        "paths": [_smooth(run) for run in runs if len(run) > 1],
        "points": points,
        "title": f"Emotion curve across {len(values)} stage{'s' * (len(values) != 1)}",
        "desc": f"On a scale of {low} (very negative) to {high} (very positive): "
        + "; ".join(words)
        + ".",
    }
