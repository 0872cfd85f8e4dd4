"""A map as an Excel workbook (openpyxl) built for a workshop: sheets Touchpoints, Stages,
Opportunities and Map, with drop-downs, frozen headers and header comments (reader.py reads
it back)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from journeymap_cli.format.blueprint import LAYERS
from journeymap_cli.format.model import JourneyMap, Persona
from journeymap_cli.sheets.columns import (
    FLAGS,
    MAP_COLUMNS,
    MAP_MEANING,
    MEANING,
    OPPORTUNITY_COLUMNS,
    RATINGS,
    STAGE_COLUMNS,
    STATUSES,
    TOUCHPOINT_COLUMNS,
    Vocabulary,
    join_items,
    metrics_text,
)
from journeymap_cli.sheets.csvfile import touchpoint_rows
from journeymap_cli.sheets.opportunities import opportunity_rows, text_items

SPARE_ROWS = 200  # rows below the data that keep the drop-downs, for rows added in the room
MAX_WIDTH = 60
LINE_HEIGHT = 15  # points: one line of the default 11-point font
MAX_LINES = 12  # a taller cell scrolls rather than fill the screen
TEXT = "@"  # the number format "Text"
NUMBERS = RATINGS  # the columns that hold numbers; every other one is text


def _map_rows(jmap: JourneyMap) -> list[list[str]]:
    rows = [["format", str(jmap.jmap)], ["title", jmap.title]]
    if jmap.id:
        rows.append(["id", jmap.id])
    rows += [["description", jmap.description or ""], ["owner", jmap.owner or ""]]
    rows.append(["tags", join_items(jmap.tags)])
    persona = jmap.persona
    if isinstance(persona, Persona):
        rows.append(["persona", persona.name])
        for name in ("segment", "description", "quote"):
            rows.append([f"persona.{name}", getattr(persona, name) or ""])
        for name in ("goals", "frustrations", "traits"):
            rows.append([f"persona.{name}", join_items(getattr(persona, name))])
    else:
        rows.append(["persona", persona])
    rows.append(["scenario", jmap.scenario or ""])
    rows += [["journey", jmap.journey or ""], ["state", jmap.state]]
    rows += [["based_on", jmap.based_on or ""], ["scale", f"{jmap.scale.min}-{jmap.scale.max}"]]
    for kind, entries in (("channel", jmap.channels), ("team", jmap.teams)):
        for entry in Vocabulary(entries).entries:
            if entry.plain:
                rows.append([kind, entry.name, "", ""])
            else:
                rows.append([kind, entry.name, entry.id, entry.description or ""])
    return rows


def _stage_rows(jmap: JourneyMap) -> Iterator[list[Any]]:
    for s in jmap.stages:
        yield [
            s.name,
            s.id or "",
            s.description or "",
            *(join_items(getattr(s, n)) for n in ("goals", "actions", "thoughts", "feelings")),
            "" if s.emotion is None else s.emotion,
            "" if s.effort is None else s.effort,
            *(join_items(getattr(s, n)) for n in ("barriers", "motivations", "questions")),
            join_items(s.physical_evidence),
            join_items(text_items(s)),
            metrics_text(s.metrics),
            s.detail or "",
        ]


def export_xlsx(jmap: JourneyMap) -> bytes:
    """The workbook's bytes (openpyxl writes them; nothing hand-made)."""
    from openpyxl import Workbook

    book = Workbook()
    points = book.active
    assert points is not None  # a new workbook has one sheet
    points.title = "Touchpoints"
    stages = book.create_sheet("Stages")
    mappings = list(opportunity_rows(jmap))
    opportunities = book.create_sheet("Opportunities") if mappings else None
    map_sheet = book.create_sheet("Map")
    map_rows = _map_rows(jmap)
    _fill(points, TOUCHPOINT_COLUMNS, list(touchpoint_rows(jmap, csv_lists=False)))
    _fill(stages, STAGE_COLUMNS, list(_stage_rows(jmap)))
    _fill(map_sheet, MAP_COLUMNS, map_rows, MAP_MEANING, numbers=())  # 1-5 is no date
    scale = (jmap.scale.min, jmap.scale.max)
    ranges = _vocabulary_ranges(map_rows)
    _validations(points, TOUCHPOINT_COLUMNS, scale, ranges)
    _validations(stages, STAGE_COLUMNS, scale, {})
    if opportunities is not None:
        _fill(opportunities, OPPORTUNITY_COLUMNS, mappings)
        _validations(opportunities, OPPORTUNITY_COLUMNS, scale, ranges)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(
    sheet: Any,
    columns: tuple[str, ...],
    rows: list[list[Any]],
    meaning: dict[str, str] = MEANING,
    numbers: tuple[str, ...] = NUMBERS,
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wrap = Alignment(wrap_text=True, vertical="top")
    widths = [len(c) + 2 for c in columns]
    for i, name in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=i, value=name)
        cell.font = Font(bold=True)
        comment = Comment(meaning.get(name, name), "jmap")
        comment.width, comment.height = 300, 80
        cell.comment = comment
    for r, row in enumerate(rows, 2):
        for i, value in enumerate(row, 1):
            if value == "":
                continue
            cell = sheet.cell(row=r, column=i, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula: "=HYPERLINK(...)" stays text
            if i - 1 < len(columns) and columns[i - 1] not in numbers:
                cell.number_format = TEXT
            cell.alignment = wrap
            longest = max(len(line) for line in str(value).split("\n"))
            widths[i - 1] = max(widths[i - 1], min(longest + 2, MAX_WIDTH))
    for i, width in enumerate(widths, 1):
        dimension = sheet.column_dimensions[get_column_letter(i)]
        dimension.width = width
        if columns[i - 1] not in numbers:
            # the Text format: what is typed stays as typed (007, 2026-03, 1/2, =x), where
            # a spreadsheet would make it a number, a date or a formula
            dimension.number_format = TEXT
    for r, row in enumerate(rows, 2):
        # spreadsheets do not grow a row for wrapped text on opening: give it its lines
        lines = max((_lines(str(v), widths[i]) for i, v in enumerate(row) if v != ""), default=1)
        if lines > 1:
            sheet.row_dimensions[r].height = LINE_HEIGHT * min(lines, MAX_LINES)
    sheet.freeze_panes = "A2"


def _lines(text: str, width: float) -> int:
    """How many lines a wrapped cell of `width` characters needs."""
    return sum(max(1, -(-len(line) // max(int(width) - 2, 1))) for line in text.split("\n"))


def _vocabulary_ranges(map_rows: list[list[str]]) -> dict[str, str]:
    """'channel' → "Map!$B$12:$B$18": where the drop-down takes its names from."""
    ranges = {}
    for kind, column in (("channel", "channel"), ("team", "owner")):
        found = [i for i, row in enumerate(map_rows, 2) if row[0] == kind]
        if found:
            ranges[column] = f"Map!$B${found[0]}:$B${found[-1]}"
    return ranges


def _validations(
    sheet: Any, columns: tuple[str, ...], scale: tuple[int, int], lists: dict[str, str]
) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = sheet.max_row + SPARE_ROWS
    for i, name in enumerate(columns, 1):
        cells = f"{get_column_letter(i)}2:{get_column_letter(i)}{last}"
        if name in RATINGS:
            rule = DataValidation(
                type="whole", operator="between", formula1=str(scale[0]), formula2=str(scale[1])
            )
            rule.promptTitle = name.replace("_", " ")
            rule.prompt = f"A whole number from {scale[0]} to {scale[1]}."
            rule.error = f"{name} is a whole number from {scale[0]} to {scale[1]}."
        elif name in FLAGS:
            rule = DataValidation(type="list", formula1='"yes,no"')
            rule.prompt, rule.error = "yes or no", f"{name} is yes or no."
        elif name == "status":
            rule = DataValidation(type="list", formula1=f'"{",".join(STATUSES)}"')
            rule.prompt, rule.error = ", ".join(STATUSES), f"status is one of {rule.prompt}."
        elif name == "layer":
            rule = DataValidation(type="list", formula1=f'"{",".join(LAYERS)}"')
            rule.promptTitle = "layer"
            rule.prompt = "frontstage (blank), backstage or support."
            rule.error = "layer is frontstage, backstage or support."
        elif name in lists:
            rule = DataValidation(type="list", formula1=lists[name])
            kind = "channels" if name == "channel" else "teams"
            rule.prompt = f"One of the map's {kind} (listed in the Map sheet)."
            rule.error = f"Pick one of the map's {kind}, or add it to the Map sheet first."
        else:
            continue
        rule.allow_blank = True
        rule.showInputMessage = rule.showErrorMessage = True
        rule.add(cells)
        sheet.add_data_validation(rule)
