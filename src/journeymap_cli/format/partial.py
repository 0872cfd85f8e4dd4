"""The well-formed parts of a map that failed the schema, for the whole-map and reference checks.

A map with a typo in one field used to get its off-scale ratings, duplicate ids, unknown
channels, missing persona file and broken references reported only once the typo was
fixed: those checks ran on the validated model alone. This builds a stand-in `JourneyMap`
(unvalidated, `model_construct`) from what is well-formed on its own: the scale when it
validates, the vocabularies when every entry does, from each stage and touchpoint the
names, ids, ratings, channel, owner, layer, `supports` and the metrics that validate,
each opportunity mapping's identity, ratings, owner and addresses, and the paths of the
persona, `based_on`, links, images and stages' `detail`. Every list keeps its indexes, so
each problem found points at its own line. What is malformed is left out (a stand-in
entry with no path, or a plain string for an opportunity): the schema errors already
name it.
"""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic import TypeAdapter, ValidationError

from journeymap_cli.format.base import Slug
from journeymap_cli.format.model import (
    JourneyMap,
    Layer,
    NamedEntry,
    Persona,
    Scale,
    Stage,
    Touchpoint,
    slugify,
)
from journeymap_cli.format.parts import Image, Link, MetricEntry, Opportunity

_STAGE_RATINGS = ("emotion", "effort")
_POINT_RATINGS = ("performance", "target", "importance")
_OPPORTUNITY_RATINGS = ("value", "effort")


def _rating(node: dict[str, Any], name: str, rated: bool) -> int | None:
    value = node.get(name)
    return value if rated and type(value) is int else None


def _text(node: dict[str, Any], name: str) -> str | None:
    value = node.get(name)
    return value if isinstance(value, str) else None


@cache  # building an adapter costs more than validating with it: one of each a process
def _adapter(kind: str) -> TypeAdapter[Any]:
    kinds: dict[str, Any] = {"metric": MetricEntry, "slug": Slug, "vocabulary": list[NamedEntry]}
    return TypeAdapter(kinds[kind])


def _valid(kind: str, value: Any) -> bool:
    try:
        _adapter(kind).validate_python(value)
    except ValidationError:
        return False
    return True


