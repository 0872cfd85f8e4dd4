"""Setting values in a round-trip YAML node only where they change, so that an unchanged
value keeps its quoting, its comments and its place; new keys go where `jmap fmt` puts them."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap_cli.fmt.rewrite import tidy
from journeymap_cli.format.model import JourneyMap, Named, Persona, Stage, Touchpoint

ORDER = {
    "map": list(JourneyMap.model_fields),
    "persona": list(Persona.model_fields),
    "stage": list(Stage.model_fields),
    "touchpoint": list(Touchpoint.model_fields),
    "named": list(Named.model_fields),
}
# What a missing key means (the model's default): writing that value is the same as none.
DEFAULTS: dict[str, Any] = {"backstage": False, "moment_of_truth": False}
EMPTY: tuple[Any, ...] = (None, [], {})


def effective(node: Any, key: str) -> Any:
    value = node.get(key, DEFAULTS.get(key))
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def is_default(key: str, value: Any) -> bool:
    return value in EMPTY or (key in DEFAULTS and value == DEFAULTS[key])


def put(node: CommentedMap, kind: str, key: str, value: Any) -> bool:
    """Make `node[key]` mean `value` (None, [] or {}: remove the key). True if it changed."""
    if _same(effective(node, key), value, key):
        return False
    if is_default(key, value):
        if key in node:
            del node[key]
            return True
        return False
    shaped = _shaped(kind, key, value)
    if key in node:
        node[key] = shaped
        return True
    order = ORDER[kind]
    rank = order.index(key) if key in order else len(order)
    position = len(node)
    for i, existing in enumerate(node):
        if existing in order and order.index(existing) > rank:
            position = i
            break
    node.insert(position, key, shaped)
    return True


def _same(current: Any, wanted: Any, key: str) -> bool:
    if is_default(key, current) and is_default(key, wanted):
        return True
    if isinstance(current, bool) or isinstance(wanted, bool):
        return type(current) is type(wanted) and current == wanted
    if isinstance(current, dict) and isinstance(wanted, dict):
        return current == wanted and all(type(current[k]) is type(wanted[k]) for k in current)
    return bool(current == wanted)


def _shaped(kind: str, key: str, value: Any) -> Any:
    """A new list or mapping styled as `jmap fmt` would write it (short lists inline)."""
    if not isinstance(value, list | dict):
        return value
    holder = CommentedMap()
    holder[key] = CommentedSeq(value) if isinstance(value, list) else CommentedMap(value)
    tidy(holder, kind if kind in ("map", "stage") else "stage")
    return holder[key]


def named_entries(entries: list[tuple[str, str, str]]) -> CommentedSeq:
    """Vocabulary rows (name, id, description) as a map writes them: a bare name, or
    {id, name, description} when the row gives an id or a description."""
    from journeymap_cli.format.model import slugify

    out: list[Any] = []
    for name, entry_id, description in entries:
        if not entry_id and not description:
            out.append(name)
            continue
        entry = CommentedMap()
        entry["id"] = entry_id or slugify(name)
        if name:
            entry["name"] = name
        if description:
            entry["description"] = description
        out.append(entry)
    holder = CommentedMap(channels=CommentedSeq(out))
    tidy(holder, "map")
    seq: CommentedSeq = holder["channels"]
    return seq
