"""The Map sheet applied to a map: title, description, owner, tags, persona, scenario,
scale and the channel and team vocabularies, each changed only where the sheet differs."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from journeymap_cli.format.model import JourneyMap, Persona
from journeymap_cli.sheets.columns import Vocabulary
from journeymap_cli.sheets.comments import add_entry_tail, take_entry_tail
from journeymap_cli.sheets.keep import update_list
from journeymap_cli.sheets.nodes import delete, named_entries, put
from journeymap_cli.sheets.rows import Sheet, SheetProblem

TEXT_FIELDS = (
    "title", "id", "description", "owner", "tags", "scenario", "journey", "state", "based_on",
)  # fmt: skip
PERSONA_FIELDS = ("segment", "description", "quote", "goals", "frustrations", "traits")


def apply_map_fields(
    data: CommentedMap, model: JourneyMap | None, sheet: Sheet
) -> list[SheetProblem]:
    """`model` is the map before (None for a new map, where everything is new)."""
    problems: list[SheetProblem] = []
    values = sheet.map_values

    def problem(name: str, message: str) -> None:
        problems.append(SheetProblem(sheet.map_rows.get(name, 1), 2, message, "Map"))

    version = values.get("format")
    if version is not None and version != str(data.get("jmap", 1)):
        problem("format", f"format {version}: this map is format {data.get('jmap', 1)}")
    for name in TEXT_FIELDS:
        if name in values:
            if name == "title" and not values[name]:
                problem(name, "a map needs a title")
                continue
            loader_default = name in ("id", "journey") and model is not None
            if loader_default and getattr(model, name) == values[name]:
                continue  # the loader fills both in: the file's name by default
            put(data, "map", name, values[name])
    if "persona" in values:
        _persona(data, model, values, problem)
    if "scale" in values:
        low, high = values["scale"]
        current = data.get("scale") or {}
        if (current.get("min", 1), current.get("max", 5)) != (low, high):
            scale = CommentedMap(min=low, max=high)
            scale.fa.set_flow_style()
            _insert(data, "scale", scale)
    for kind, key in (("channel", "channels"), ("team", "teams")):
        rows = sheet.vocabularies.get(kind, [])
        before = Vocabulary(getattr(model, key) if model else None)
        shown = [(e.name, "" if e.plain else e.id, e.description or "") for e in before.entries]
        if rows != shown:
            current = data.get(key)
            names = [name for name, entry_id, description in rows if not entry_id + description]
            plain = isinstance(current, CommentedSeq) and all(isinstance(e, str) for e in current)
            if plain and len(names) == len(rows) and not current.fa.flow_style():
                update_list(current, names)  # name by name: each keeps its comment
            elif rows:
                _insert(data, key, named_entries(rows))
            elif key in data:
                delete(data, key)
    return problems


def _insert(data: CommentedMap, key: str, value: Any) -> None:
    """Replace `key` in place, or insert it where `jmap fmt` would put it."""
    from journeymap_cli.sheets.nodes import ORDER

    if key in data:
        tail = take_entry_tail(data, key)  # the lines after the old value (a heading) stay
        data[key] = value
        add_entry_tail(data, key, tail)
        return
    order = ORDER["map"]
    rank = order.index(key)
    position = next(
        (i for i, k in enumerate(data) if k in order and order.index(k) > rank), len(data)
    )
    data.insert(position, key, value)


def _persona(data: CommentedMap, model: JourneyMap | None, values: dict[str, Any],
             problem: Any) -> None:  # fmt: skip
    name = values["persona"]
    details = {k: values[f"persona.{k}"] for k in PERSONA_FIELDS if f"persona.{k}" in values}
    if not name:
        problem("persona", "a map needs a persona: a name, or a path to a *.persona.yaml file")
        return
    inline = isinstance(data.get("persona"), dict) or (
        model is None and not name.endswith((".persona.yaml", ".persona.yml"))
    )
    if not inline:
        if any(details.values()):
            problem("persona", "the persona is a file: edit its details there, not in the sheet")
        put(data, "map", "persona", name)
        return
    if model is not None and not isinstance(model.persona, Persona):
        problem("persona", "the map's persona is a file: give its path")
        return
    if not isinstance(data.get("persona"), CommentedMap):
        put(data, "map", "persona", {"name": name})
    node = data["persona"]
    put(node, "persona", "name", name)
    for key, value in details.items():
        put(node, "persona", key, value)
