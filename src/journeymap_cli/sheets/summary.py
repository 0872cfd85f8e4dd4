"""What a merge changes, in the words of `jmap diff` (touchpoints added, removed, moved,
fields changed `3 → (removed)`), plus what `jmap diff` does not show: scale, vocabularies,
tags, metrics and a persona file's path."""

from __future__ import annotations

import dataclasses
from typing import Any

from journeymap_cli.diff.compare import Change, MapDiff
from journeymap_cli.format.model import JourneyMap, Persona

REMOVED = "(removed)"


def _persona(jmap: JourneyMap) -> Persona:
    # a persona file is the same on both sides of a merge: its path stands for it here
    return (
        jmap.persona
        if isinstance(jmap.persona, Persona)
        else Persona.model_validate({"name": jmap.persona})
    )


def _removed(changes: list[Change]) -> list[Change]:
    """A value cleared by a blank cell reads `3 → (removed)`."""
    return [
        dataclasses.replace(c, new=REMOVED) if c.kind == "value" and c.new is None else c
        for c in changes
    ]


def summary(before: JourneyMap, after: JourneyMap) -> list[tuple[str, list[str]]]:
    """(section, lines) of every change from `before` to `after`; empty when none."""
    from journeymap_cli.diff.compare import diff_maps
    from journeymap_cli.diff.output import lines
    from journeymap_cli.score.figures import score_map

    old = (before, _persona(before), score_map("", before, _persona(before)))
    new = (after, _persona(after), score_map("", after, _persona(after)))
    d: MapDiff = diff_maps("map", old, "sheet", new)
    d.map_changes = _removed(d.map_changes)
    d.persona = _removed(d.persona)
    for stage in d.stages:
        stage.changes = _removed(stage.changes)
    for point in d.touchpoints:
        point.changes = _removed(point.changes)
    sections = [(t, items) for t, items in lines(d, []) if t != "Scores"]
    extra = _metrics(before, after) + _map_extras(before, after)
    if extra:
        sections.append(("Also", extra))
    return sections


def _metrics(before: JourneyMap, after: JourneyMap) -> list[str]:
    """Metrics of stages and touchpoints, and opportunity mappings (format 1.1), which
    `jmap diff` does not compare."""
    old: dict[str | None, Any] = {s.id: s for s in before.stages}
    old |= {("point", p.id): p for s in before.stages for p in s.touchpoints}
    out = []
    for stage in after.stages:
        things: list[tuple[Any, Any, str]] = [(stage, stage.id, repr(stage.name))]
        things += [(p, ("point", p.id), f"{p.name!r} ({stage.name})") for p in stage.touchpoints]
        for thing, key, label in things:
            was = old.get(key)
            if was is not None and was.metrics != thing.metrics:
                parts = _compared(was.metrics, thing.metrics)
                out.append(f"~ {label}: metrics: {'; '.join(parts)}")
        was_stage = old.get(stage.id)
        if was_stage is not None:
            out += _opportunities(stage.name, was_stage.opportunities, stage.opportunities)
    return out


def _compared(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    parts = []
    for name in list(a) + [m for m in b if m not in a]:
        x: Any = a.get(name)
        y: Any = b.get(name)
        if hasattr(x, "model_dump") and hasattr(y, "model_dump"):  # two metric mappings
            x, y = x.model_dump(exclude_none=True), y.model_dump(exclude_none=True)
            parts += [f"{name} {part}" for part in _compared(x, y)]
        elif x != y or type(x) is not type(y):
            parts.append(f"{name} {_shown(x)} → {_shown(y, REMOVED)}")
    return parts


def _opportunities(stage: str, before: list[Any], after: list[Any]) -> list[str]:
    mappings = {o.id: o for o in before if not isinstance(o, str)}
    out = []
    for o in after:
        was = None if isinstance(o, str) else mappings.get(o.id)
        if was is not None and was != o:
            parts = _compared(was.model_dump(), o.model_dump())
            out.append(f"~ {stage!r}: opportunity {o.name!r}: {'; '.join(parts)}")
    return out


def _shown(value: Any, missing: str = "—") -> str:
    if hasattr(value, "model_dump"):
        value = value.model_dump(exclude_none=True)
    return missing if value is None or value == [] else str(value)


def _map_extras(before: JourneyMap, after: JourneyMap) -> list[str]:
    out = []
    if after.id is not None and before.id != after.id:  # None: the file's name, as before
        out.append(f"~ map id {_shown(before.id)} → {_shown(after.id, REMOVED)}")
    if (before.scale.min, before.scale.max) != (after.scale.min, after.scale.max):
        out.append(
            f"~ scale {before.scale.min}-{before.scale.max} → {after.scale.min}-{after.scale.max}"
        )
    if not isinstance(before.persona, Persona) and before.persona != after.persona:
        out.append(f"~ persona {before.persona!r} → {after.persona!r}")
    for name in ("tags", "channels", "teams"):
        a, b = _entries(getattr(before, name)), _entries(getattr(after, name))
        if a != b:
            parts = [f"+ {x!r}" for x in b if x not in a] + [f"− {x!r}" for x in a if x not in b]
            out.append(f"~ {name}: {', '.join(parts) or 'reordered'}")
    return out


def _entries(entries: Any) -> list[str]:
    from journeymap_cli.sheets.columns import Vocabulary

    if not entries or all(isinstance(e, str) for e in entries):
        return list(entries or [])
    return [
        f"{e.name} ({e.id})" + (f": {e.description}" if e.description else "")
        for e in Vocabulary(entries).entries
    ]
