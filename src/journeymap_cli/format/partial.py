"""The well-formed parts of a map that failed the schema, for the whole-map checks.

A map with a typo in one field used to get its off-scale ratings, duplicate ids and
unknown channels reported only once the typo was fixed: the integrity checks ran on the
validated model alone. This builds a stand-in `JourneyMap` (unvalidated, `model_construct`)
from what is well-formed on its own: the scale when it validates, the vocabularies when
every entry does, and from each stage and touchpoint the names, ids, ratings, channel and
owner that have the right type. Every list keeps its indexes, so each problem found points
at its own line. What is malformed is left out: the schema errors already name it.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from journeymap_cli.format.model import JourneyMap, NamedEntry, Scale, Stage, Touchpoint, slugify

_STAGE_RATINGS = ("emotion", "effort")
_POINT_RATINGS = ("performance", "target", "importance")


def _rating(node: dict[str, Any], name: str, rated: bool) -> int | None:
    value = node.get(name)
    return value if rated and type(value) is int else None


def _text(node: dict[str, Any], name: str) -> str | None:
    value = node.get(name)
    return value if isinstance(value, str) else None


def _identity(node: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """name and id as the model would have them (id defaults to the slug of the name)."""
    name = _text(node, "name")
    given = _text(node, "id")
    if given is not None:
        return {"name": name or "", "id": given}, {"id"}
    return {
        "name": name or "",
        "id": (slugify(name) or "unnamed") if name is not None else None,
    }, set()


def _touchpoint(node: Any, rated: bool) -> Touchpoint:
    fields: dict[str, Any] = {"name": "", "id": None, "metrics": {}}
    fields_set: set[str] = set()
    if isinstance(node, dict):
        identity, fields_set = _identity(node)
        fields |= identity | {name: _rating(node, name, rated) for name in _POINT_RATINGS}
        fields |= {"channel": _text(node, "channel"), "owner": _text(node, "owner")}
    return Touchpoint.model_construct(_fields_set=fields_set, **fields)


def _stage(node: Any, rated: bool) -> Stage:
    fields: dict[str, Any] = {"name": "", "id": None, "opportunities": [], "metrics": {}}
    fields["touchpoints"] = []
    fields_set: set[str] = set()
    if isinstance(node, dict):
        identity, fields_set = _identity(node)
        fields |= identity | {name: _rating(node, name, rated) for name in _STAGE_RATINGS}
        points = node.get("touchpoints")
        if isinstance(points, list):
            fields["touchpoints"] = [_touchpoint(point, rated) for point in points]
    return Stage.model_construct(_fields_set=fields_set, **fields)


def _vocabulary(value: Any) -> list[Any] | None:
    """The declared entries when every one is well-formed; None (not checked) otherwise."""
    if value is None:
        return None
    try:
        return TypeAdapter(list[NamedEntry]).validate_python(value)
    except ValidationError:
        return None


def well_formed(data: Any) -> JourneyMap | None:
    """A stand-in map of the well-formed parts of `data`; None when it is not a mapping."""
    if not isinstance(data, dict):
        return None
    try:
        scale = Scale.model_validate(data.get("scale", {}))
        rated = True
    except ValidationError:  # ratings cannot be judged against a broken scale
        scale, rated = Scale.model_construct(min=1, max=5), False
    stages = data.get("stages")
    # only what the integrity checks read; a dict so that no other field is asked for
    fields: dict[str, Any] = {
        "scale": scale,
        "channels": _vocabulary(data.get("channels")),
        "teams": _vocabulary(data.get("teams")),
        "stages": [_stage(stage, rated) for stage in stages] if isinstance(stages, list) else [],
    }
    return JourneyMap.model_construct(**fields)
