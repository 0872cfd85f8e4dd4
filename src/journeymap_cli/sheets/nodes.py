"""Setting values in a round-trip YAML node only where they change, so that an unchanged
value keeps its quoting, its comments and its place; new keys go where `jmap fmt` puts them."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap_cli.fmt.rewrite import tidy
from journeymap_cli.format.model import JourneyMap, Named, Persona, Stage, Touchpoint
from journeymap_cli.format.parts import Opportunity
from journeymap_cli.sheets.comments import add_entry_tail, add_tail, take_entry_tail
from journeymap_cli.sheets.keep import as_read, update_list

ORDER = {
    "map": list(JourneyMap.model_fields),
    "persona": list(Persona.model_fields),
    "stage": list(Stage.model_fields),
    "touchpoint": list(Touchpoint.model_fields),
    "named": list(Named.model_fields),
    "opportunity": list(Opportunity.model_fields),
}
# What a missing key means (the model's default): writing that value is the same as none.
DEFAULTS: dict[str, Any] = {
    "backstage": False, "moment_of_truth": False, "status": "idea", "state": "as-is",
    "layer": "frontstage",
}  # fmt: skip
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
    value = as_read(node.get(key), value)
    if _same(effective(node, key), value, key):
        return False
    if is_default(key, value):
        if key in node:
            delete(node, key)
            return True
        return False
    if isinstance(value, dict) and isinstance(node.get(key), CommentedMap):
        _update_mapping(node[key], value)  # entry by entry: the others keep their style
        return True
    current = node.get(key)
    block = isinstance(current, CommentedSeq) and current and not current.fa.flow_style()
    if block and isinstance(value, list) and all(isinstance(v, str) for v in value):
        update_list(current, value)  # item by item: kept items keep their comments
        return True
    shaped = _shaped(kind, key, value)
    if key in node:
        tail = take_entry_tail(node, key)  # the lines after an old list's last item
        node[key] = shaped
        add_entry_tail(node, key, tail)
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


def delete(node: CommentedMap, key: Any) -> None:
    """Remove `node[key]`; the comment lines after it stay, after the entry before it."""
    keys = list(node)
    tail = take_entry_tail(node, key)
    del node[key]
    index = keys.index(key)
    if index:
        add_entry_tail(node, keys[index - 1], tail)
    else:
        add_tail(node, tail)


def _update_mapping(node: CommentedMap, value: dict[str, Any]) -> None:
    """`node` made equal to `value`, touching only the entries that differ."""
    for key in [k for k in node if k not in value]:
        delete(node, key)
    for key, wanted in value.items():
        if key in node and _same(node[key], wanted, key):
            continue
        if isinstance(wanted, dict) and isinstance(node.get(key), CommentedMap):
            _update_mapping(node[key], wanted)
        else:
            node[key] = _commented(wanted)


def _same(current: Any, wanted: Any, key: str) -> bool:
    """The same value and the same types (1 is not 1.0 nor True), nested or not."""
    from journeymap_cli.fmt.rewrite import plain

    if is_default(key, current) and is_default(key, wanted):
        return True
    return bool(_typed(plain(current)) == _typed(plain(wanted)))


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _typed(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("list", tuple(_typed(v) for v in value))
    if hasattr(value, "isoformat"):  # ruamel reads 2026-03-14 as a date; jmap's reader as text
        return ("str", str(value.isoformat()))
    return (type(value).__name__, value)


def _shaped(kind: str, key: str, value: Any) -> Any:
    """A new list or mapping styled as `jmap fmt` would write it (short lists inline)."""
    if not isinstance(value, list | dict):
        return value
    holder = CommentedMap()
    holder[key] = _commented(value)
    tidy(holder, kind if kind in ("map", "stage") else "stage")
    return holder[key]


def _commented(value: Any) -> Any:
    """Nested dicts and lists as ruamel's nodes, so that fmt's styling reaches them."""
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        return CommentedMap((k, _commented(v)) for k, v in value.items())
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        return CommentedSeq(_commented(v) for v in value)
    return value


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
