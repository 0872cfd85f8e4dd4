"""Spreadsheet round-trip: one CSV row per touchpoint (`jmap export`), and back (`jmap import`).

Workshops happen in spreadsheets. List cells (pain points, evidence) join their items with
"; "; a ";" inside an item is written "\\;". A stage without touchpoints is one row with an
empty touchpoint.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from journeymap_cli.format.model import JourneyMap, Touchpoint

COLUMNS = (
    "stage",
    "stage_id",
    "touchpoint",
    "id",
    "channel",
    "owner",
    "backstage",
    "moment_of_truth",
    "performance",
    "target",
    "importance",
    "would_pay",
    "pain_points",
    "evidence",
    "notes",
)
REQUIRED = ("stage", "touchpoint")
RATINGS = ("performance", "target", "importance")
FLAGS = ("backstage", "moment_of_truth", "would_pay")
LISTS = ("pain_points", "evidence")
_TRUE = {"true", "yes", "y", "x", "1"}
_FALSE = {"false", "no", "n", "0"}


def _join(items: list[str]) -> str:
    return "; ".join(item.replace(";", "\\;") for item in items)


def _split(cell: str) -> list[str]:
    parts = re.split(r"(?<!\\);", cell)
    return [p.strip().replace("\\;", ";") for p in parts if p.strip()]


def _flag(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def export_csv(jmap: JourneyMap) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for stage in jmap.stages:
        points: list[Touchpoint | None] = list(stage.touchpoints) or [None]
        for p in points:
            if p is None:
                writer.writerow([stage.name, stage.id] + [""] * (len(COLUMNS) - 2))
                continue
            writer.writerow(
                [
                    stage.name,
                    stage.id,
                    p.name,
                    p.id,
                    p.channel or "",
                    p.owner or "",
                    _flag(p.backstage),
                    _flag(p.moment_of_truth),
                    "" if p.performance is None else p.performance,
                    "" if p.target is None else p.target,
                    "" if p.importance is None else p.importance,
                    _flag(p.would_pay),
                    _join(p.pain_points),
                    _join(p.evidence),
                    p.notes or "",
                ]
            )
    return out.getvalue()


@dataclass
class SheetProblem:
    row: int  # 1-based line of the CSV (the header is row 1)
    column: int  # 1-based
    message: str


@dataclass
class Imported:
    stages: list[dict[str, Any]] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)


def import_csv(text: str, scale: tuple[int, int] = (1, 5)) -> Imported:
    """Stages and touchpoints from a sheet, or the problems that stop the import."""
    result = Imported()
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower().replace(" ", "_") for h in next(reader)]
    except StopIteration:
        result.problems.append(SheetProblem(1, 1, "the sheet is empty"))
        return result
    except csv.Error as exc:
        result.problems.append(SheetProblem(1, 1, f"not CSV: {exc}"))
        return result
    from journeymap_cli.suggest import did_you_mean

    for i, name in enumerate(header, 1):
        if name not in COLUMNS:
            result.problems.append(
                SheetProblem(
                    1,
                    i,
                    f"unknown column {name!r}{did_you_mean(name, list(COLUMNS))}"
                    f" (columns: {', '.join(COLUMNS)})",
                )
            )
    for name in REQUIRED:
        if name not in header:
            result.problems.append(SheetProblem(1, 1, f"missing column {name!r}"))
    if result.problems:
        return result
    stages: dict[str, dict[str, Any]] = {}
    try:
        for row_number, row in enumerate(reader, 2):
            if not any(cell.strip() for cell in row):
                continue
            cells = {
                name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)
            }
            if _control_characters(result, cells, header, row_number):
                continue
            _row(result, stages, cells, header, row_number, scale)
    except csv.Error as exc:
        result.problems.append(SheetProblem(reader.line_num, 1, f"not CSV: {exc}"))
    result.stages = list(stages.values())
    result.problems.sort(key=lambda p: (p.row, p.column))
    return result


def _control_characters(
    result: Imported, cells: dict[str, str], header: list[str], row: int
) -> bool:
    """Cells holding a control character (the map would refuse it: JM003)."""
    from journeymap_cli.io.yamlstream import control_character

    found = False
    for column, (name, cell) in enumerate(cells.items(), 1):
        if control := control_character(cell):
            result.problems.append(SheetProblem(row, column, f"{name}: {control} is not allowed"))
            found = True
    return found


def _row(
    result: Imported,
    stages: dict[str, dict[str, Any]],
    cells: dict[str, str],
    header: list[str],
    row: int,
    scale: tuple[int, int],
) -> None:
    def problem(column: str, message: str) -> None:
        result.problems.append(SheetProblem(row, header.index(column) + 1, message))

    if not cells["stage"]:
        problem("stage", "no stage name")
        return
    key = cells.get("stage_id") or cells["stage"]
    stage = stages.setdefault(key, {"name": cells["stage"], "touchpoints": []})
    if cells.get("stage_id"):
        stage["id"] = cells["stage_id"]
    if not cells["touchpoint"]:
        return  # a stage without touchpoints
    point: dict[str, Any] = {"name": cells["touchpoint"]}
    for name in ("id", "channel", "owner", "notes"):
        if cells.get(name):
            point[name] = cells[name]
    for name in FLAGS:
        value = cells.get(name, "").lower()
        if value in _TRUE:
            point[name] = True
        elif value in _FALSE:
            if name == "would_pay":  # the other flags default to false: no need to write it
                point[name] = False
        elif value:
            problem(name, f"{name} {cells[name]!r} is not yes or no")
    for name in RATINGS:
        value = cells.get(name, "")
        if not value:
            continue
        if not re.fullmatch(r"[+-]?\d+", value):
            problem(name, f"{name} {value!r} is not a whole number")
        elif not scale[0] <= int(value) <= scale[1]:
            problem(name, f"{name} {value} is off the scale {scale[0]}-{scale[1]}")
        else:
            point[name] = int(value)
    for name in LISTS:
        items = _split(cells.get(name, ""))
        if items:
            point[name] = items
    stage["touchpoints"].append(point)