def _identity(node: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """name and id as the model would have them (id defaults to the slug of the name);
    id None where it cannot be told: an `id` the schema refuses, or no usable name."""
    name = _text(node, "name")
    if "id" in node and node["id"] is not None:
        given = node["id"]
        return {"name": name or "", "id": given if _valid("slug", given) else None}, {"id"}
    return {
        "name": name or "",
        "id": (slugify(name) or "unnamed") if name is not None else None,
    }, set()


def _metrics(node: dict[str, Any]) -> dict[str, Any]:
    """The metrics that validate one by one (keyed, so none needs an index kept)."""
    value = node.get("metrics")
    if not isinstance(value, dict):
        return {}
    found = {}
    for key, entry in value.items():
        if not isinstance(key, str):  # the schema refuses it: no location to trust
            continue
        try:
            found[key] = _adapter("metric").validate_python(entry)
        except ValidationError:
            continue
    return found


def _touchpoint(node: Any, rated: bool, addressable: bool) -> Touchpoint:
    fields: dict[str, Any] = {"name": "", "id": None, "metrics": {}, "supports": []}
    fields_set: set[str] = set()
    if isinstance(node, dict):
        identity, fields_set = _identity(node)
        fields |= identity | {name: _rating(node, name, rated) for name in _POINT_RATINGS}
        fields |= {"channel": _text(node, "channel"), "owner": _text(node, "owner")}
        fields["metrics"] = _metrics(node)
        fields |= _layer(node, fields_set)
        supports = node.get("supports")
        # judged, as addresses are, only when every id is known and every entry is an id
        if isinstance(supports, list) and all(isinstance(r, str) for r in supports):
            fields["supports"] = supports if addressable else []
    return Touchpoint.model_construct(_fields_set=fields_set, **fields)


def _layer(node: dict[str, Any], fields_set: set[str]) -> dict[str, Any]:
    """`layer` and `backstage` as the model settles them (`fields_set` gains those written
    well); layer None, so no link of it is judged, when the written one is refused."""
    backstage = node.get("backstage")
    fields: dict[str, Any] = {"backstage": backstage is True}
    if isinstance(backstage, bool):
        fields_set.add("backstage")
    if "layer" not in node:
        return fields | {"layer": "backstage" if backstage is True else "frontstage"}
    layer = node["layer"]
    if layer in get_args(Layer):
        fields_set.add("layer")
        return fields | {"layer": layer}
    return fields | {"layer": None}


def _opportunity(node: Any, rated: bool, addressable: bool) -> str | Opportunity:
    """An opportunity mapping's stand-in (id None when it cannot be told: not compared for
    duplicates); a plain string, which no check reads, for an entry with neither a name
    nor an id to call it by."""
    if not isinstance(node, dict):
        return node if isinstance(node, str) else ""
    identity, fields_set = _identity(node)
    identity["name"] = identity["name"] or identity["id"]
    if not identity["name"]:
        return ""
    addresses = node.get("addresses")
    # judged only when every touchpoint's id is known and every entry is an id
    whole = isinstance(addresses, list) and all(isinstance(a, str) for a in addresses)
    fields = identity | {name: _rating(node, name, rated) for name in _OPPORTUNITY_RATINGS}
    fields |= {
        "owner": _text(node, "owner"),
        "addresses": addresses if whole and addressable else [],
    }
    return Opportunity.model_construct(_fields_set=fields_set, **fields)


def _image(node: Any) -> Image:
    """An image whose path is a string, whatever else is wrong with it; else one without
    a path, which the reference checks skip."""
    path = node.get("path") if isinstance(node, dict) else None
    fields: dict[str, Any] = {"path": path if isinstance(path, str) else None}
    return Image.model_construct(**fields)


def _link(node: Any) -> Link:
    """A link whose map is a string, whatever else is wrong with it; else one without."""
    fields: dict[str, Any] = {"map": _text(node, "map") if isinstance(node, dict) else None}
    return Link.model_construct(**fields)


def _list(node: dict[str, Any], name: str) -> list[Any]:
    value = node.get(name)
    return value if isinstance(value, list) else []


def _stage(node: Any, rated: bool, addressable: bool) -> Stage:
    fields: dict[str, Any] = {"name": "", "id": None, "opportunities": [], "metrics": {}}
    fields |= {"touchpoints": [], "images": [], "detail": None}
    fields_set: set[str] = set()
    if isinstance(node, dict):
        identity, fields_set = _identity(node)
        fields |= identity | {name: _rating(node, name, rated) for name in _STAGE_RATINGS}
        fields["touchpoints"] = [
            _touchpoint(p, rated, addressable) for p in _list(node, "touchpoints")
        ]
        fields["detail"] = _text(node, "detail")
        fields["opportunities"] = [
            _opportunity(o, rated, addressable) for o in _list(node, "opportunities")
        ]
        fields["images"] = [_image(image) for image in _list(node, "images")]
        fields["metrics"] = _metrics(node)
    return Stage.model_construct(_fields_set=fields_set, **fields)


def _all_ids_known(stages: Any) -> bool:
    """Whether every touchpoint's id can be told: else an address may name a broken one."""
    if not isinstance(stages, list):
        return False
    for stage in stages:
        if not isinstance(stage, dict):
            return False
        points = stage.get("touchpoints", [])
        if not isinstance(points, list):
            return False
        for point in points:
            if not isinstance(point, dict) or _identity(point)[0]["id"] is None:
                return False
    return True


def _vocabulary(value: Any) -> list[Any] | None:
    """The declared entries when every one is well-formed; None (not checked) otherwise."""
    if value is None:
        return None
    try:
        entries: list[Any] = _adapter("vocabulary").validate_python(value)
        return entries
    except ValidationError:
        return None


def _persona(value: Any) -> str | Persona | None:
    """A path as it is; an inline persona with its image when the image is well-formed."""
    if isinstance(value, str) or not isinstance(value, dict):
        return value if isinstance(value, str) else None
    image = value.get("image")
    fields: dict[str, Any] = {"image": _image(image) if image is not None else None}
    return Persona.model_construct(**fields)


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
    addressable = _all_ids_known(stages)
    # only what the checks read; a dict so that no other field is asked for
    fields: dict[str, Any] = {
        "scale": scale,
        "channels": _vocabulary(data.get("channels")),
        "teams": _vocabulary(data.get("teams")),
        "stages": [_stage(s, rated, addressable) for s in stages]
        if isinstance(stages, list)
        else [],
        "persona": _persona(data.get("persona")),
        "based_on": _text(data, "based_on"),
        "links": [_link(link) for link in _list(data, "links")],
        "journey": None,
    }
    fields_set = set(fields) - {"journey"}
    if _valid("slug", data.get("journey")):  # compared with based_on's journey
        fields["journey"] = data["journey"]
        fields_set.add("journey")
    return JourneyMap.model_construct(_fields_set=fields_set, **fields)
