"""What a merge changes, in the words of `jmap diff` (touchpoints added, removed, moved,
fields changed `3 → (removed)`, opportunities and metrics), plus what `jmap diff` does not
show: scale, vocabularies, tags and a persona file's path."""

from __future__ import annotations

import dataclasses
from typing import Any

from journeymap_cli.diff.compare import Change, MapDiff
from journeymap_cli.diff.output import SAYS_REMOVED
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
    """A value cleared by a blank cell reads `3 → (removed)` (a detail says it itself)."""
    return [
        dataclasses.replace(c, new=REMOVED)
        if c.kind == "value" and c.new is None and c.field not in SAYS_REMOVED
        else c
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
    # opportunities and metrics (format 1.1) are compared by `jmap diff` itself
    for opportunity in d.parts.opportunities:
        opportunity.changes = _removed(opportunity.changes)
    for metric in d.parts.metrics:
        metric.changes = _removed(metric.changes)
    sections = [(t, items) for t, items in lines(d, []) if t != "Scores"]
    extra = _map_extras(before, after)
    if extra:
        sections.append(("Also", extra))
    return sections


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
    out += _reordered(before, after)
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


def _reordered(before: JourneyMap, after: JourneyMap) -> list[str]:
    """A stage whose touchpoints (those it keeps) come in another order: `jmap diff` does
    not compare the order, and a workshop sorts its rows."""
    from journeymap_cli.format.model import slugify

    def key(item: Any) -> str:
        return str(item.id or slugify(item.name))

    old = {key(s): [key(p) for p in s.touchpoints] for s in before.stages}
    out = []
    for stage in after.stages:
        kept = old.get(key(stage), [])
        now = [key(p) for p in stage.touchpoints if key(p) in kept]
        if now != [k for k in kept if k in now]:
            out.append(f"~ touchpoints reordered in {stage.name!r}")
    return out
