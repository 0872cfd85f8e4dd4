"""Turn imported sheet rows into a map file that validates, in the canonical layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from journeymap_cli.integrity import check
from journeymap_cli.model import JourneyMap
from journeymap_cli.rewrite import canonical, dump
from journeymap_cli.sheet import SheetProblem, import_csv


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
    result.text = header + canonical(dump(data))
    result.stages = len(jmap.stages)
    result.touchpoints = sum(len(s.touchpoints) for s in jmap.stages)
    return result
