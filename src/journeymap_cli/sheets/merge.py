"""Turn imported sheet rows into a map file that validates: a new one in the canonical
layout, or merged into an existing one in that file's own layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from journeymap_cli.fmt.rewrite import UnsafeRewrite, canonical, dump
from journeymap_cli.format.integrity import check
from journeymap_cli.format.model import JourneyMap
from journeymap_cli.sheets.touchpoints import SheetProblem, import_csv


@dataclass
class BuiltMap:
    text: str = ""
    stages: int = 0
    touchpoints: int = 0
    problems: list[SheetProblem] = field(default_factory=list)


def build_map(sheet_text: str, title: str, persona: str, output: Path) -> BuiltMap:
    imported = import_csv(sheet_text)
    result = BuiltMap(problems=imported.problems)
    if result.problems:
        return result
    if not imported.stages:
        result.problems.append(SheetProblem(2, 1, "no rows: a map needs at least one stage"))
        return result
    persona_value: Any = (
        persona if persona.endswith((".persona.yaml", ".persona.yml")) else {"name": persona}
    )
    data: dict[str, Any] = {
        "jmap": 1,
        "title": title,
        "persona": persona_value,
        "stages": [
            {k: v for k, v in stage.items() if k != "touchpoints" or v} for stage in imported.stages
        ],
    }
    try:
        jmap = JourneyMap.model_validate(data)
    except ValidationError as exc:
        result.problems += [SheetProblem(1, 1, str(e["msg"])) for e in exc.errors()]
        return result
    result.problems += [SheetProblem(1, 1, p.message) for p in check(jmap)]
    if result.problems:
        return result
    header = (
        f"# Imported from a spreadsheet by jmap import; check it with: jmap lint {output.name}\n"
    )
    try:
        result.text = header + canonical(dump(data))
    except UnsafeRewrite as exc:  # a guard: cells and options were checked before
        result.problems.append(SheetProblem(1, 1, f"the map would not read back: {exc}"))
        return result
    result.stages = len(jmap.stages)
    result.touchpoints = sum(len(s.touchpoints) for s in jmap.stages)
    return result


# ---- merging a sheet into an existing map ------------------------------------------------

SHEET_FIELDS = (
    "channel", "owner", "backstage", "moment_of_truth", "performance", "target",
    "importance", "would_pay", "pain_points", "evidence", "notes",
)  # fmt: skip


def _slug_id(node: Any) -> str:
    from journeymap_cli.format.model import slugify

    return str(node.get("id") or slugify(str(node.get("name", ""))) or "unnamed")


def _update_point(target: Any, sheet_point: dict[str, Any]) -> bool:
    """The sheet is the truth for its columns; other keys (and comments) stay.
    True if anything changed."""
    from journeymap_cli.format.model import slugify

    changed = _set(target, "name", sheet_point["name"])
    wanted_id = sheet_point.get("id")
    if "id" in target or (wanted_id and wanted_id != slugify(sheet_point["name"])):
        changed |= _set(target, "id", wanted_id or slugify(sheet_point["name"]))
    for key in SHEET_FIELDS:
        if key in sheet_point:
            changed |= _set(target, key, sheet_point[key])
        elif key in target:
            del target[key]
            changed = True
    return changed


def _set(target: Any, key: str, value: Any) -> bool:
    """Assign only what changed: an unchanged value keeps its quoting and comments."""
    from ruamel.yaml.comments import CommentedSeq

    if key in target and target[key] == value:
        return False
    target[key] = CommentedSeq(value) if isinstance(value, list) else value
    return True


def merge_map(sheet_text: str, map_text: str) -> BuiltMap:
    """The map with its touchpoints taken from the sheet, matched by id.

    A stage in the sheet gets exactly the sheet's touchpoints (existing ones keep their
    other keys and comments, and may come from another stage); stages the sheet does not
    mention are left as they are; new stages are appended.
    """
    from ruamel.yaml.comments import CommentedMap

    from journeymap_cli.fmt.rewrite import UnsafeRewrite, guess_layout, load, reads_back, tidy
    from journeymap_cli.format.model import slugify

    imported = import_csv(sheet_text)
    result = BuiltMap(problems=imported.problems)
    if result.problems:
        return result
    try:
        data = load(map_text)
    except UnsafeRewrite as exc:
        result.problems.append(SheetProblem(1, 1, f"the map cannot be rewritten: {exc}"))
        return result
    stages = data["stages"]
    existing = {_slug_id(p): p for s in stages for p in s.get("touchpoints") or []}
    placed = {p.get("id") or slugify(p["name"]) for s in imported.stages for p in s["touchpoints"]}
    by_id = {_slug_id(s): s for s in stages}
    for sheet_stage in imported.stages:
        sid = sheet_stage.get("id") or slugify(sheet_stage["name"])
        stage = by_id.get(sid)
        if stage is None:
            stage = CommentedMap(name=sheet_stage["name"])
            if sheet_stage.get("id"):
                stage["id"] = sheet_stage["id"]
            stages.append(stage)
            by_id[sid] = stage
        _set(stage, "name", sheet_stage["name"])
        points = []
        for sheet_point in sheet_stage["touchpoints"]:
            pid = sheet_point.get("id") or slugify(sheet_point["name"])
            point = existing.get(pid, CommentedMap())
            if _update_point(point, sheet_point):
                tidy(point, "touchpoint")  # a new or changed touchpoint in fmt's layout
            points.append(point)
        _replace_items(stage, points)
    for stage in stages:  # touchpoints that moved into a stage of the sheet leave their old one
        if stage.get("touchpoints") and _slug_id(stage) not in {
            s.get("id") or slugify(s["name"]) for s in imported.stages
        }:
            _replace_items(stage, [p for p in stage["touchpoints"] if _slug_id(p) not in placed])
    text = dump(data, guess_layout(map_text))
    try:
        reads_back(text, data)
        JourneyMap.model_validate(_plain(text))
    except (UnsafeRewrite, ValidationError) as exc:
        result.problems.append(SheetProblem(1, 1, f"the merged map would not be valid: {exc}"))
        return result
    jmap = JourneyMap.model_validate(_plain(text))
    result.problems += [SheetProblem(1, 1, p.message) for p in check(jmap)]
    result.text = text
    result.stages = len(jmap.stages)
    result.touchpoints = sum(len(s.touchpoints) for s in jmap.stages)
    return result


def _replace_items(stage: Any, points: list[Any]) -> None:
    """Set a stage's touchpoints, reusing its list so that the comments on it survive."""
    from ruamel.yaml.comments import CommentedSeq

    current = stage.get("touchpoints")
    if isinstance(current, CommentedSeq):
        if len(current) == len(points) and all(
            a is b for a, b in zip(current, points, strict=True)
        ):
            return
        if points:
            current[:] = points
            return
    if points:
        stage["touchpoints"] = CommentedSeq(points)
    elif "touchpoints" in stage:
        del stage["touchpoints"]


def _plain(text: str) -> Any:
    from journeymap_cli.io.yamlstream import parse

    return parse(text).data
